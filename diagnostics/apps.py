from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = _("Diagnostics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from diagnostics.models import Answer, Diagnostic, Evidence, TimelineEvent
        from transitions.personal_data import register_rows

        register_rows(Diagnostic, "submitted_by", "validated_by", note="workflow stays")
        register_rows(
            Answer,
            "respondent",
            "updated_by",
            note="answers stay under the respondent's actor category only",
        )
        register_rows(Evidence, "created_by", note="evidence stays, by the emptied account")
        register_rows(TimelineEvent, "created_by", note="the territory's story stays")
        # The core never imports feature apps: register with its registries instead.
        from diagnostics import demo, providers, reports
        from transitions.dashboard import register_stage_provider
        from transitions.demo import register_demo_loader
        from transitions.jobs import register_renderer
        from transitions.models import StageKind
        from transitions.navigation import NavEntry, register_nav

        register_renderer(
            reports.JOB_KIND,
            reports.render_report,
            view_perm="diagnostics.view_report",
            add_perm="diagnostics.add_report",
            obj_for=reports.report_object,
        )
        register_stage_provider(StageKind.DIAGNOSTIC, providers.diagnostic_cells)
        from transitions.home import register_home_provider

        register_home_provider(providers.home_actions)
        from territories.hooks import register_delegation_links

        register_delegation_links(providers.delegation_links)
        register_demo_loader(demo.load_demo_diagnostics)
        register_nav(
            NavEntry(
                label=_("Diagnostics"),
                url_name="diagnostics:diagnostic-list",
                visible=providers.nav_visible,
                order=30,
            )
        )
