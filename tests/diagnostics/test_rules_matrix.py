"""Every diagnostics rule, asked of every persona over stage state × diagnostic status.

The object is territory A's diagnostic. Each table reads: persona → the diagnostic
statuses in which the persona is allowed, per state of the diagnostic stage. A persona
not named is refused everywhere. Writes need the stage open (transitions.rules.
stage_is_open); reads do not.
"""

from __future__ import annotations

import pytest

from diagnostics import services
from tests.diagnostics.factories import open_diagnostic
from tests.factories import MATRIX_PERSONAS, STAGE_STATES, expand, put_stage_in_state, user_of

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED, VALIDATED = "draft", "submitted", "validated"
STATUSES = [DRAFT, SUBMITTED, VALIDATED]
EVERY_STATUS = frozenset(STATUSES)

DELEGATION_A = ["agent_a", "elu", "collectivite", "etat", "socio"]
FOLLOWERS = ["staff", "facilitator"]


def always(statuses=EVERY_STATUS) -> dict[str, frozenset]:
    """Allowed in these statuses whatever the stage's state."""
    return dict.fromkeys(STAGE_STATES, frozenset(statuses))


def while_open(*statuses: str) -> dict[str, frozenset]:
    """Allowed in these statuses, only while the diagnostic stage is open."""
    return {"upcoming": frozenset(), "open": frozenset(statuses), "closed": frozenset()}


READ = expand(dict.fromkeys(FOLLOWERS + DELEGATION_A, always()), default=always(()))

MATRIX = {
    "diagnostics.view_diagnostic": READ,
    "diagnostics.view_history": READ,
    "diagnostics.view_report": READ,
    # Requesting the PDF report is a read: any state.
    "diagnostics.add_report": READ,
    # The delegation fills its draft; followers read it but do not answer for it.
    "diagnostics.change_diagnostic": expand(
        dict.fromkeys(DELEGATION_A, while_open(DRAFT)), default=always(())
    ),
    # Only an agent of the delegation (or staff) submits; participants answer only.
    "diagnostics.submit_diagnostic": expand(
        {"staff": while_open(DRAFT), "agent_a": while_open(DRAFT)}, default=always(())
    ),
    # The cohort's facilitators validate; the delegation never validates its own.
    "diagnostics.validate_diagnostic": expand(
        dict.fromkeys(FOLLOWERS, while_open(SUBMITTED)), default=always(())
    ),
    "diagnostics.reopen_diagnostic": expand(
        dict.fromkeys(FOLLOWERS, while_open(SUBMITTED, VALIDATED)), default=always(())
    ),
    # Undoing a validation (back to submitted): followers, while the stage is open.
    "diagnostics.unvalidate_diagnostic": expand(
        dict.fromkeys(FOLLOWERS, while_open(VALIDATED)), default=always(())
    ),
    # Choosing the report's quotes changes its content: followers and the delegation's
    # agent, while the stage is open, whatever the status.
    "diagnostics.quote_answer": expand(
        dict.fromkeys([*FOLLOWERS, "agent_a"], while_open(*STATUSES)), default=always(())
    ),
}


def _bring_to(diagnostic, world, status: str) -> None:
    if status in (SUBMITTED, VALIDATED):
        services.diagnostic_submit(diagnostic=diagnostic, user=world.agent_a)
    if status == VALIDATED:
        services.diagnostic_validate(diagnostic=diagnostic, user=world.facilitator)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("stage_state", STAGE_STATES)
def test_each_persona_gets_the_diagnostic_rules_of_the_matrix(world, stage_state, status):
    diagnostic = open_diagnostic(world)
    _bring_to(diagnostic, world, status)
    put_stage_in_state(world.cohort, "diagnostic", stage_state)
    diagnostic.refresh_from_db()
    assert diagnostic.status == status
    wrong = []
    for perm, table in MATRIX.items():
        for persona in MATRIX_PERSONAS:
            expected = status in table[persona][stage_state]
            if user_of(world, persona).has_perm(perm, diagnostic) is not expected:
                wrong.append((perm, persona, expected))
    assert wrong == [], f"stage {stage_state}, diagnostic {status}: (perm, persona, expected)"


def test_an_agent_of_another_territory_cannot_view_the_diagnostic(world):
    diagnostic = open_diagnostic(world)
    assert not world.agent_b.has_perm("diagnostics.view_diagnostic", diagnostic)


def test_a_facilitator_of_another_cohort_cannot_view_the_diagnostic(world):
    diagnostic = open_diagnostic(world)
    assert not world.other_facilitator.has_perm("diagnostics.view_diagnostic", diagnostic)


def test_every_diagnostics_permission_has_a_matrix():
    import rules

    mine = {name for name in rules.permissions.permissions if name.startswith("diagnostics.")}
    assert mine == set(MATRIX)
