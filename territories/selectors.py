"""Reads of territories, already scoped to the user.

Territories are administrative facts (name, INSEE/SIREN code, population…), so every
facilitator may browse the directory to enrol one in their cohort. Everyone else sees
only the territories of their own delegations (agents and participants) or of the
cohorts they observe (researchers): an agent of territory A never sees territory B.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from territories.models import Delegation, PilotProject, PilotProjectStatus, Territory
from transitions.dashboard import Cell
from transitions.models import Role
from transitions.roles import roles_of
from transitions.selectors import cohorts_facilitated_by


def territories_for(user) -> QuerySet[Territory]:
    if not user.is_authenticated:
        return Territory.objects.none()
    roles = roles_of(user)
    if user.is_staff or roles.facilitates_anywhere:
        return Territory.objects.all()
    return Territory.objects.filter(
        Q(delegations__in=roles.delegation_ids())
        | Q(delegations__cohort__in=roles.cohort_ids(Role.RESEARCHER))
    ).distinct()


def delegations_of_territory_for(user, territory: Territory) -> QuerySet[Delegation]:
    """The territory's delegations in cohorts the user manages or belongs to."""
    qs = territory.delegations.select_related("cohort").order_by("-cohort__year")
    if user.is_staff:
        return qs
    roles = roles_of(user)
    return qs.filter(
        Q(cohort__in=roles.cohort_ids(Role.FACILITATOR, Role.RESEARCHER))
        | Q(pk__in=roles.delegation_ids())
    ).distinct()


def can_edit_territory(user, territory: Territory) -> bool:
    """Staff, a facilitator of a cohort the territory is in, or any facilitator while the
    territory belongs to no cohort yet (they just created it)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    roles = roles_of(user)
    cohort_ids = set(territory.delegations.values_list("cohort_id", flat=True))
    if not cohort_ids:
        return roles.facilitates_anywhere
    return bool(cohort_ids & roles.cohort_ids(Role.FACILITATOR))


def territories_addable_to(user, cohort) -> QuerySet[Territory]:
    """Territories a facilitator may enrol: new ones (in no cohort yet) and those of
    cohorts they facilitate. Enrolling opens a territory's ESS map and diagnostic history
    to the cohort's facilitators, so another cohort's territory is not theirs to take;
    staff can enrol any territory."""
    qs = territories_for(user).exclude(delegations__cohort=cohort)
    if not user.is_staff:
        qs = qs.filter(
            Q(delegations__isnull=True) | Q(delegations__cohort__in=cohorts_facilitated_by(user))
        )
    return qs.distinct().order_by("name")


# --- Dashboard cell for the pilot-projects stage -----------------------------------------

PILOT_STATE = {
    PilotProjectStatus.IDEA: "in_progress",
    PilotProjectStatus.POSITIONED: "done",
    PilotProjectStatus.UNDERWAY: "done",
    PilotProjectStatus.DONE: "done",
}
PILOT_RANK = [
    PilotProjectStatus.IDEA,
    PilotProjectStatus.POSITIONED,
    PilotProjectStatus.UNDERWAY,
    PilotProjectStatus.DONE,
]


def pilot_project_cells(cohort, delegations) -> dict[int, Cell]:
    """Most advanced pilot project of each delegation, in one query."""
    best: dict[int, str] = {}
    counts: dict[int, int] = {}
    for delegation_id, status in PilotProject.objects.filter(
        delegation__in=[d.pk for d in delegations]
    ).values_list("delegation_id", "status"):
        counts[delegation_id] = counts.get(delegation_id, 0) + 1
        if delegation_id not in best or PILOT_RANK.index(status) > PILOT_RANK.index(
            best[delegation_id]
        ):
            best[delegation_id] = status
    cells = {}
    for delegation_id, status in best.items():
        label = PilotProjectStatus(status).label
        if counts[delegation_id] > 1:
            label = f"{label} (+{counts[delegation_id] - 1})"
        cells[delegation_id] = Cell(label=label, state=PILOT_STATE[status])
    return cells
