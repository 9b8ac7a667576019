"""An opportunity of the harvest opens territories' pilot-project form, prefilled, through
the agora's view that records which opportunity the project came from."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agora import services
from territories import services as territory_services
from territories.models import PilotProject
from tests.factories import open_stage
from transitions.models import Axis

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunity(world):
    open_stage(world.cohort, "forums")
    forum = services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    lead, helper = (
        territory_services.organisation_create(
            territory=world.territory_a,
            user=world.agent_a,
            organisation={"name": name, "legal_form": "scic"},
            relationship={"relation_type": "UNEQUAL", "observed_on": datetime.date(2024, 1, 1)},
        )
        for name in ("Légumerie coopérative", "Épicerie solidaire")
    )
    return services.opportunity_create(
        forum=forum,
        title="Légumerie pour les cantines",
        relation_type="COOPERATION",
        lead_organisation=lead,
        contributors=[helper],
        axes=[Axis.objects.first()],
        next_step="Visiter la légumerie",
    )


def test_the_harvest_links_an_opportunity_to_a_prefilled_pilot_project_form(
    client, world, opportunity
):
    open_stage(world.cohort, "pilot_projects")
    client.force_login(world.facilitator)
    html = client.get(reverse("agora:forum-harvest", args=[opportunity.forum_id])).content.decode()
    assert "Faire de cette opportunité un projet pilote" in html
    href = reverse("agora:opportunity-pilot", args=[opportunity.pk])
    assert href in html
    form = client.get(href).context["form"]
    assert form["title"].value() == "Légumerie pour les cantines"
    assert "origin" not in form.fields  # the origin is this opportunity
    assert "Visiter la légumerie" in form["description"].value()
    assert sorted(int(pk) for pk in form["partners"].value()) == sorted(
        [opportunity.lead_organisation_id, *[o.pk for o in opportunity.contributors.all()]]
    )
    assert [int(pk) for pk in form["axes"].value()] == [a.pk for a in opportunity.axes.all()]
    assert not PilotProject.objects.exists()


def test_the_link_is_not_offered_while_the_pilot_projects_stage_is_not_open(
    client, world, opportunity
):
    client.force_login(world.facilitator)
    html = client.get(reverse("agora:forum-harvest", args=[opportunity.forum_id])).content.decode()
    assert "Faire de cette opportunité un projet pilote" not in html
