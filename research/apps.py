from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Recherche")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from research.models import Code, Coding, Correction, ExportLog, Memo, Observation, Protocol
        from transitions.personal_data import register_rows

        # A researcher's work stays with the research; consent ends with the memberships,
        # so an erased member's texts leave every later export.
        for model, field in (
            (Protocol, "updated_by"),
            (Observation, "author"),
            (Code, "created_by"),
            (Coding, "created_by"),
            (Memo, "author"),
            (ExportLog, "user"),
            (Correction, "created_by"),
        ):
            register_rows(model, field, note="research work stays, by the emptied account")
        from research import demo, exports, providers, receivers
        from transitions.demo import register_demo_loader
        from transitions.jobs import register_renderer
        from transitions.navigation import NavEntry, register_nav

        for kind in exports.JOB_KINDS:
            register_renderer(
                kind,
                exports.render_job,
                view_perm="research.export_corpus",
                add_perm="research.export_corpus",
                obj_for=exports.job_object,
                soft_time_limit=settings.RESEARCH_EXPORT_SOFT_TIME_LIMIT,
                time_limit=settings.RESEARCH_EXPORT_TIME_LIMIT,
            )
        register_nav(
            NavEntry(
                label=_("Recherche"),
                url_name="research:space-list",
                visible=providers.nav_visible,
                order=70,
            )
        )
        register_demo_loader(demo.load_research_demo)
        from transitions.home import register_home_provider

        register_home_provider(providers.home_actions)
        # Detection at save for the feature texts research reads (feature apps never
        # import research: research listens to their models).
        receivers.connect()
