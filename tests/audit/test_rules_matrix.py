"""Who reads a cohort's audit history: persona → allowed (no stage gating)."""

from __future__ import annotations

import pytest

from tests.factories import MATRIX_PERSONAS, user_of

pytestmark = pytest.mark.django_db


def test_only_the_cohorts_facilitators_and_staff_may_view_its_history(world):
    allowed = {"staff", "facilitator"}
    wrong = [
        persona
        for persona in MATRIX_PERSONAS
        if user_of(world, persona).has_perm("audit.view_history", world.cohort)
        is not (persona in allowed)
    ]
    assert wrong == []


def test_every_audit_permission_has_a_matrix():
    import rules

    assert {n for n in rules.permissions.permissions if n.startswith("audit.")} == {
        "audit.view_history"
    }
