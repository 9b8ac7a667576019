from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoryConfig(AppConfig):
    name = "trajectory"
    verbose_name = _("Trajectoire")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trajectory.models import Engagement, Link, StoryEntry
        from transitions.personal_data import register_rows

        register_rows(Link, "created_by", note="the trajectory's links stay")
        register_rows(StoryEntry, "created_by", note="the territory's story stays")
        register_rows(
            Engagement,
            "carrier",
            "created_by",
            note="what was carried stays under its actor category",
        )
        # Plug into the registries of the apps below (nothing below imports this app).
        from territories.hooks import register_pilot_source
        from trajectory import demo, providers, reports
        from transitions.demo import register_demo_loader
        from transitions.jobs import register_renderer
        from transitions.navigation import NavEntry, register_nav

        register_renderer(
            reports.DELEGATION_KIND,
            reports.render_delegation,
            view_perm="trajectory.view_trajectory",
            add_perm="trajectory.view_trajectory",
            obj_for=reports.delegation_object,
        )
        register_renderer(
            reports.COHORT_KIND,
            reports.render_cohort,
            view_perm="trajectory.view_cohort_achievements",
            add_perm="trajectory.view_cohort_achievements",
            obj_for=reports.cohort_object,
        )
        register_pilot_source(providers.pilot_trajectory_source)
        from transitions.object_actions import register_object_action

        register_object_action(providers.link_actions)
        register_demo_loader(demo.load_trajectory_demo)
        register_nav(
            NavEntry(
                label=_("Trajectoires"),
                url_name="trajectory:delegation-list",
                visible=providers.nav_visible,
                order=65,
            )
        )
