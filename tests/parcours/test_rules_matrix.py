"""Every parcours rule, asked of every persona in every state of the stage it serves.

A territory's entry record and visit reports follow its diagnostic's rules (its delegation
and the cohort's facilitators; researchers and the other territory's agents never);
notes from the theoretical inputs and topic notes are the whole cohort's; a subgroup's
notes are its delegations' and the facilitators'. Writes need the stage open
(transitions.rules.stage_is_open); reads do not. Each table reads: persona → the stage
states in which the persona is allowed.
"""

from __future__ import annotations

import pytest

from parcours.models import EntryRecord, InputNote, SubgroupNote, Topic, TopicNote, VisitReport
from tests.factories import MATRIX_PERSONAS, STAGE_STATES, expand, put_stage_in_state, user_of
from tests.parcours.factories import (
    entry_for,
    input_note_for,
    subgroup_note_for,
    topic_note_for,
    visit_for,
)
from tests.transitions.factories import subgroup_for

pytestmark = pytest.mark.django_db

ALWAYS = frozenset(STAGE_STATES)
OPEN = frozenset({"open"})
FOLLOWERS = ["staff", "facilitator"]
DELEGATION_A = ["agent_a", "elu", "collectivite", "etat", "socio"]
CONTRIBUTORS_A = ["agent_a", "agent_b", "elu", "collectivite", "etat", "socio"]
COHORT_A = [*FOLLOWERS, *CONTRIBUTORS_A, "researcher"]


def table(allowed: dict[str, frozenset]) -> dict[str, frozenset]:
    return expand(allowed, default=frozenset())


def _entry(world):
    return entry_for(world)


def _blank_entry(world):
    # The rule on a territory whose record does not exist yet (the views ask it so).
    return EntryRecord(delegation=world.delegation_a)


def _visit(world):
    return visit_for(world)


def _blank_visit(world):
    return VisitReport(delegation=world.delegation_a)


def _input_note(world):
    return input_note_for(world)


def _blank_input_note(world):
    return InputNote(cohort=world.cohort)


def _topic_note(world):
    return topic_note_for(world)


def _blank_topic(world):
    return Topic(cohort=world.cohort)


def _subgroup_note(world):
    return subgroup_note_for(world, subgroup_for(world))


def _blank_subgroup_note(world):
    return SubgroupNote(subgroup=subgroup_for(world))


# permission → (stage kind, object builder, persona → states allowed)
MATRIX = {
    "parcours.view_entryrecord": (
        "entry",
        _entry,
        table(dict.fromkeys([*FOLLOWERS, *DELEGATION_A], ALWAYS)),
    ),
    # The facilitators check the prerequisites with the territory's agent; participants
    # read their record but do not write it.
    "parcours.change_entryrecord": (
        "entry",
        _blank_entry,
        table(dict.fromkeys([*FOLLOWERS, "agent_a"], OPEN)),
    ),
    "parcours.view_inputnote": (
        "stepping_back",
        _input_note,
        table(dict.fromkeys(COHORT_A, ALWAYS)),
    ),
    "parcours.add_inputnote": (
        "stepping_back",
        _blank_input_note,
        table(dict.fromkeys([*FOLLOWERS, *CONTRIBUTORS_A], OPEN)),
    ),
    # The author (the élue of A) and the facilitators.
    "parcours.change_inputnote": (
        "stepping_back",
        _input_note,
        table(dict.fromkeys([*FOLLOWERS, "elu"], OPEN)),
    ),
    "parcours.view_visitreport": (
        "inspiration",
        _visit,
        table(dict.fromkeys([*FOLLOWERS, *DELEGATION_A], ALWAYS)),
    ),
    "parcours.add_visitreport": (
        "inspiration",
        _blank_visit,
        table(dict.fromkeys([*FOLLOWERS, *DELEGATION_A], OPEN)),
    ),
    "parcours.change_visitreport": (
        "inspiration",
        _visit,
        table(dict.fromkeys([*FOLLOWERS, "elu"], OPEN)),
    ),
    "parcours.add_topic": ("inspiration", _blank_topic, table(dict.fromkeys(FOLLOWERS, ALWAYS))),
    "parcours.view_topicnote": ("inspiration", _topic_note, table(dict.fromkeys(COHORT_A, ALWAYS))),
    # Written together: every agent and participant of the cohort, any territory.
    "parcours.add_topicnote": (
        "inspiration",
        lambda world: TopicNote(topic=_topic_note(world).topic),
        table(dict.fromkeys([*FOLLOWERS, *CONTRIBUTORS_A], OPEN)),
    ),
    "parcours.change_topicnote": (
        "inspiration",
        _topic_note,
        table(dict.fromkeys([*FOLLOWERS, *CONTRIBUTORS_A], OPEN)),
    ),
    "parcours.view_subgroupnote": (
        "inspiration",
        _subgroup_note,
        table(dict.fromkeys([*FOLLOWERS, *DELEGATION_A], ALWAYS)),
    ),
    "parcours.add_subgroupnote": (
        "inspiration",
        _blank_subgroup_note,
        table(dict.fromkeys([*FOLLOWERS, *DELEGATION_A], OPEN)),
    ),
    "parcours.change_subgroupnote": (
        "inspiration",
        _subgroup_note,
        table(dict.fromkeys([*FOLLOWERS, "elu"], OPEN)),
    ),
}


@pytest.mark.parametrize("stage_state", STAGE_STATES)
@pytest.mark.parametrize("perm", list(MATRIX))
def test_each_persona_gets_the_parcours_rules_of_the_matrix(world, perm, stage_state):
    kind, build, allowed = MATRIX[perm]
    obj = build(world)
    put_stage_in_state(world.cohort, kind, stage_state)
    wrong = [
        (persona, stage_state in allowed[persona])
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, obj) is not (stage_state in allowed[persona])
    ]
    assert wrong == [], f"{perm} with the stage {stage_state}: (persona, expected)"


def test_every_parcours_permission_has_a_matrix():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("parcours.")}
    assert registered == set(MATRIX)
