"""Who may see and do what on a diagnostic: outside the scope 404, inside without the
right 403 — on every URL, its history, its report and the htmx partials."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from diagnostics import services
from tests.diagnostics.factories import axis_question

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _urls(world):
    pk = world.diagnostic.pk
    question = axis_question(world.diagnostic, "P1-a")
    answer = services.answer_save(
        diagnostic=world.diagnostic,
        question=question,
        user=world.agent_a,
        base_version=0,
        category="AGENT_COLLECTIVITE",
        level=2,
        text="",
    )
    evidence = services.evidence_add(
        diagnostic=world.diagnostic,
        question=question,
        user=world.agent_a,
        category="AGENT_COLLECTIVITE",
        kind="document",
        description="Délibération",
    )
    event = services.timeline_event_add(
        diagnostic=world.diagnostic,
        user=world.agent_a,
        kind="key_event",
        happened_on=datetime.date(2020, 1, 1),
        title="Forum",
        description="",
    )
    assert answer.pk
    gets = [
        reverse("diagnostics:diagnostic-detail", args=[pk]),
        reverse("diagnostics:principle-edit", args=[pk, 1]),
        reverse("diagnostics:section-edit", args=[pk, "profil"]),
        reverse("diagnostics:timeline-list", args=[pk]),
        reverse("diagnostics:history-list", args=[pk]),
        reverse("diagnostics:results-detail", args=[pk]),
        reverse("diagnostics:answer-item", args=[pk, question.pk]),
        reverse("diagnostics:report-status", args=[pk]),
        reverse("diagnostics:report-download", args=[pk]),
        reverse("diagnostics:evidence-add", args=[pk, question.pk]),
    ]
    posts = [
        reverse("diagnostics:answer-save", args=[pk, question.pk]),
        reverse("diagnostics:evidence-add", args=[pk, question.pk]),
        reverse("diagnostics:evidence-delete", args=[pk, evidence.pk]),
        reverse("diagnostics:timeline-list", args=[pk]),
        reverse("diagnostics:timeline-delete", args=[pk, event.pk]),
        reverse("diagnostics:diagnostic-submit", args=[pk]),
        reverse("diagnostics:diagnostic-validate", args=[pk]),
        reverse("diagnostics:diagnostic-unvalidate", args=[pk]),
        reverse("diagnostics:diagnostic-reopen", args=[pk]),
        reverse("diagnostics:report-request", args=[pk]),
        reverse("diagnostics:diagnostic-open", args=[world.delegation_a.pk]),
    ]
    return gets, posts


@pytest.mark.parametrize("who", ["agent_b", "researcher", "outsider"])
def test_people_outside_the_delegation_get_404_on_every_url_including_partials(
    client, world, diagnostic, who
):
    gets, posts = _urls(world)
    client.force_login(getattr(world, who))
    for url in gets:
        assert client.get(url).status_code == 404, url
        assert client.get(url, **HTMX).status_code == 404, url
    for url in posts:
        data = {"version": 1, "level": 3, "text": "intrus", "comment": "x", "kind": "document"}
        assert client.post(url, data).status_code == 404, url
        assert client.post(url, data, **HTMX).status_code == 404, url
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "draft"
    assert world.diagnostic.answers.filter(text="intrus").count() == 0


def test_an_agent_of_another_territory_does_not_see_the_diagnostic_in_lists(
    client, world, diagnostic
):
    client.force_login(world.agent_b)
    response = client.get(reverse("diagnostics:diagnostic-list"))
    assert "Loos-sur-Lys" not in response.content.decode()
    assert "Autreville" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world, diagnostic):
    response = client.get(reverse("diagnostics:diagnostic-detail", args=[world.diagnostic.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_facilitator_sees_the_diagnostic_but_may_not_answer_it(client, world, diagnostic):
    client.force_login(world.facilitator)
    pk = world.diagnostic.pk
    question = axis_question(world.diagnostic, "P1-a")
    assert client.get(reverse("diagnostics:principle-edit", args=[pk, 1])).status_code == 200
    assert client.get(reverse("diagnostics:history-list", args=[pk])).status_code == 200
    response = client.post(
        reverse("diagnostics:answer-save", args=[pk, question.pk]),
        {"version": 0, "level": 3, "text": ""},
    )
    assert response.status_code == 403
    assert client.post(reverse("diagnostics:diagnostic-submit", args=[pk])).status_code == 403


def test_a_participant_answers_but_only_the_agent_submits(client, world, diagnostic):
    client.force_login(world.elu)
    pk = world.diagnostic.pk
    question = axis_question(world.diagnostic, "P1-a")
    response = client.post(
        reverse("diagnostics:answer-save", args=[pk, question.pk]),
        {"version": 0, "level": 3, "text": ""},
    )
    assert response.status_code == 302
    assert client.post(reverse("diagnostics:diagnostic-submit", args=[pk])).status_code == 403
    client.force_login(world.agent_a)
    submit = reverse("diagnostics:diagnostic-submit", args=[pk])
    assert client.post(submit, {"confirme": "oui"}).status_code == 302
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "submitted"


def test_members_may_not_validate_their_own_diagnostic(client, world, diagnostic):
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    client.force_login(world.agent_a)
    url = reverse("diagnostics:diagnostic-validate", args=[world.diagnostic.pk])
    assert client.post(url).status_code == 403
