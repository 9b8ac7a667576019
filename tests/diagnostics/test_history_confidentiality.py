"""The history page: a respondent's answers are theirs. Others see the change to an axis
answer under the actor category; shared sections (timeline, status…) stay named."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from diagnostics import services
from tests.diagnostics.factories import axis_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world, diagnostic):
    """The persona world with territory A's diagnostic (`world.diagnostic`)."""
    return world


HTMX = {"HTTP_HX_REQUEST": "true"}


def _history(client, world, viewer) -> str:
    client.force_login(viewer)
    url = reverse("diagnostics:history-list", args=[world.diagnostic.pk])
    return client.get(url).content.decode()


@pytest.fixture
def answered(client, world):
    question = axis_question(world.diagnostic, "P2-a")
    url = reverse("diagnostics:answer-save", args=[world.diagnostic.pk, question.pk])
    client.force_login(world.elu)
    client.post(url, {"version": 0, "level": 2, "text": "Ma parole vraie."}, **HTMX)
    services.timeline_event_add(
        diagnostic=world.diagnostic,
        user=world.elu,
        kind="key_event",
        happened_on=datetime.date(2024, 3, 1),
        title="Fermeture de l'usine",
    )
    return world


@pytest.mark.parametrize("viewer", ["agent_a2", "facilitator"])
def test_others_see_the_category_not_the_author_of_an_axis_answer(client, answered, viewer):
    html = _history(client, answered, getattr(answered, viewer))
    answer_rows = [row for row in html.split("<tr>") if "P2-a" in row]
    assert answer_rows and all("Élu·e" in row for row in answer_rows)
    assert all("Élise Élue" not in row for row in answer_rows)
    # The shared timeline stays named.
    timeline_rows = [row for row in html.split("<tr>") if "Fermeture de l&#x27;usine" in row]
    assert timeline_rows and all("Élise Élue" in row for row in timeline_rows)


def test_the_author_sees_their_own_answer_as_theirs(client, answered):
    html = _history(client, answered, answered.elu)
    answer_rows = [row for row in html.split("<tr>") if "P2-a" in row]
    assert answer_rows and all("<td>vous</td>" in row for row in answer_rows)
    assert not [row for row in answer_rows if "Élu·e" in row]
