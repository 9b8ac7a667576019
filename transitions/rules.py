"""Permissions of the parcours core (django-rules), and the predicates every app combines.

Every scoped object reaches its cohort the same way: it has a `cohort_id` (a column or
a property: `Cohort.cohort_id` is its own pk). An object that belongs to a stage of the
parcours names it with a `stage_kind` class attribute; `stage_is_open` is the one
place that decides whether that stage takes writes, and every write rule of every app
combines it with `&` (as adhocracy4 puts `phase_allows_*` inside its predicates).

Roles come from `transitions.roles.roles_of`, loaded once per request.
Scope vs right: views first check scope (selectors → else 404), then the rule
(→ else 403 with the reason; see transitions.access).
"""

from __future__ import annotations

import rules

from transitions.models import Role
from transitions.roles import roles_of
from transitions.selectors import stage_serving


def _cohort_id(obj) -> int | None:
    return getattr(obj, "cohort_id", None) if obj is not None else None


def _has_role(user, obj, *roles: str) -> bool:
    cohort_id = _cohort_id(obj)
    if cohort_id is None:
        return False
    return bool(roles_of(user).in_cohort(cohort_id) & set(roles))


@rules.predicate
def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


@rules.predicate
def is_cohort_member(user, obj) -> bool:
    return _has_role(user, obj, *Role.values)


@rules.predicate
def is_cohort_facilitator(user, obj) -> bool:
    return _has_role(user, obj, Role.FACILITATOR)


@rules.predicate
def is_facilitator_anywhere(user) -> bool:
    return roles_of(user).facilitates_anywhere


@rules.predicate
def stage_is_open(user, obj) -> bool:
    """The stage serving this object is open (not upcoming, closed or skipped)."""
    stage = stage_serving(obj)
    return stage is not None and stage.is_open


can_manage_cohort = is_staff | is_cohort_facilitator


@rules.predicate
def is_someone_elses_erasure(user, erasure) -> bool:
    return erasure is not None and erasure.user_id != user.pk


@rules.predicate
def facilitates_a_cohort_of_requester(user, erasure) -> bool:
    """A facilitator confirms the erasure of a member of a cohort they run."""
    if erasure is None:
        return False
    from transitions.models import Membership

    cohorts = roles_of(user).cohort_ids(Role.FACILITATOR)
    return Membership.objects.filter(user_id=erasure.user_id, cohort_id__in=cohorts).exists()


rules.add_perm(
    "transitions.confirm_erasure",
    is_someone_elses_erasure & (is_staff | facilitates_a_cohort_of_requester),
)

rules.add_perm("transitions.view_referential", rules.is_authenticated)
rules.add_perm("transitions.add_cohort", is_staff | is_facilitator_anywhere)
rules.add_perm("transitions.view_cohort", is_staff | is_cohort_member)
rules.add_perm("transitions.change_cohort", can_manage_cohort)
rules.add_perm("transitions.view_dashboard", can_manage_cohort)
rules.add_perm("transitions.change_stage", can_manage_cohort)
rules.add_perm("transitions.add_meeting", can_manage_cohort)
rules.add_perm("transitions.add_invitation", can_manage_cohort)
rules.add_perm("transitions.view_membership", can_manage_cohort)
rules.add_perm("transitions.change_meeting", can_manage_cohort)
rules.add_perm("transitions.change_invitation", can_manage_cohort)
rules.add_perm("transitions.add_delegation", can_manage_cohort)


# --- Meetings, subgroups, memberships -----------------------------------------------------


def _subgroup_of(obj):
    """The subgroup an object is scoped to: a subgroup itself, a meeting's or an
    attachment's meeting's subgroup; None for cohort-wide objects."""
    from transitions.models import MeetingAttachment, Subgroup

    if isinstance(obj, Subgroup):
        return obj
    if isinstance(obj, MeetingAttachment):
        obj = obj.meeting
    return getattr(obj, "subgroup", None) if getattr(obj, "subgroup_id", None) else None


@rules.predicate
def is_subgroup_member(user, obj) -> bool:
    """A member of one of the delegations of the subgroup the object belongs to."""
    subgroup = _subgroup_of(obj)
    if subgroup is None:
        return False
    return bool(roles_of(user).delegation_ids(subgroup.cohort_id) & subgroup.delegation_ids())


@rules.predicate
def is_cohort_wide(user, obj) -> bool:
    return _subgroup_of(obj) is None


# A subgroup's meetings and notes belong to its delegations and the facilitators; the
# cohort's other meetings to every member of the cohort.
can_view_meeting = is_staff | is_cohort_facilitator | (is_cohort_wide & is_cohort_member)
can_view_meeting |= is_subgroup_member

rules.add_perm("transitions.view_meeting", can_view_meeting)
# Who attended, by name: the facilitators (others read the counts by category).
rules.add_perm("transitions.view_attendance", can_manage_cohort)
rules.add_perm("transitions.change_attendance", can_manage_cohort)
rules.add_perm("transitions.change_meetingreport", can_manage_cohort)
rules.add_perm("transitions.add_meetingattachment", can_manage_cohort)
rules.add_perm("transitions.delete_meetingattachment", can_manage_cohort)
rules.add_perm("transitions.view_meetingattachment", can_view_meeting)
rules.add_perm("transitions.view_subgroup", is_staff | is_cohort_facilitator | is_subgroup_member)
rules.add_perm("transitions.add_subgroup", can_manage_cohort)
rules.add_perm("transitions.change_subgroup", can_manage_cohort)
rules.add_perm("transitions.change_membership", can_manage_cohort)
