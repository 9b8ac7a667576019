from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeergroupsConfig(AppConfig):
    name = "peergroups"
    verbose_name = _("Groupes de pairs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peergroups.models import Contribution
        from transitions.personal_data import register_rows

        register_rows(
            Contribution,
            "author",
            note="the group's work stays, as « ancien·ne participant·e » of its category",
        )
        from peergroups.demo import load_peer_demo
        from peergroups.providers import peer_group_cells, peer_groups_nav_visible
        from peergroups.services import peer_groups_ensure
        from transitions.dashboard import register_stage_provider
        from transitions.demo import register_demo_loader
        from transitions.hooks import register_stage_opened
        from transitions.models import StageKind
        from transitions.navigation import NavEntry, register_nav

        register_stage_provider(StageKind.PEER_GROUPS, peer_group_cells)
        from peergroups.providers import home_actions
        from transitions.home import register_home_provider

        register_home_provider(home_actions)
        # The groups exist as soon as the stage opens (and are also ensured lazily).
        register_stage_opened(
            StageKind.PEER_GROUPS, lambda stage: peer_groups_ensure(cohort=stage.cohort)
        )
        register_nav(
            NavEntry(
                label=_("Groupes de pairs"),
                url_name="peergroups:group-list",
                visible=peer_groups_nav_visible,
                order=40,
            )
        )
        register_demo_loader(load_peer_demo)
