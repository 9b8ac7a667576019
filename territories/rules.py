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
from transitions.rules import is_facilitator_anywhere, is_staff


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
