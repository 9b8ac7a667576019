"""A facilitator adds a real commune to their cohort in a few keystrokes (htmx autocomplete)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from territories.models import Territory
from territories.official import official_reference_import
from tests.e2e.conftest import sign_in
from tests.factories import MembershipFactory
from tests.territories.test_official_reference import FIXTURE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"


def test_a_facilitator_types_loos_en_gohelle_picks_it_and_enrols_it(live_server, new_page):
    official_reference_import(source=FIXTURE)
    membership = MembershipFactory(role="facilitator", user__password=PASSWORD)
    cohort = membership.cohort
    page = new_page()
    sign_in(page, live_server.url, membership.user.email, PASSWORD)
    page.goto(f"{live_server.url}/territoires/cohortes/{cohort.pk}/ajouter/")
    page.get_by_role("link", name="Créer un territoire qui n'est pas dans la liste").click()

    page.get_by_label(
        "Commune ou intercommunalité, code postal, code INSEE ou SIREN"
    ).press_sequentially("loos en goh", delay=30)
    result = page.locator("#official-results").get_by_role("link", name="Loos-en-Gohelle")
    expect(result).to_be_visible()
    # The results came by htmx: the page did not reload.
    assert "q=" not in page.url
    result.click()

    expect(page.get_by_label("Code officiel")).to_have_value("62528")
    expect(page.get_by_label("Département")).to_have_value("62")
    page.get_by_label("Géographie").select_option(label="Urbain")
    page.get_by_label("Maturité en transition").select_option(label="Débutant")
    page.get_by_label("Intégration de l'ESS").select_option(label="Moyenne")
    page.get_by_role("button", name="Enregistrer").click()

    expect(
        page.get_by_text("« Loos-en-Gohelle » a été créé et rejoint la cohorte.")
    ).to_be_visible()
    territory = Territory.objects.get(code="62528")
    assert territory.official.name == "Loos-en-Gohelle" and territory.population == 6799
    assert territory.delegations.get().cohort == cohort
