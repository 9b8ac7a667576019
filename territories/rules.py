"""Permissions of territories and of their ESS actor map (django-rules).

Registered by django-rules' autodiscovery of `<app>.rules` (AutodiscoverRulesConfig), so
they exist whichever feature apps are installed.

A territory's map is visible to its delegations' members and to the facilitators of the
cohorts it takes part in; its agents (and facilitators) edit it.
"""

from __future__ import annotations

import rules

from territories.selectors import can_edit_territory
from transitions import request_scope
from transitions.models import Role
from transitions.roles import roles_of
from transitions.rules import (
    is_cohort_facilitator,
    is_facilitator_anywhere,
    is_staff,
    stage_is_open,
)


@rules.predicate
def may_edit_territory(user, territory) -> bool:
    return can_edit_territory(user, territory)


def _territory_roles(user, territory) -> set[str]:
    if territory is None:
        return set()
    roles = roles_of(user)
    own = roles.in_territory(territory.pk)
    facilitated = roles.cohort_ids(Role.FACILITATOR)
    if facilitated and facilitated & request_scope.memo(
        ("territory_cohorts", territory.pk),
        lambda: set(territory.delegations.values_list("cohort_id", flat=True)),
    ):
        own = own | {Role.FACILITATOR}
    return own


@rules.predicate
def is_territory_member(user, territory) -> bool:
    return bool(_territory_roles(user, territory) & {Role.AGENT, Role.PARTICIPANT})


@rules.predicate
def is_territory_agent(user, territory) -> bool:
    return Role.AGENT in _territory_roles(user, territory)


@rules.predicate
def is_territory_facilitator(user, territory) -> bool:
    return Role.FACILITATOR in _territory_roles(user, territory)


rules.add_perm("territories.add_territory", is_staff | is_facilitator_anywhere)
rules.add_perm("territories.change_territory", is_staff | may_edit_territory)
rules.add_perm(
    "territories.view_organisation", is_staff | is_territory_facilitator | is_territory_member
)
rules.add_perm(
    "territories.change_organisation", is_staff | is_territory_facilitator | is_territory_agent
)


# --- Pilot projects (stage 6): scoped like the diagnostic ------------------------------
# The target is a PilotProject, a Milestone (both reach their delegation and stage), or
# an unsaved PilotProject(delegation=…) to ask whether one may be created there.

DELEGATION_ROLES = {Role.AGENT, Role.PARTICIPANT}


def _delegation_id(obj) -> int | None:
    if obj is None:
        return None
    project = getattr(obj, "project", obj)
    return getattr(project, "delegation_id", None)


@rules.predicate
def is_project_delegation_member(user, obj) -> bool:
    return bool(roles_of(user).in_delegation(_delegation_id(obj)) & DELEGATION_ROLES)


@rules.predicate
def is_project_delegation_agent(user, obj) -> bool:
    return Role.AGENT in roles_of(user).in_delegation(_delegation_id(obj))


can_follow_project = is_staff | is_cohort_facilitator
can_edit_project = (can_follow_project | is_project_delegation_agent) & stage_is_open

rules.add_perm("territories.view_pilotproject", can_follow_project | is_project_delegation_member)
rules.add_perm("territories.add_pilotproject", can_edit_project)
rules.add_perm("territories.change_pilotproject", can_edit_project)
rules.add_perm("territories.add_milestone", can_edit_project)
rules.add_perm("territories.change_milestone", can_edit_project)
rules.add_perm("territories.delete_milestone", can_edit_project)
