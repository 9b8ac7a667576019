"""Every territorial forum rule, asked of every persona over the forums stage's state.

A forum is scoped like its territory's diagnostic: its delegation and the cohort's
facilitators; another territory's agent never sees it. Tables read persona → allowed
per stage state; a persona not named is refused everywhere.
"""

from __future__ import annotations

import pytest

from agora import services
from tests.factories import MATRIX_PERSONAS, STAGE_STATES, expand, put_stage_in_state, user_of

pytestmark = pytest.mark.django_db

ALWAYS = dict.fromkeys(STAGE_STATES, True)
NEVER = dict.fromkeys(STAGE_STATES, False)
WHILE_OPEN = {"upcoming": False, "open": True, "closed": False}
DELEGATION_A = ["agent_a", "elu", "collectivite", "etat", "socio"]
FOLLOWERS = ["staff", "facilitator"]

FORUM_MATRIX = {
    "agora.view_forum": expand(dict.fromkeys([*FOLLOWERS, *DELEGATION_A], ALWAYS), default=NEVER),
    # Preparing the forum: the facilitators and the delegation's agents, while open.
    "agora.change_forum": expand(dict.fromkeys([*FOLLOWERS, "agent_a"], WHILE_OPEN), default=NEVER),
    "agora.run_cafe": expand(dict.fromkeys(FOLLOWERS, WHILE_OPEN), default=NEVER),
    "agora.harvest_forum": expand(dict.fromkeys(FOLLOWERS, WHILE_OPEN), default=NEVER),
    # Opportunities are edited by whoever creates them (the harvest's people).
    "agora.change_opportunity": expand(dict.fromkeys(FOLLOWERS, WHILE_OPEN), default=NEVER),
    # Table 1's rapporteur is agent_a; elu reports for table 2, so not here.
    "agora.add_card": expand(dict.fromkeys([*FOLLOWERS, "agent_a"], WHILE_OPEN), default=NEVER),
    "agora.change_card": expand(dict.fromkeys([*FOLLOWERS, "agent_a"], WHILE_OPEN), default=NEVER),
    "agora.view_forum_summary": expand(
        dict.fromkeys([*FOLLOWERS, *DELEGATION_A], ALWAYS), default=NEVER
    ),
    "agora.add_forum_summary": expand(
        dict.fromkeys([*FOLLOWERS, "agent_a"], ALWAYS), default=NEVER
    ),
}
FORUM_PERMS = set(FORUM_MATRIX)

CASES = [
    pytest.param(perm, state, id=f"{perm}-{state}")
    for perm in FORUM_MATRIX
    for state in STAGE_STATES
]


@pytest.mark.parametrize(("perm", "stage_state"), CASES)
def test_each_persona_gets_the_forum_rules_of_the_matrix(cafe, world, perm, stage_state):
    table = cafe["tables"][0]
    card = services.card_add(
        table=table, cafe_round=cafe["round"], kind="key_idea", text="Une idée", user=world.agent_a
    )
    opportunity = services.opportunity_create(
        forum=cafe["forum"], title="Une légumerie", relation_type="COOPERATION"
    )
    obj = {
        "agora.add_card": table,
        "agora.change_card": card,
        "agora.change_opportunity": opportunity,
    }.get(perm, cafe["forum"])
    put_stage_in_state(world.cohort, "forums", stage_state)
    wrong = [
        (persona, FORUM_MATRIX[perm][persona][stage_state])
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, obj)
        is not FORUM_MATRIX[perm][persona][stage_state]
    ]
    assert wrong == [], f"{perm}, stage {stage_state}: (persona, expected)"


def test_a_closed_round_takes_no_card_even_from_its_rapporteur(cafe, world):
    table = cafe["tables"][0]
    card = services.card_add(
        table=table, cafe_round=cafe["round"], kind="key_idea", text="Une idée", user=world.agent_a
    )
    services.round_close(forum=cafe["forum"])
    card.round.refresh_from_db()
    assert not world.agent_a.has_perm("agora.change_card", card)
    assert not world.facilitator.has_perm("agora.change_card", card)


def test_a_facilitator_of_another_cohort_neither_sees_nor_runs_the_forum(cafe, world):
    assert not world.other_facilitator.has_perm("agora.view_forum", cafe["forum"])
    assert not world.other_facilitator.has_perm("agora.run_cafe", cafe["forum"])


def test_every_forum_permission_has_a_matrix():
    import rules

    forum_names = {
        name
        for name in rules.permissions.permissions
        if name.startswith("agora.")
        and any(w in name for w in ("forum", "cafe", "card", "harvest", "opportunity"))
    }
    assert forum_names == FORUM_PERMS
