"""Browser: two people edit the same organisation of the ESS map, and the same event of
the diagnostic's timeline, at the same time; the second sees what changed and nothing is
silently overwritten."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from diagnostics import services
from territories import services as ess_services
from territories.models import Organisation
from tests.diagnostics.factories import diagnostic_world
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"


def test_two_agents_edit_one_organisation_and_the_second_sees_the_differences(
    live_server, new_page
):
    world = diagnostic_world(territory_name="Loos-en-Gohelle")
    territory = world.delegation_a.territory
    org = ess_services.organisation_create(
        territory=territory,
        user=world.agent_a,
        organisation={"name": "Tiers-lieu La Fabrique", "legal_form": "association"},
        relationship={"relation_type": "UNEQUAL", "observed_on": datetime.date(2022, 1, 1)},
    )
    agnes, bruno = new_page(), new_page()
    sign_in(agnes, live_server.url, world.agent_a.email, PASSWORD)
    sign_in(bruno, live_server.url, world.agent_a2.email, PASSWORD)
    detail = f"{live_server.url}/territoires/{territory.pk}/ess/{org.pk}/"
    for page in (agnes, bruno):
        page.goto(detail)
        page.get_by_role("link", name="Modifier l'organisation").click()

    agnes.get_by_label("Nom").fill("La Fabrique des possibles")
    agnes.get_by_role("button", name="Enregistrer").click()
    expect(agnes.get_by_text("Organisation enregistrée.")).to_be_visible()

    bruno.get_by_label("Secteurs d'activité").fill("tiers-lieu, réemploi")
    bruno.get_by_role("button", name="Enregistrer").click()
    expect(bruno.get_by_role("alert").first).to_contain_text(
        "Quelqu'un d'autre a modifié cette organisation"
    )
    differences = bruno.locator("table.stale-differences")
    expect(differences).to_contain_text("La Fabrique des possibles")
    expect(differences).to_contain_text("tiers-lieu, réemploi")
    assert Organisation.objects.get(pk=org.pk).sectors == ""

    # Bruno keeps Agnès's name and his sectors.
    bruno.get_by_label("Nom").fill("La Fabrique des possibles")
    bruno.get_by_role("button", name="Enregistrer ma version").click()
    expect(bruno.get_by_text("Organisation enregistrée.")).to_be_visible()
    org.refresh_from_db()
    assert (org.name, org.sectors) == ("La Fabrique des possibles", "tiers-lieu, réemploi")


def test_two_members_edit_one_timeline_event_and_the_history_keeps_both(live_server, new_page):
    world = diagnostic_world(territory_name="Loos-en-Gohelle")
    event = services.timeline_event_add(
        diagnostic=world.diagnostic,
        user=world.agent_a,
        kind="key_event",
        happened_on=datetime.date(2015, 3, 1),
        title="Premier forum citoyen",
        description="",
    )
    agnes, elise = new_page(), new_page()
    sign_in(agnes, live_server.url, world.agent_a.email, PASSWORD)
    sign_in(elise, live_server.url, world.elu.email, PASSWORD)
    timeline = f"{live_server.url}/diagnostics/{world.diagnostic.pk}/recit/"
    for page in (agnes, elise):
        page.goto(timeline)
        page.get_by_role("link", name="Modifier").click()

    agnes.get_by_label("Titre").fill("Le premier forum")
    agnes.get_by_role("button", name="Enregistrer").click()
    expect(agnes.get_by_text("Événement enregistré.")).to_be_visible()

    elise.get_by_label("Récit").fill("La salle des fêtes était pleine.")
    elise.get_by_role("button", name="Enregistrer").click()
    expect(elise.locator("table.stale-differences")).to_contain_text("Le premier forum")
    elise.get_by_label("Titre").fill("Le premier forum")
    elise.get_by_role("button", name="Enregistrer ma version").click()
    expect(elise.get_by_text("Événement enregistré.")).to_be_visible()
    event.refresh_from_db()
    assert (event.title, event.description) == (
        "Le premier forum",
        "La salle des fêtes était pleine.",
    )
    elise.goto(f"{live_server.url}/diagnostics/{world.diagnostic.pk}/historique/")
    expect(elise.locator("table")).to_contain_text("Premier forum citoyen")
    expect(elise.locator("table")).to_contain_text("La salle des fêtes était pleine.")
