"""What the peer groups show in the core: dashboard cells and the navigation entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from peergroups.selectors import contributors_by_delegation
from transitions.dashboard import Cell
from transitions.models import Role
from transitions.roles import roles_of


def peer_group_cells(cohort, delegations) -> dict[int, Cell]:
    """Per delegation: how many of its participants contributed in their peer group.

    Counts people, never content, so the dashboard reveals nothing of the safe space.
    """
    counts = contributors_by_delegation(cohort)
    url = reverse("peergroups:group-list")
    cells = {}
    for delegation in delegations:
        contributed, total = counts.get(delegation.pk, (0, 0))
        if total == 0:
            cells[delegation.pk] = Cell(label=_("aucun·e participant·e"), url=url)
            continue
        state = (
            "not_started" if contributed == 0 else "done" if contributed == total else "in_progress"
        )
        cells[delegation.pk] = Cell(
            label=_("%(done)s/%(total)s participant·es ont contribué")
            % {"done": contributed, "total": total},
            state=state,
            url=url,
        )
    return cells


def peer_groups_nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR, Role.PARTICIPANT))
