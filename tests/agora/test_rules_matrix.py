"""Every agora rule, asked of every persona over the agora stage's state.

Every member of the cohort sees the agora; its facilitators run it. Tables read
persona → allowed per stage state; a persona not named is refused everywhere.
"""

from __future__ import annotations

import pytest

from agora.services import agora_ensure
from tests.factories import MATRIX_PERSONAS, STAGE_STATES, expand, put_stage_in_state, user_of

pytestmark = pytest.mark.django_db

ALWAYS = dict.fromkeys(STAGE_STATES, True)
NEVER = dict.fromkeys(STAGE_STATES, False)
WHILE_OPEN = {"upcoming": False, "open": True, "closed": False}
COHORT_A_MEMBERS = [
    "staff",
    "facilitator",
    "agent_a",
    "agent_b",
    "elu",
    "collectivite",
    "etat",
    "socio",
    "researcher",
]

MATRIX = {
    "agora.view_agora": expand(dict.fromkeys(COHORT_A_MEMBERS, ALWAYS), default=NEVER),
    # Running the agora (statements, positions) writes: only while its stage is open,
    # like every write rule (DESIGN, "One home per rule": stage gating).
    "agora.change_agora": expand(
        dict.fromkeys(["staff", "facilitator"], WHILE_OPEN), default=NEVER
    ),
    # The summary names nobody: every member downloads it; facilitators make it, also
    # once the agora has closed (a synthesis usually follows the last plenary).
    "agora.view_summary": expand(dict.fromkeys(COHORT_A_MEMBERS, ALWAYS), default=NEVER),
    "agora.add_summary": expand(dict.fromkeys(["staff", "facilitator"], ALWAYS), default=NEVER),
}

CASES = [
    pytest.param(perm, state, id=f"{perm}-{state}") for perm in MATRIX for state in STAGE_STATES
]


@pytest.mark.parametrize(("perm", "stage_state"), CASES)
def test_each_persona_gets_the_agora_rules_of_the_matrix(world, perm, stage_state):
    put_stage_in_state(world.cohort, "agora", stage_state)
    agora = agora_ensure(cohort=world.cohort)
    wrong = [
        (persona, MATRIX[perm][persona][stage_state])
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, agora) is not MATRIX[perm][persona][stage_state]
    ]
    assert wrong == [], f"{perm}, stage {stage_state}: (persona, expected)"


def test_a_facilitator_of_another_cohort_neither_sees_nor_runs_the_agora(world):
    agora = agora_ensure(cohort=world.cohort)
    assert not world.other_facilitator.has_perm("agora.view_agora", agora)
    assert not world.other_facilitator.has_perm("agora.change_agora", agora)


def test_every_agora_permission_has_a_matrix():
    import rules

    from tests.agora.test_forum_rules_matrix import FORUM_PERMS

    mine = {name for name in rules.permissions.permissions if name.startswith("agora.")}
    assert mine - FORUM_PERMS == set(MATRIX)
