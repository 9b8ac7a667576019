"""Every peer-group rule, asked of every persona over the peer-groups stage's state.

A peer group is a safe space: its members are the cohort's participants of its actor
category (agents and researchers are not members, even with the same category); the
cohort's facilitators moderate. Tables read persona → allowed per stage state; a
persona not named is refused everywhere. Writes need the stage open.
"""

from __future__ import annotations

import pytest

from tests.factories import MATRIX_PERSONAS, STAGE_STATES, expand, put_stage_in_state, user_of
from tests.peergroups.factories import ContributionFactory, open_peer_groups
from transitions.models import ActorCategory

pytestmark = pytest.mark.django_db

ALWAYS = dict.fromkeys(STAGE_STATES, True)
NEVER = dict.fromkeys(STAGE_STATES, False)
WHILE_OPEN = {"upcoming": False, "open": True, "closed": False}
MODERATORS = ["staff", "facilitator"]

# Which group each persona sees (stage-independent): their own category's only.
GROUPS_SEEN = expand(
    {
        "staff": set(ActorCategory.values),
        "facilitator": set(ActorCategory.values),
        "elu": {ActorCategory.ELU},
        "collectivite": {ActorCategory.AGENT_COLLECTIVITE},
        "etat": {ActorCategory.AGENT_ETAT},
        "socio": {ActorCategory.ACTEUR_SOCIO_ECONOMIQUE},
    },
    default=set(),
)

# Rules asked about the ELU group's open first session (or a card posted in it).
MATRIX = {
    # Planning a session (dates, place) is not a contribution: at any stage.
    "peergroups.change_peersession": expand(dict.fromkeys(MODERATORS, ALWAYS), default=NEVER),
    "peergroups.open_peersession": expand(dict.fromkeys(MODERATORS, WHILE_OPEN), default=NEVER),
    "peergroups.add_contribution": expand(
        dict.fromkeys([*MODERATORS, "elu"], WHILE_OPEN), default=NEVER
    ),
    "peergroups.change_contribution": expand(dict.fromkeys(MODERATORS, WHILE_OPEN), default=NEVER),
    # A card belongs to its author (elu wrote it): only they edit or withdraw it, while the
    # stage is open; facilitators moderate (change_contribution), they do not revise.
    "peergroups.revise_contribution": expand({"elu": WHILE_OPEN}, default=NEVER),
    "peergroups.withdraw_contribution": expand({"elu": WHILE_OPEN}, default=NEVER),
}
CARD_RULES = {
    "peergroups.change_contribution",
    "peergroups.revise_contribution",
    "peergroups.withdraw_contribution",
}


@pytest.mark.parametrize("stage_state", STAGE_STATES)
def test_each_persona_sees_only_the_peer_groups_of_the_matrix(world, stage_state):
    peer = open_peer_groups(world)
    put_stage_in_state(world.cohort, "peer_groups", stage_state)
    wrong = [
        (persona, category)
        for persona in MATRIX_PERSONAS
        for category, group in peer.groups.items()
        if user_of(world, persona).has_perm("peergroups.view_peergroup", group)
        is not (category in GROUPS_SEEN[persona])
    ]
    assert wrong == [], f"stage {stage_state}: (persona, group) the rule gets wrong"


@pytest.mark.parametrize("stage_state", STAGE_STATES)
@pytest.mark.parametrize("perm", list(MATRIX))
def test_each_persona_gets_the_peer_group_rules_of_the_matrix(world, perm, stage_state):
    peer = open_peer_groups(world)
    card = ContributionFactory(session=peer.session(), author=world.elu)
    put_stage_in_state(world.cohort, "peer_groups", stage_state)
    obj = card if perm in CARD_RULES else peer.session()
    wrong = [
        (persona, MATRIX[perm][persona][stage_state])
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, obj) is not MATRIX[perm][persona][stage_state]
    ]
    assert wrong == [], f"{perm}, stage {stage_state}: (persona, expected)"


def test_nobody_posts_in_a_session_that_is_not_open(world):
    peer = open_peer_groups(world, open_session=False)
    closed_session = peer.session()
    for persona in MATRIX_PERSONAS:
        user = user_of(world, persona)
        assert not user.has_perm("peergroups.add_contribution", closed_session), persona


def test_an_agent_is_not_a_member_of_the_group_of_their_own_category(world):
    peer = open_peer_groups(world)
    group = peer.groups[ActorCategory.AGENT_COLLECTIVITE]
    # agent_a holds the AGENT_COLLECTIVITE category through their agent seat.
    assert world.collectivite.has_perm("peergroups.view_peergroup", group)
    assert not world.agent_a.has_perm("peergroups.view_peergroup", group)


def test_every_peergroups_permission_has_a_matrix():
    import rules

    mine = {name for name in rules.permissions.permissions if name.startswith("peergroups.")}
    assert mine == set(MATRIX) | {"peergroups.view_peergroup", "peergroups.view_grid"}


@pytest.mark.parametrize("stage_state", STAGE_STATES)
def test_only_moderators_read_the_cross_grid_of_the_four_groups(world, stage_state):
    """Checked on the cohort, at any stage: it reads what every safe space said."""
    open_peer_groups(world)
    put_stage_in_state(world.cohort, "peer_groups", stage_state)
    allowed = {
        persona
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm("peergroups.view_grid", world.cohort)
    }
    assert allowed == set(MODERATORS)


AUTHOR_RULES = ["peergroups.revise_contribution", "peergroups.withdraw_contribution"]


@pytest.mark.parametrize("perm", AUTHOR_RULES)
def test_another_member_of_the_group_cannot_touch_a_card_that_is_not_theirs(world, perm):
    peer = open_peer_groups(world)
    card = ContributionFactory(session=peer.session(), author=world.elu)
    assert world.elu.has_perm(perm, card)
    assert not world.elu2.has_perm(perm, card)


@pytest.mark.parametrize("perm", AUTHOR_RULES)
def test_the_author_cannot_touch_their_card_once_the_session_is_closed(world, perm):
    peer = open_peer_groups(world)
    card = ContributionFactory(session=peer.session(), author=world.elu)
    peer.session().__class__.objects.filter(pk=card.session_id).update(status="closed")
    card.refresh_from_db()
    assert not world.elu.has_perm(perm, card)
    # The facilitator's moderation does not depend on the session: unchanged.
    assert world.facilitator.has_perm("peergroups.change_contribution", card)


@pytest.mark.parametrize("perm", AUTHOR_RULES)
def test_the_author_of_an_anonymous_card_still_owns_it(world, perm):
    peer = open_peer_groups(world)
    card = ContributionFactory(session=peer.session(), author=world.elu, anonymous=True)
    assert world.elu.has_perm(perm, card)
    assert not world.elu2.has_perm(perm, card)
