"""Every rule of territories and of the ESS map, asked of every persona (`has_perm`).

No territories rule depends on a stage. Territory A is enrolled in cohort A (delegation
A holds agent_a and the four participants); territory B too (agent_b); a new territory
belongs to no cohort yet.
"""

from __future__ import annotations

import pytest

from tests.factories import MATRIX_PERSONAS, TerritoryFactory, user_of

pytestmark = pytest.mark.django_db

DELEGATION_A_PARTICIPANTS = {"elu", "collectivite", "etat", "socio"}

# permission → {object: personas allowed}
RULES = {
    "territories.add_territory": {
        "nothing": {"staff", "facilitator", "other_facilitator"},
    },
    "territories.change_territory": {
        # Facilitators edit the territories of the cohorts they run…
        "territory_a": {"staff", "facilitator"},
        # …and any facilitator a territory that is in no cohort yet (they just created it).
        "new_territory": {"staff", "facilitator", "other_facilitator"},
    },
    "territories.view_organisation": {
        "territory_a": {"staff", "facilitator", "agent_a"} | DELEGATION_A_PARTICIPANTS,
        "territory_b": {"staff", "facilitator", "agent_b"},
    },
    "territories.change_organisation": {
        "territory_a": {"staff", "facilitator", "agent_a"},
        "territory_b": {"staff", "facilitator", "agent_b"},
    },
}


def _target(world, name):
    if name == "nothing":
        return None
    if name == "new_territory":
        return TerritoryFactory(name="Nouvelle commune")
    return getattr(world, name)


CASES = [
    pytest.param(perm, target, allowed, id=f"{perm}-{target}")
    for perm, targets in RULES.items()
    for target, allowed in targets.items()
]


@pytest.mark.parametrize(("perm", "target", "allowed"), CASES)
def test_each_persona_gets_the_territory_rules_their_seat_gives(world, perm, target, allowed):
    obj = _target(world, target)
    wrong = [
        (persona, persona in allowed)
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, obj) is not (persona in allowed)
    ]
    assert wrong == [], f"{perm} on {target}: (persona, expected)"


def test_an_agent_of_another_territory_cannot_see_or_edit_territory_a_ess_map(world):
    assert not world.agent_b.has_perm("territories.view_organisation", world.territory_a)
    assert not world.agent_b.has_perm("territories.change_organisation", world.territory_a)


def test_every_territories_permission_has_a_matrix():
    import rules

    from tests.territories.test_pilot_rules_matrix import PILOT_PERMS

    mine = {name for name in rules.permissions.permissions if name.startswith("territories.")}
    assert mine - PILOT_PERMS == set(RULES)
