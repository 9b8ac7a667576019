"""Permissions of the ESS actor map (django-rules); imported by diagnostics' AppConfig.

A territory's map is visible to its delegations' members and to the facilitators of the
cohorts it takes part in; its agents (and facilitators) edit it.
"""

from __future__ import annotations

import rules

from transitions.models import Membership, Role
from transitions.rules import is_staff


def _territory_roles(user, territory) -> set[str]:
    if not user.is_authenticated or territory is None:
        return set()
    cache = user.__dict__.setdefault("_territory_roles", {})
    if territory.pk not in cache:
        own = set(
            Membership.objects.filter(user=user, delegation__territory=territory).values_list(
                "role", flat=True
            )
        )
        facilitates = Membership.objects.filter(
            user=user, role=Role.FACILITATOR, cohort__delegations__territory=territory
        ).exists()
        cache[territory.pk] = own | ({Role.FACILITATOR} if facilitates else set())
    return cache[territory.pk]


@rules.predicate
def is_territory_member(user, territory) -> bool:
    return bool(_territory_roles(user, territory) & {Role.AGENT, Role.PARTICIPANT})


@rules.predicate
def is_territory_agent(user, territory) -> bool:
    return Role.AGENT in _territory_roles(user, territory)


@rules.predicate
def is_territory_facilitator(user, territory) -> bool:
    return Role.FACILITATOR in _territory_roles(user, territory)


rules.add_perm(
    "territories.view_organisation", is_staff | is_territory_facilitator | is_territory_member
)
rules.add_perm(
    "territories.change_organisation", is_staff | is_territory_facilitator | is_territory_agent
)
