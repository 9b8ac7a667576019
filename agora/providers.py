"""What the agora shows in the core and in territories: dashboard cells, the navigation
entry, and the opportunity a pilot project came from."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.models import Forum, ForumStatus, Opportunity, Statement
from agora.selectors import forums_for
from territories.hooks import SourceLink
from transitions.dashboard import Cell
from transitions.models import ActorCategory, Role
from transitions.roles import roles_of


def agora_cells(cohort, delegations) -> dict[int, Cell]:
    """The agora is one plenary for the whole cohort: every delegation shows its progress.

    Done when every statement has the positions of all four categories.
    """
    stats = Statement.objects.filter(agora__cohort=cohort).aggregate(
        statements=Count("pk", distinct=True), positions=Count("positions")
    )
    statements, positions = stats["statements"], stats["positions"]
    expected = statements * len(ActorCategory.values)
    if statements == 0:
        cell = Cell(label=_("aucun énoncé"))
    else:
        cell = Cell(
            label=ngettext(
                "%(statements)s énoncé, %(positions)s/%(expected)s positions",
                "%(statements)s énoncés, %(positions)s/%(expected)s positions",
                statements,
            )
            % {"statements": statements, "positions": positions, "expected": expected},
            state="done" if positions >= expected else "in_progress",
            url=reverse("agora:agora-detail", args=[cohort.pk]),
        )
    return {d.pk: cell for d in delegations}


def agora_nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.seats)


FORUM_STATE = {
    ForumStatus.PREPARING: "in_progress",
    ForumStatus.HELD: "done",
    ForumStatus.NOT_HELD: "done",
}


def forum_cells(cohort, delegations) -> dict[int, Cell]:
    """Each delegation's forum: its state, how many cards its café produced; one query."""
    rows = (
        Forum.objects.filter(delegation__in=[d.pk for d in delegations])
        .annotate(cards=Count("tables__cards"))
        .values_list("pk", "delegation_id", "status", "cards")
    )
    cells = {}
    for pk, delegation_id, status, cards in rows:
        label = str(ForumStatus(status).label)
        if cards:
            label = ngettext(
                "%(status)s · %(cards)s carton", "%(status)s · %(cards)s cartons", cards
            ) % {"status": label, "cards": cards}
        cells[delegation_id] = Cell(
            label=label,
            state=FORUM_STATE[status],
            url=reverse("agora:forum-detail", args=[pk]),
        )
    return cells


def forum_nav_visible(user) -> bool:
    roles = roles_of(user)
    return (
        roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR)) or bool(roles.delegation_ids())
    )


def opportunity_sources(user, project) -> list[SourceLink]:
    """The forum's cooperation opportunity a pilot project was positioned from, when the
    user may see that forum (territories.hooks; one query)."""
    opportunities = Opportunity.objects.filter(
        pilot_project_id=project.pk, forum__in=forums_for(user)
    ).only("pk", "title", "forum_id")
    return [
        SourceLink(
            label=_("Issu de l'opportunité de coopération du forum"),
            title=o.title,
            url=reverse("agora:forum-harvest", args=[o.forum_id]) + f"#opportunity-{o.pk}",
        )
        for o in opportunities
    ]
