"""Every trajectory rule as a persona matrix (no stage gating: the trajectory spans the
parcours, so the answers do not change with the stages' states)."""

from __future__ import annotations

import pytest

from tests.factories import close_stage, open_stage

pytestmark = pytest.mark.django_db

PERSONAS = [
    "staff",
    "facilitator",
    "other_facilitator",
    "agent_a",
    "agent_a2",
    "agent_b",
    "elu",
    "socio",
    "researcher",
    "outsider",
]
FOLLOW = {"staff", "facilitator"}
DELEGATION = {"agent_a", "agent_a2", "elu", "socio"}
AGENTS = {"agent_a", "agent_a2"}

# perm → who holds it on delegation A (or, for the cohort's, on cohort A)
EXPECTED = {
    "trajectory.view_trajectory": FOLLOW | DELEGATION,
    "trajectory.add_link": FOLLOW | AGENTS,
    "trajectory.delete_link": FOLLOW | AGENTS,
    "trajectory.add_storyentry": FOLLOW | DELEGATION,
    "trajectory.change_storyentry": FOLLOW | DELEGATION,
    "trajectory.delete_storyentry": FOLLOW | DELEGATION,
    "trajectory.add_engagement": FOLLOW | DELEGATION,
    "trajectory.delete_engagement": FOLLOW | DELEGATION,
    "trajectory.view_overload": FOLLOW,
    "trajectory.view_cohort_achievements": FOLLOW,
}


@pytest.mark.parametrize("stages", ["upcoming", "open", "closed"])
def test_the_trajectory_rules_per_persona_whatever_the_stages(world, stages):
    for kind in ("diagnostic", "forums", "pilot_projects"):
        if stages == "open":
            open_stage(world.cohort, kind)
        elif stages == "closed":
            close_stage(world.cohort, kind)
    got = {
        perm: {
            name
            for name in PERSONAS
            if world.persona(name).has_perm(
                perm,
                world.cohort if perm.endswith("cohort_achievements") else world.delegation_a,
            )
        }
        for perm in EXPECTED
    }
    assert got == EXPECTED


def test_delegation_b_is_followed_by_its_own_agent_not_by_territory_as(world):
    assert world.agent_b.has_perm("trajectory.add_link", world.delegation_b)
    assert not world.agent_a.has_perm("trajectory.view_trajectory", world.delegation_b)
