from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgoraConfig(AppConfig):
    name = "agora"
    verbose_name = _("Agora et forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from agora.demo import load_agora_demo
        from agora.providers import agora_cells, agora_nav_visible
        from agora.reports import JOB_KIND, render_agora_summary
        from agora.services import agora_ensure
        from transitions.dashboard import register_stage_provider
        from transitions.demo import register_demo_loader
        from transitions.hooks import register_stage_opened
        from transitions.jobs import register_renderer
        from transitions.models import StageKind
        from transitions.navigation import NavEntry, register_nav

        register_stage_provider(StageKind.AGORA, agora_cells)
        # The agora row exists once its stage opens, so no page creates it on GET.
        register_stage_opened(StageKind.AGORA, lambda stage: agora_ensure(cohort=stage.cohort))
        register_renderer(JOB_KIND, render_agora_summary)
        register_nav(
            NavEntry(
                label=_("Agora"), url_name="agora:agora-list", visible=agora_nav_visible, order=50
            )
        )
        register_demo_loader(load_agora_demo)
