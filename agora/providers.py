"""What the agora shows in the core: dashboard cells and the navigation entry."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from agora.models import Statement
from transitions.dashboard import Cell
from transitions.models import ActorCategory
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
            label=_("%(statements)s énoncé(s), %(positions)s/%(expected)s positions")
            % {"statements": statements, "positions": positions, "expected": expected},
            state="done" if positions >= expected else "in_progress",
            url=reverse("agora:agora-detail", args=[cohort.pk]),
        )
    return {d.pk: cell for d in delegations}


def agora_nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.seats)
