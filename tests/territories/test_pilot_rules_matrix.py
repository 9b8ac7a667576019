"""Every pilot-project rule, asked of every persona over the pilot-projects stage's state.

Scoped like the diagnostic: the delegation's members see its projects, its agents and
the cohort's facilitators position and edit them, only while the stage is open. Tables
read persona → allowed per stage state; a persona not named is refused everywhere.
"""

from __future__ import annotations

import datetime

import pytest

from territories.models import Milestone, PilotProject
from tests.factories import MATRIX_PERSONAS, STAGE_STATES, expand, put_stage_in_state, user_of

pytestmark = pytest.mark.django_db

ALWAYS = dict.fromkeys(STAGE_STATES, True)
NEVER = dict.fromkeys(STAGE_STATES, False)
WHILE_OPEN = {"upcoming": False, "open": True, "closed": False}
DELEGATION_A = ["agent_a", "elu", "collectivite", "etat", "socio"]
EDITORS_A = ["staff", "facilitator", "agent_a"]

MATRIX = {
    "territories.view_pilotproject": expand(
        dict.fromkeys(["staff", "facilitator", *DELEGATION_A], ALWAYS), default=NEVER
    ),
    "territories.add_pilotproject": expand(dict.fromkeys(EDITORS_A, WHILE_OPEN), default=NEVER),
    "territories.change_pilotproject": expand(dict.fromkeys(EDITORS_A, WHILE_OPEN), default=NEVER),
    "territories.add_milestone": expand(dict.fromkeys(EDITORS_A, WHILE_OPEN), default=NEVER),
    "territories.change_milestone": expand(dict.fromkeys(EDITORS_A, WHILE_OPEN), default=NEVER),
    "territories.delete_milestone": expand(dict.fromkeys(EDITORS_A, WHILE_OPEN), default=NEVER),
}
PILOT_PERMS = set(MATRIX)


def _target(world, perm):
    if perm == "territories.add_pilotproject":
        return PilotProject(delegation=world.delegation_a)
    project = PilotProject.objects.create(delegation=world.delegation_a, title="Tiers-lieu")
    if perm in ("territories.change_milestone", "territories.delete_milestone"):
        return Milestone.objects.create(
            project=project, title="Comité", due_on=datetime.date(2027, 3, 1)
        )
    return project


CASES = [
    pytest.param(perm, state, id=f"{perm}-{state}") for perm in MATRIX for state in STAGE_STATES
]


@pytest.mark.parametrize(("perm", "stage_state"), CASES)
def test_each_persona_gets_the_pilot_project_rules_of_the_matrix(world, perm, stage_state):
    put_stage_in_state(world.cohort, "pilot_projects", stage_state)
    obj = _target(world, perm)
    wrong = [
        (persona, MATRIX[perm][persona][stage_state])
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm(perm, obj) is not MATRIX[perm][persona][stage_state]
    ]
    assert wrong == [], f"{perm}, stage {stage_state}: (persona, expected)"


def test_territory_b_agent_runs_territory_b_projects_and_territory_a_agent_does_not(world):
    put_stage_in_state(world.cohort, "pilot_projects", "open")
    project_b = PilotProject.objects.create(delegation=world.delegation_b, title="Ressourcerie")
    assert world.agent_b.has_perm("territories.change_pilotproject", project_b)
    assert not world.agent_a.has_perm("territories.view_pilotproject", project_b)
    assert not world.elu.has_perm("territories.view_pilotproject", project_b)


def test_a_facilitator_of_another_cohort_neither_sees_nor_edits_the_projects(world):
    put_stage_in_state(world.cohort, "pilot_projects", "open")
    project = PilotProject.objects.create(delegation=world.delegation_a, title="Tiers-lieu")
    assert not world.other_facilitator.has_perm("territories.view_pilotproject", project)
    assert not world.other_facilitator.has_perm("territories.change_pilotproject", project)
