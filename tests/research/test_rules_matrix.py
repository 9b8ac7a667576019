"""Every research rule as a persona × stage-state has_perm matrix. Research observes
every stage, so a stage's state never changes the answer."""

import pytest

from tests.factories import STAGE_STATES, expand, put_stage_in_state, user_of

pytestmark = pytest.mark.django_db

EXPECTED = {
    "research.view_space": {"staff", "facilitator", "researcher"},
    "research.add_observation": {"facilitator", "researcher"},
    "research.add_coding": {"facilitator", "researcher"},
    "research.add_memo": {"facilitator", "researcher"},
    "research.add_code": {"researcher"},
    "research.add_correction": {"researcher"},
    "research.change_protocol": {"staff", "facilitator"},
    "research.export_corpus": {"researcher"},
    "research.view_exportlog": {"staff", "facilitator"},
}


@pytest.mark.parametrize("state", STAGE_STATES)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_each_persona_gets_exactly_the_research_rights_of_its_seat(world, perm, state):
    put_stage_in_state(world.cohort, "peer_groups", state)
    allowed = expand({p: True for p in EXPECTED[perm]}, default=False)

    got = {p: user_of(world, p).has_perm(perm, world.cohort) for p in allowed}

    assert got == allowed


def test_the_cohorts_researcher_has_no_research_right_on_another_cohort(world):
    for perm in EXPECTED:
        assert not world.researcher.has_perm(perm, world.other_cohort)
