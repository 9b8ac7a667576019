"""The overview's progress per principle says whose answers it counts: a respondent's own,
or, for the facilitator, the items the delegation answered (no unlabelled "0 / 7")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from diagnostics import selectors, services
from tests.diagnostics.factories import axis_question

pytestmark = pytest.mark.django_db


def _answer(diagnostic, user, code, category):
    services.answers_create(
        diagnostic=diagnostic, rows=[(axis_question(diagnostic, code), user, category, 2, "")]
    )


def test_the_facilitator_sees_what_the_delegation_answered_and_a_respondent_their_own(
    world, diagnostic
):
    _answer(diagnostic, world.agent_a, "P1-a", "AGENT_COLLECTIVITE")
    _answer(diagnostic, world.agent_a, "P1-b", "AGENT_COLLECTIVITE")
    _answer(diagnostic, world.elu, "P1-a", "ELU")  # the same item twice counts once
    assert selectors.progress(diagnostic, world.facilitator)["P1"]["done"] == 2
    assert selectors.progress(diagnostic, world.elu)["P1"]["done"] == 1
    assert selectors.progress(diagnostic, world.agent_a)["P1"]["done"] == 2


def test_the_overview_labels_the_progress_for_each_reader(client, world, diagnostic):
    _answer(diagnostic, world.elu, "P1-a", "ELU")
    url = reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk])
    client.force_login(world.facilitator)
    page = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert re.search(r"1 / \d+ <span class=\"muted\">\(répondus par la délégation\)", page)
    client.force_login(world.elu)
    page = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert re.search(r"1 / \d+ <span class=\"muted\">\(vos réponses\)", page)
