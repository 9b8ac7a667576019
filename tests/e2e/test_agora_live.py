"""The agora run live: the facilitator records positions, a participant sees the matrix."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories import open_stage
from tests.peergroups.factories import ContributionFactory, peer_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"
CATEGORIES = [
    "Élu·e",
    "Agent·e de collectivité",
    "Agent·e de l'État",
    "Acteur·rice socio-économique",
]


def test_the_facilitator_records_positions_and_a_participant_sees_the_consensus(
    live_server, new_page
):
    world = peer_world()
    open_stage(world.cohort, "agora")
    ContributionFactory(
        session=world.session(),
        author=world.elu,
        text="Besoin d'un tiers de confiance",
        shared=True,
    )
    ContributionFactory(session=world.session(), author=world.elu, text="Secret du groupe")
    url = f"{live_server.url}/agora/cohorte/{world.cohort.pk}/"

    facilitator, participant = new_page(), new_page()
    sign_in(facilitator, live_server.url, world.facilitator.email, PASSWORD)
    sign_in(participant, live_server.url, world.etat.email, PASSWORD)
    facilitator.goto(url)
    participant.goto(url)
    expect(participant.get_by_text("Besoin d'un tiers de confiance").first).to_be_visible()
    expect(participant.locator("main")).not_to_contain_text("Secret du groupe")
    expect(participant.locator("main")).not_to_contain_text(world.elu.full_name)

    facilitator.get_by_label("Type d'énoncé").select_option(label="Consensus")
    facilitator.locator("textarea[name=text]").fill("Un tiers de confiance est nécessaire")
    facilitator.get_by_label("Besoin d'un tiers de confiance", exact=False).check()
    facilitator.get_by_role("button", name="Ajouter l'énoncé").click()
    expect(participant.locator("#position-matrix")).to_contain_text(
        "Un tiers de confiance est nécessaire", timeout=4000
    )

    facilitator.locator("details.position-forms summary").first.click()
    forms = facilitator.locator("details.position-forms form.toolbar")
    for index in range(4):
        forms.nth(index).get_by_role("button", name="Enregistrer").click()
        # Each htmx answer replaces the live part: wait for the position before the next.
        expect(facilitator.locator("#position-matrix td.agree")).to_have_count(index + 1)
        facilitator.locator("details.position-forms summary").first.click()
    expect(participant.locator("#position-matrix")).to_contain_text("Consensus", timeout=4000)
    for category in CATEGORIES:
        expect(participant.locator("#position-matrix thead")).to_contain_text(category)
