"""Editing an organisation of the ESS map: who may, no lost update, relationships untouched."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from territories import services as ess_services
from territories.models import Organisation, Relationship

pytestmark = pytest.mark.django_db

VALID_SIREN = "732829320"


@pytest.fixture
def org(world):
    """An organisation of territory A's ESS map (on the shared persona world)."""
    return ess_services.organisation_create(
        territory=world.territory_a,
        user=world.agent_a,
        organisation={"name": "Tiers-lieu La Fabrique", "legal_form": "association"},
        relationship={"relation_type": "UNEQUAL", "observed_on": datetime.date(2022, 1, 1)},
    )


@pytest.fixture
def url(world, org):
    return reverse("territories:organisation-update", args=[world.territory_a.pk, org.pk])


def _form_data(client, url, **changes) -> dict:
    """What the edit page would post: its initial values (fingerprint included), changed."""
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def test_an_agent_edits_an_organisation_and_its_relationships_stay_as_they_were(
    client, world, url, org
):
    client.force_login(world.agent_a)
    data = _form_data(
        client,
        url,
        name="La Fabrique (SCIC)",
        legal_form="scic",
        sectors="tiers-lieu, alimentation",
        origin="authority_initiative",
        siren=VALID_SIREN,
        website="fabrique.example",
    )
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Organisation enregistrée." in html and "La Fabrique (SCIC)" in html
    org = Organisation.objects.get(pk=org.pk)
    assert (org.name, org.legal_form, org.sectors, org.origin, org.siren, org.website) == (
        "La Fabrique (SCIC)",
        "scic",
        "tiers-lieu, alimentation",
        "authority_initiative",
        VALID_SIREN,
        "https://fabrique.example",
    )
    rel = Relationship.objects.get()
    assert (rel.relation_type, rel.observed_on) == ("UNEQUAL", datetime.date(2022, 1, 1))


def test_the_organisation_page_links_to_the_edit_form_for_those_who_may_edit(
    client, world, url, org
):
    detail = reverse("territories:organisation-detail", args=[world.territory_a.pk, org.pk])
    client.force_login(world.facilitator)
    assert url in client.get(detail).content.decode()
    client.force_login(world.elu)
    assert url not in client.get(detail).content.decode()


def test_an_edit_from_a_stale_page_is_refused_and_shows_what_changed(client, world, url, org):
    client.force_login(world.agent_a)
    mine = _form_data(client, url, sectors="mobilité")
    # A colleague renames the organisation meanwhile.
    colleague = _form_data(client, url, name="La Fabrique des possibles")
    assert client.post(url, colleague).status_code == 302

    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Quelqu&#x27;un d&#x27;autre a modifié cette organisation" in html
    assert "rien n&#x27;a été enregistré" in html
    differences = response.context["differences"]
    assert differences == [
        {"label": "Nom", "saved": "La Fabrique des possibles", "mine": "Tiers-lieu La Fabrique"},
        {"label": "Secteurs d'activité", "saved": "—", "mine": "mobilité"},
    ]
    assert "<td>La Fabrique des possibles</td><td>Tiers-lieu La Fabrique</td>" in html
    org = Organisation.objects.get(pk=org.pk)
    assert (org.name, org.sectors) == ("La Fabrique des possibles", "")

    # Having seen the differences, the person keeps the colleague's name and saves again.
    again = {
        name: response.context["form"][name].value() or ""
        for name in response.context["form"].fields
    }
    again["name"] = "La Fabrique des possibles"
    assert client.post(url, again).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.sectors) == ("La Fabrique des possibles", "mobilité")


def test_a_post_without_its_fingerprint_is_refused(client, world, url, org):
    client.force_login(world.agent_a)
    data = _form_data(client, url, name="Autre nom")
    del data["fingerprint"]
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Cette page est incomplète" in response.content.decode()
    assert Organisation.objects.get(pk=org.pk).name == "Tiers-lieu La Fabrique"


def test_bad_input_gets_french_messages_and_nothing_is_saved(client, world, url, org):
    ess_services.organisation_create(
        territory=world.territory_a,
        user=world.agent_a,
        organisation={"name": "AMAP des Trois Chênes", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2023, 1, 1)},
    )
    client.force_login(world.agent_a)
    data = _form_data(
        client, url, name="amap des trois chênes", siren="12345678", legal_form="nope"
    )
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Cette organisation figure déjà sur la carte." in html
    assert "Un numéro SIREN compte exactement 9 chiffres." in html
    assert "Sélectionnez un choix valide." in html
    org = Organisation.objects.get(pk=org.pk)
    assert (org.name, org.siren, org.legal_form) == ("Tiers-lieu La Fabrique", "", "association")


def test_a_participant_gets_403_and_an_agent_of_another_territory_gets_404(client, world, url, org):
    client.force_login(world.elu)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X"}).status_code == 403
    client.force_login(world.agent_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "X"}).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert Organisation.objects.get(pk=org.pk).name == "Tiers-lieu La Fabrique"


def test_an_organisation_of_another_territory_is_404_through_this_territorys_url(client, world):
    other = ess_services.organisation_create(
        territory=world.delegation_b.territory,
        user=world.agent_b,
        organisation={"name": "Régie de quartier", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2023, 1, 1)},
    )
    client.force_login(world.agent_a)
    url = reverse("territories:organisation-update", args=[world.territory_a.pk, other.pk])
    assert client.get(url).status_code == 404
