"""Reads of the parcours' stage outputs, already scoped to the user."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from parcours.models import (
    EntryRecord,
    InputNote,
    SubgroupNote,
    Topic,
    TopicNote,
    VisitReport,
)
from territories.models import Delegation
from transitions.models import Role
from transitions.roles import roles_of


def _follows(user, cohort) -> bool:
    return user.is_staff or Role.FACILITATOR in roles_of(user).in_cohort(cohort.pk)


def territory_delegations_for(user, cohort) -> QuerySet[Delegation]:
    """Delegations whose territory records (entry, visit reports) the user may see: all
    for the cohort's facilitators and staff, their own for agents and participants, none
    for researchers (as a diagnostic)."""
    qs = Delegation.objects.filter(cohort=cohort).select_related("territory")
    if _follows(user, cohort):
        return qs.order_by("territory__name")
    return qs.filter(pk__in=roles_of(user).delegation_ids(cohort.pk)).order_by("territory__name")


def entry_rows(user, cohort) -> list[tuple[Delegation, EntryRecord | None]]:
    delegations = list(territory_delegations_for(user, cohort))
    records = {
        r.delegation_id: r
        for r in EntryRecord.objects.filter(delegation__in=[d.pk for d in delegations])
    }
    return [(d, records.get(d.pk)) for d in delegations]


def visit_reports_for(user, cohort) -> QuerySet[VisitReport]:
    return (
        VisitReport.objects.filter(delegation__in=territory_delegations_for(user, cohort))
        .select_related("delegation__territory", "meeting", "author")
        .order_by("delegation__territory__name", "-created_at")
    )


def input_notes_of(cohort) -> QuerySet[InputNote]:
    """The cohort's notes from theoretical inputs (every member reads them)."""
    return InputNote.objects.filter(cohort=cohort).select_related("meeting", "author")


def topics_of(cohort) -> QuerySet[Topic]:
    """The cohort's shared topics with their notes and contributors."""
    return Topic.objects.filter(cohort=cohort).prefetch_related(
        Prefetch(
            "notes",
            queryset=TopicNote.objects.prefetch_related("contributors").order_by("title"),
        )
    )


def subgroup_notes_of(subgroup) -> QuerySet[SubgroupNote]:
    return subgroup.notes.select_related("meeting", "author").order_by("-created_at")
