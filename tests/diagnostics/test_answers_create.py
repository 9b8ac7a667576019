"""Answers typed in together (answers_create): same checks and history as one by one,
and all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from diagnostics import services
from diagnostics.models import Answer
from tests.diagnostics.factories import axis_question, history_lines

pytestmark = pytest.mark.django_db


def test_answers_created_together_leave_the_same_history_as_one_by_one(world, diagnostic):
    question = axis_question(diagnostic, "P2-e")
    user = world.agent_a
    services.answers_create(
        diagnostic=diagnostic,
        rows=[(question, user, "AGENT_COLLECTIVITE", 2, "Entre services, on se parle peu.")],
    )
    answer = Answer.objects.get(diagnostic=diagnostic, question=question, respondent=user)
    assert (answer.level, answer.version, answer.updated_by) == (2, 1, user)
    lines = [line for line in history_lines(diagnostic, user) if line[0] == "P2-e"]
    assert [(label, after, who) for _what, label, _before, after, who in lines] == [
        ("niveau", "2 · Structuré", "vous"),
        ("observation", "Entre services, on se parle peu.", "vous"),
    ]
    # The row then moves on through answer_save like any other answer.
    services.answer_save(
        diagnostic=diagnostic, question=question, user=user, base_version=1, level=3
    )
    answer.refresh_from_db()
    assert (answer.level, answer.version) == (3, 2)


def test_an_existing_answer_refuses_the_whole_batch(world, diagnostic):
    first, second = axis_question(diagnostic, "P1-a"), axis_question(diagnostic, "P1-b")
    user = world.agent_a
    services.answer_save(diagnostic=diagnostic, question=first, user=user, base_version=0, level=1)
    with pytest.raises(ValidationError):
        services.answers_create(
            diagnostic=diagnostic,
            rows=[
                (second, user, "AGENT_COLLECTIVITE", 2, ""),
                (first, user, "AGENT_COLLECTIVITE", 4, ""),
            ],
        )
    assert not Answer.objects.filter(question=second).exists()
    assert Answer.objects.get(question=first, respondent=user).level == 1


def test_a_level_outside_the_scale_is_refused(world, diagnostic):
    with pytest.raises(ValidationError):
        services.answers_create(
            diagnostic=diagnostic,
            rows=[(axis_question(diagnostic, "P1-a"), world.agent_a, "AGENT_COLLECTIVITE", 7, "")],
        )
    assert not Answer.objects.filter(diagnostic=diagnostic).exists()
