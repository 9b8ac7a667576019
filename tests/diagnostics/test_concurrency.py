"""No lost update on real PostgreSQL: two people save the same answer from the same
starting version at the same moment; exactly one wins, the other is told."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from diagnostics import services
from diagnostics.models import Answer
from tests.diagnostics.factories import diagnostic_world, history_lines
from transitions.concurrency import StaleEdit

pytestmark = pytest.mark.django_db(transaction=True)


def _race(world, question, people_and_texts, base_version):
    barrier = threading.Barrier(len(people_and_texts))
    outcomes: dict[str, str] = {}

    def save(user, text):
        try:
            barrier.wait(timeout=10)
            services.answer_save(
                diagnostic=world.diagnostic,
                question=question,
                user=user,
                base_version=base_version,
                text=text,
            )
            outcomes[text] = "saved"
        except StaleEdit as exc:
            outcomes[text] = f"conflict:{exc.current.text}"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in people_and_texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("round_", range(3))
def test_two_threads_saving_the_same_answer_from_the_same_version_never_both_win(round_):
    world = diagnostic_world()
    question = world.diagnostic.questionnaire.questions.get(code="synthesis.pilot_project")
    # Both start from an existing version 1 (the conditional UPDATE path).
    services.answer_save(
        diagnostic=world.diagnostic,
        question=question,
        user=world.agent_a,
        base_version=0,
        text="Départ",
    )
    outcomes = _race(
        world, question, [(world.agent_a, "Cuisine centrale"), (world.elu, "Tiers-lieu")], 1
    )
    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["conflict", "saved"]
    winner = next(t for t, v in outcomes.items() if v == "saved")
    loser = next(t for t, v in outcomes.items() if v != "saved")
    answer = Answer.objects.get(question=question, respondent__isnull=True)
    assert (answer.text, answer.version) == (winner, 2)
    # The loser was shown the winner's value.
    assert outcomes[loser] == f"conflict:{winner}"
    lines = history_lines(answer.diagnostic, world.staff)
    assert not [line for line in lines if line[0] == "synthesis.pilot_project" and line[3] == loser]
    assert [line for line in lines if line[0] == "synthesis.pilot_project" and line[3] == winner]


def test_two_threads_creating_the_same_first_answer_never_both_win():
    world = diagnostic_world()
    question = world.diagnostic.questionnaire.questions.get(code="profile.ambition")
    outcomes = _race(
        world, question, [(world.agent_a, "Ambition A"), (world.agent_a2, "Ambition B")], 0
    )
    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["conflict", "saved"]
    assert Answer.objects.filter(question=question).count() == 1
