from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgoraConfig(AppConfig):
    name = "agora"
    verbose_name = _("Agora et forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from agora.models import CafeTable, Card, Forum
        from transitions.personal_data import register_rows

        register_rows(Forum, "facilitator", note="the forum stays")
        register_rows(CafeTable, "rapporteur", note="the table stays")
        register_rows(Card, "written_by", note="cards name nobody; they stay")
        from agora.demo import load_agora_demo, load_finished_agora_demo, load_forums_demo
        from agora.providers import (
            agora_cells,
            agora_nav_visible,
            forum_cells,
            forum_nav_visible,
            opportunity_sources,
        )
        from agora.reports import JOB_KIND, render_agora_summary, summary_object
        from agora.reports import forums as forum_reports
        from agora.services import agora_ensure
        from territories.hooks import register_pilot_source
        from transitions.dashboard import register_stage_provider
        from transitions.demo import register_demo_loader
        from transitions.hooks import register_stage_opened
        from transitions.jobs import register_renderer
        from transitions.models import StageKind
        from transitions.navigation import NavEntry, register_nav

        register_stage_provider(StageKind.AGORA, agora_cells)
        register_stage_provider(StageKind.FORUMS, forum_cells)
        from agora.providers import home_actions
        from transitions.home import register_home_provider

        register_home_provider(home_actions)
        from agora.providers import delegation_links
        from territories.hooks import register_delegation_links

        register_delegation_links(delegation_links)
        register_pilot_source(opportunity_sources)
        register_renderer(
            forum_reports.JOB_KIND,
            forum_reports.render_forum_summary,
            view_perm="agora.view_forum_summary",
            add_perm="agora.add_forum_summary",
            obj_for=forum_reports.summary_object,
        )
        register_nav(
            NavEntry(
                label=_("Forums"),
                url_name="agora:forum-list",
                visible=forum_nav_visible,
                order=55,
            )
        )
        register_renderer(
            JOB_KIND,
            render_agora_summary,
            view_perm="agora.view_summary",
            add_perm="agora.add_summary",
            obj_for=summary_object,
        )
        register_nav(
            NavEntry(
                label=_("Agora"), url_name="agora:agora-list", visible=agora_nav_visible, order=50
            )
        )
        register_demo_loader(load_agora_demo)
        register_demo_loader(load_finished_agora_demo)
        register_demo_loader(load_forums_demo)
        register_stage_opened(StageKind.AGORA, lambda stage: agora_ensure(cohort=stage.cohort))
