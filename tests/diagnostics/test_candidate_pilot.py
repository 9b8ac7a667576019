"""The synthesis' candidate pilot project opens territories' pilot-project form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from diagnostics import services
from territories.models import PilotProject
from tests.factories import open_stage

pytestmark = pytest.mark.django_db


def _write_candidate(world, diagnostic, text):
    question = diagnostic.questionnaire.questions.get(code="synthesis.pilot_project")
    services.answer_save(
        diagnostic=diagnostic, question=question, user=world.agent_a, base_version=0, text=text
    )


def _candidate_link(client, diagnostic) -> str | None:
    html = client.get(reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk])).content
    html = html.decode()
    create = reverse("territories:pilot-create", args=[diagnostic.delegation_id])
    if create not in html:
        return None
    start = html.index(create)
    return html[start : html.index('"', start)].replace("&amp;", "&")


def test_an_agent_positions_the_synthesis_candidate_from_the_diagnostic_page(
    client, world, diagnostic
):
    _write_candidate(world, diagnostic, "Une cuisine centrale coopérative.\nAvec les paysans.")
    open_stage(world.cohort, "pilot_projects")
    client.force_login(world.agent_a)
    form = client.get(_candidate_link(client, diagnostic)).context["form"]
    assert form["title"].value() == "Une cuisine centrale coopérative"
    assert "Avec les paysans." in form["description"].value()
    assert form["origin"].value() == "diagnostic"
    assert not PilotProject.objects.exists()


def test_no_candidate_link_without_a_candidate_nor_for_a_participant(client, world, diagnostic):
    client.force_login(world.agent_a)
    open_stage(world.cohort, "pilot_projects")
    assert _candidate_link(client, diagnostic) is None
    _write_candidate(world, diagnostic, "Une ressourcerie.")
    assert _candidate_link(client, diagnostic) is not None
    client.force_login(world.elu)  # a participant reads the diagnostic, positions nothing
    assert _candidate_link(client, diagnostic) is None
