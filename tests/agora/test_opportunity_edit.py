"""Cooperation opportunities are edited (every field) without lost update, and a pilot
project positioned from one records which opportunity it came from; both pages show it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agora import services
from agora.forms import OpportunityEditForm
from agora.models import Opportunity
from territories import services as territory_services
from territories.models import PilotProject
from tests.factories import open_stage
from transitions.concurrency import StaleEdit, fingerprint
from transitions.models import Axis

pytestmark = pytest.mark.django_db


def _organisation(world, name):
    return territory_services.organisation_create(
        territory=world.territory_a,
        user=world.agent_a,
        organisation={"name": name, "legal_form": "scic"},
        relationship={"relation_type": "UNEQUAL", "observed_on": datetime.date(2024, 1, 1)},
    )


@pytest.fixture
def opportunity(world):
    open_stage(world.cohort, "forums")
    forum = services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    return services.opportunity_create(
        forum=forum,
        title="Légumerie pour les cantines",
        relation_type="COOPERATION",
        lead_organisation=_organisation(world, "Légumerie coopérative"),
        contributors=[_organisation(world, "Épicerie solidaire")],
        axes=[Axis.objects.first()],
        next_step="Visiter la légumerie",
    )


def _form_data(client, url) -> dict:
    """What the edit page's form would post as it stands (bound values, lists kept)."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    return data


def test_a_facilitator_edits_every_field_of_an_opportunity(client, world, opportunity):
    client.force_login(world.facilitator)
    url = reverse("agora:opportunity-edit", args=[opportunity.pk])
    data = _form_data(client, url)
    other = _organisation(world, "Régie de quartier")
    data.update(
        title="Légumerie et conserverie",
        relation_type="PARTNERSHIP",
        cooperation_form="SCIC",
        authority_moment=OpportunityEditForm(forum=opportunity.forum)
        .fields["authority_moment"]
        .choices[1][0],
        authority_means=[
            OpportunityEditForm(forum=opportunity.forum).fields["authority_means"].choices[0][0]
        ],
        lead_organisation=str(other.pk),
        contributors=[str(other.pk)],
        authority_contributes="on",
        next_step="Réunir le comité",
        next_step_owner="Service économie",
        next_step_due="2027-02-01",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Légumerie et conserverie"
    assert opportunity.relation_type == "PARTNERSHIP"
    assert opportunity.cooperation_form == "SCIC"
    assert opportunity.lead_organisation == other
    assert list(opportunity.contributors.all()) == [other]
    assert opportunity.authority_contributes
    assert len(opportunity.authority_means) == 1
    assert opportunity.next_step_due == datetime.date(2027, 2, 1)


def test_a_stale_opportunity_edit_is_refused_showing_both_versions(client, world, opportunity):
    client.force_login(world.facilitator)
    url = reverse("agora:opportunity-edit", args=[opportunity.pk])
    data = _form_data(client, url)
    # A colleague renames it and changes its contributors meanwhile.
    saved = _form_data(client, url)
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Conserverie partagée")
    opportunity.contributors.clear()
    data["title"] = "Légumerie des écoles"
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Conserverie partagée" in page and "Légumerie des écoles" in page
    assert "Épicerie solidaire" in page  # my contributors, against theirs (none)
    opportunity.refresh_from_db()
    assert opportunity.title == "Conserverie partagée"
    assert saved["fingerprint"] != response.context["form"]["fingerprint"].value()
    # "Keep mine" from the re-based form saves, now knowingly.
    again = _form_data_from(response.context["form"])
    assert client.post(url, again).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Légumerie des écoles"


def _form_data_from(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False, ""):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def test_the_update_service_refuses_a_stale_fingerprint(world, opportunity):
    stale = fingerprint(opportunity, OpportunityEditForm.fingerprint_fields)
    opportunity.axes.clear()
    with pytest.raises(StaleEdit):
        services.opportunity_update(
            opportunity=opportunity,
            fingerprint=stale,
            contributors=[],
            axes=[],
            cards=[],
            **{
                name: getattr(opportunity, name)
                for name in OpportunityEditForm.fingerprint_fields
                if not name.endswith("_ids")
            },
        )


def test_a_participant_of_the_delegation_may_not_edit_an_opportunity(client, world, opportunity):
    client.force_login(world.elu)
    assert client.get(reverse("agora:opportunity-edit", args=[opportunity.pk])).status_code == 403


def test_a_project_positioned_from_an_opportunity_records_it_and_both_pages_link(
    client, world, opportunity
):
    open_stage(world.cohort, "pilot_projects")
    client.force_login(world.agent_a)
    harvest = reverse("agora:forum-harvest", args=[opportunity.forum_id])
    url = reverse("agora:opportunity-pilot", args=[opportunity.pk])
    assert url in client.get(harvest).content.decode()
    form = client.get(url).context["form"]
    assert form["title"].value() == "Légumerie pour les cantines"
    assert "Visiter la légumerie" in form["description"].value()
    assert not PilotProject.objects.exists()  # nothing saved on GET
    response = client.post(
        url,
        {
            "title": "Légumerie des cantines",
            "description": "Née du forum",
            "status": "positioned",
            "partners": [str(opportunity.lead_organisation_id)],
        },
    )
    project = PilotProject.objects.get()
    assert response.url == reverse("territories:pilot-detail", args=[project.pk])
    opportunity.refresh_from_db()
    assert opportunity.pilot_project == project
    assert project.origin == "opportunity"
    pilot_page = client.get(response.url).content.decode()
    assert "Légumerie pour les cantines" in pilot_page
    assert f"#opportunity-{opportunity.pk}" in pilot_page
    harvest_page = client.get(harvest).content.decode()
    assert reverse("territories:pilot-detail", args=[project.pk]) in harvest_page
    # A second positioning from the same opportunity goes to the existing project.
    assert client.get(url).url == reverse("territories:pilot-detail", args=[project.pk])


def test_another_territory_agent_sees_no_link_to_the_opportunity(client, world, opportunity):
    open_stage(world.cohort, "pilot_projects")
    project = services.opportunity_to_pilot_project(
        opportunity=opportunity,
        title="Légumerie",
        description="",
        status="idea",
        axes=[],
        partners=[],
    )
    client.force_login(world.agent_b)
    assert client.get(reverse("agora:opportunity-pilot", args=[opportunity.pk])).status_code == 404
    client.force_login(world.facilitator)
    page = client.get(reverse("territories:pilot-detail", args=[project.pk])).content.decode()
    assert "Légumerie pour les cantines" in page


def test_an_opportunity_links_only_its_own_territory_s_project_and_only_once(world, opportunity):
    from django.core.exceptions import ValidationError

    elsewhere = territory_services.pilot_project_create(
        delegation=world.delegation_b, title="Ailleurs"
    )
    with pytest.raises(ValidationError):
        services.opportunity_link_pilot_project(opportunity=opportunity, project=elsewhere)
    mine = territory_services.pilot_project_create(delegation=world.delegation_a, title="Ici")
    services.opportunity_link_pilot_project(opportunity=opportunity, project=mine)
    other = services.opportunity_create(
        forum=opportunity.forum, title="Une autre", relation_type="PARTNERSHIP"
    )
    with pytest.raises(ValidationError):
        services.opportunity_link_pilot_project(opportunity=other, project=mine)
    assert Opportunity.objects.get(pk=opportunity.pk).pilot_project == mine
