"""Every rule of the parcours core, asked of every persona (django-rules `has_perm`).

No core rule depends on a stage: each table is persona → allowed. The object is cohort
A (or the stage/meeting/invitation of cohort A the views pass); cohort B has only its
own facilitator.
"""

from __future__ import annotations

import pytest

from tests.factories import MATRIX_PERSONAS, expand, user_of
from tests.transitions.factories import (
    attachment_for,
    invitation_for,
    meeting_for,
    subgroup_for,
    subgroup_meeting_for,
)

pytestmark = pytest.mark.django_db

SIGNED_IN = set(MATRIX_PERSONAS) - {"anonymous"}
COHORT_A_MEMBERS = {
    "staff",
    "facilitator",
    "agent_a",
    "agent_b",
    "elu",
    "collectivite",
    "etat",
    "socio",
    "researcher",
}
MANAGERS_OF_A = {"staff", "facilitator"}
# A subgroup holding delegation A: its members, the cohort's facilitators and staff (not
# agent_b of territory B, not the researcher).
SUBGROUP_A = {"staff", "facilitator", "agent_a", "elu", "collectivite", "etat", "socio"}
ANY_FACILITATOR = {"staff", "facilitator", "other_facilitator"}


def _cohort(world):
    return world.cohort


def _stage(world):
    return world.cohort.stages.get(kind="diagnostic")


def _nothing(world):
    return None


def _attachment(world):
    return attachment_for(meeting_for(world))


def _subgroup_attachment(world):
    return attachment_for(subgroup_meeting_for(world))


def _erasure_of_elu(world):
    from transitions.models import ErasureRequest

    return ErasureRequest.objects.create(user=world.elu)


# permission → (object builder, personas allowed)
RULES = {
    "transitions.view_referential": (_nothing, SIGNED_IN),
    "transitions.add_cohort": (_nothing, ANY_FACILITATOR),
    "transitions.view_cohort": (_cohort, COHORT_A_MEMBERS),
    "transitions.change_cohort": (_cohort, MANAGERS_OF_A),
    "transitions.view_dashboard": (_cohort, MANAGERS_OF_A),
    "transitions.change_stage": (_cohort, MANAGERS_OF_A),
    "transitions.add_meeting": (_cohort, MANAGERS_OF_A),
    "transitions.change_meeting": (_cohort, MANAGERS_OF_A),
    "transitions.add_invitation": (_cohort, MANAGERS_OF_A),
    "transitions.change_invitation": (_cohort, MANAGERS_OF_A),
    "transitions.view_membership": (_cohort, MANAGERS_OF_A),
    "transitions.add_delegation": (_cohort, MANAGERS_OF_A),
    # A cohort-wide meeting is the cohort's; who attended, by name, is the facilitators'.
    "transitions.view_meeting": (meeting_for, COHORT_A_MEMBERS),
    "transitions.view_attendance": (meeting_for, MANAGERS_OF_A),
    "transitions.change_attendance": (meeting_for, MANAGERS_OF_A),
    "transitions.change_meetingreport": (meeting_for, MANAGERS_OF_A),
    "transitions.add_meetingattachment": (meeting_for, MANAGERS_OF_A),
    "transitions.delete_meetingattachment": (_attachment, MANAGERS_OF_A),
    "transitions.view_meetingattachment": (_attachment, COHORT_A_MEMBERS),
    "transitions.view_subgroup": (subgroup_for, SUBGROUP_A),
    "transitions.add_subgroup": (_cohort, MANAGERS_OF_A),
    "transitions.change_subgroup": (subgroup_for, MANAGERS_OF_A),
    "transitions.change_membership": (_cohort, MANAGERS_OF_A),
    # A member of cohort A asks (the élue): its facilitator or staff confirm, never herself.
    "transitions.confirm_erasure": (_erasure_of_elu, MANAGERS_OF_A),
}
# The same rules asked about the cohort's own objects (each reaches its cohort by cohort_id).
OBJECT_RULES = {
    "transitions.change_stage": (_stage, MANAGERS_OF_A),
    "transitions.change_meeting": (meeting_for, MANAGERS_OF_A),
    "transitions.change_invitation": (invitation_for, MANAGERS_OF_A),
    # A subgroup's meeting and its attachments: the subgroup's delegations and facilitators.
    "transitions.view_meeting": (subgroup_meeting_for, SUBGROUP_A),
    "transitions.view_meetingattachment": (_subgroup_attachment, SUBGROUP_A),
    "transitions.change_attendance": (subgroup_meeting_for, MANAGERS_OF_A),
}

CASES = [pytest.param(perm, build, allowed, id=perm) for perm, (build, allowed) in RULES.items()]
CASES += [
    pytest.param(perm, build, allowed, id=f"{perm}-on-{build.__name__}")
    for perm, (build, allowed) in OBJECT_RULES.items()
]


@pytest.mark.parametrize(("perm", "build", "allowed"), CASES)
def test_each_persona_gets_the_core_rules_their_role_gives(world, perm, build, allowed):
    obj = build(world)
    wrong = [
        (persona, persona in allowed)
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, obj) is not (persona in allowed)
    ]
    assert wrong == [], f"{perm}: (persona, expected)"


def test_the_facilitator_of_cohort_b_manages_cohort_b_and_nobody_of_cohort_a_does(world):
    table = expand({"staff": True, "other_facilitator": True}, default=False)
    for persona, expected in table.items():
        user = user_of(world, persona)
        assert user.has_perm("transitions.change_cohort", world.other_cohort) is expected, persona


def test_every_core_permission_has_a_matrix():
    import rules

    core = {name for name in rules.permissions.permissions if name.startswith("transitions.")}
    assert core == set(RULES)
