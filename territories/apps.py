from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = _("Territoires")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from territories.models import Relationship
        from transitions.personal_data import register_rows

        register_rows(
            Relationship, "recorded_by", note="the ESS map stays, recorded by the emptied account"
        )
        from territories.demo import load_territories_demo
        from territories.selectors import pilot_project_cells
        from transitions.dashboard import register_stage_provider
        from transitions.demo import register_demo_loader
        from transitions.models import StageKind
        from transitions.navigation import NavEntry, register_nav
        from transitions.rules import is_facilitator_anywhere

        register_stage_provider(StageKind.PILOT_PROJECTS, pilot_project_cells)
        register_demo_loader(load_territories_demo)
        register_nav(
            NavEntry(
                _("Territoires"),
                "territories:territory-list",
                # The directory is a facilitator's tool; members reach their own
                # territory from their cohort's page.
                lambda user: user.is_staff or is_facilitator_anywhere(user),
                order=20,
            )
        )
