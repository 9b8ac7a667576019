"""Permissions of the parcours core (django-rules).

Predicates take (user, obj) where obj is a Cohort or anything with a `cohort` attribute.
Scope vs right: views first check scope (membership or staff → else 404), then the rule
(→ else 403). See transitions.access.
"""

from __future__ import annotations

import rules

from transitions.models import Role
from transitions.selectors import roles_in_cohort


def cohort_of(obj):
    if obj is None:
        return None
    if obj.__class__.__name__ == "Cohort":
        return obj
    return getattr(obj, "cohort", None)


def _has_role(user, obj, *roles: str) -> bool:
    cohort = cohort_of(obj)
    if cohort is None or not user.is_authenticated:
        return False
    return bool(roles_in_cohort(user, cohort) & set(roles))


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
def is_cohort_agent(user, obj) -> bool:
    return _has_role(user, obj, Role.AGENT)


@rules.predicate
def is_cohort_researcher(user, obj) -> bool:
    return _has_role(user, obj, Role.RESEARCHER)


@rules.predicate
def is_facilitator_anywhere(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role=Role.FACILITATOR).exists()


can_manage_cohort = is_staff | is_cohort_facilitator

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
