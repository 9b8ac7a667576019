"""A closed diagnostic stage is read-only, and every refusal says why."""

import pytest
from django.urls import reverse

from diagnostics import services
from tests.diagnostics.factories import axis_question, diagnostic_world, history_size
from transitions.services import stage_set_status

pytestmark = pytest.mark.django_db

STAGE_CLOSED = "L&#x27;étape « Diagnostic systémique » n&#x27;est pas ouverte"


@pytest.fixture
def closed_world():
    world = diagnostic_world()
    stage_set_status(stage=world.cohort.stages.get(kind="diagnostic"), status="closed")
    return world


def test_autosave_on_a_closed_stage_is_refused_with_a_json_explanation(client, closed_world):
    q = axis_question(closed_world.diagnostic, "P1-a")
    client.force_login(closed_world.agent_a)
    response = client.post(
        reverse("diagnostics:answer-save", args=[closed_world.diagnostic.pk, q.pk]),
        {"level": "2", "text": "x", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert "n'est pas ouverte" in response.json()["error"]


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        (
            "diagnostics:timeline-list",
            {"kind": "key_event", "happened_on": "2020-01-01", "title": "t"},
        ),
        ("diagnostics:diagnostic-submit", {}),
    ],
)
def test_page_writes_on_a_closed_stage_get_a_french_page_saying_why(
    client, closed_world, url_name, data
):
    client.force_login(closed_world.agent_a)
    response = client.post(reverse(url_name, args=[closed_world.diagnostic.pk]), data)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Action impossible" in content
    assert STAGE_CLOSED in content


def test_a_submitted_diagnostic_says_it_waits_for_the_facilitators(client):
    world = diagnostic_world()
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    q = axis_question(world.diagnostic, "P1-a")
    client.force_login(world.agent_a)
    response = client.post(
        reverse("diagnostics:answer-save", args=[world.diagnostic.pk, q.pk]),
        {"level": "2", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert "a été soumis" in response.json()["error"]


def test_quotes_for_the_report_cannot_change_once_the_stage_is_closed(client):
    world = diagnostic_world()
    q = axis_question(world.diagnostic, "P1-a")
    answer = services.answer_save(
        diagnostic=world.diagnostic,
        question=q,
        user=world.agent_a,
        base_version=0,
        category="AGENT_COLLECTIVITE",
        level=2,
        text="Observation sensible",
    )
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    services.diagnostic_validate(diagnostic=world.diagnostic, user=world.facilitator)
    stage_set_status(stage=world.cohort.stages.get(kind="diagnostic"), status="closed")
    before = history_size(world.diagnostic, world.facilitator)
    for person in (world.agent_a, world.facilitator):
        client.force_login(person)
        response = client.post(
            reverse("diagnostics:observation-quote", args=[world.diagnostic.pk, answer.pk]),
            {"quoted": "1"},
        )
        assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.quoted is False
    assert history_size(world.diagnostic, world.facilitator) == before
