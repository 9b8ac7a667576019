"""The research part of the home page: a researcher's ready export, for them only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from transitions.models import Job

pytestmark = pytest.mark.django_db


def _actions(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.context["actions"]


def _ready_export(world, user, cohort):
    return Job.objects.create(
        kind="research_xlsx",
        target=f"{cohort.pk}:1:10",
        content_hash="x" * 64,
        status="ready",
        filename="corpus.xlsx",
        requested_by=user,
    )


def test_a_researcher_is_told_their_export_is_ready(client, world):
    job = _ready_export(world, world.researcher, world.cohort)
    ready = [a for a in _actions(client, world.researcher) if "est prêt" in a.text]
    assert [a.text for a in ready] == ["Votre export « corpus.xlsx » est prêt"]
    assert ready[0].url == reverse("transitions:job-download", args=[job.pk])


def test_nobody_else_hears_of_the_researchers_export(client, world):
    _ready_export(world, world.researcher, world.cohort)
    for persona in (world.facilitator, world.elu, world.agent_a, world.other_facilitator):
        assert not any("export" in a.text for a in _actions(client, persona)), persona


def test_an_export_of_a_cohort_the_researcher_left_is_not_offered(client, world):
    _ready_export(world, world.researcher, world.other_cohort)
    assert not any("est prêt" in a.text for a in _actions(client, world.researcher))
