from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = _("Étapes du parcours")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The core never imports feature apps: register with its registries instead.
        from parcours import demo, providers
        from transitions.dashboard import register_stage_provider
        from transitions.demo import register_demo_loader
        from transitions.models import StageKind
        from transitions.navigation import register_stage_page

        register_stage_provider(StageKind.ENTRY, providers.entry_cells)
        register_stage_provider(StageKind.INSPIRATION, providers.visit_cells)
        register_stage_page(StageKind.ENTRY, "parcours:entry-list")
        register_stage_page(StageKind.STEPPING_BACK, "parcours:stepping-back")
        register_stage_page(StageKind.INSPIRATION, "parcours:inspiration")
        register_demo_loader(demo.load_demo_parcours)

        from parcours.models import EntryRecord, InputNote, SubgroupNote, TopicNote, VisitReport
        from transitions.personal_data import register_rows

        # The stage outputs are the delegation's and the cohort's work: they stay, written
        # by the emptied account ("ancien·ne participant·e").
        register_rows(EntryRecord, "updated_by", note="the entry record stays")
        for model in (InputNote, VisitReport, SubgroupNote):
            register_rows(model, "author", note="the note stays, by the emptied account")
        register_rows(TopicNote, "contributors", note="the topic note stays")
        register_rows(
            TopicNote.contributors.through, "user", note="the topic note keeps its contributors"
        )
