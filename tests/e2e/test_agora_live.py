"""The agora run live: the facilitator records positions, a participant sees the matrix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from agora import services
from tests.e2e.conftest import sign_in
from tests.factories import MembershipFactory, open_stage
from tests.peergroups.factories import ContributionFactory, peer_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"
CATEGORIES = [
    "Élu·e",
    "Agent·e de collectivité",
    "Agent·e de l'État",
    "Acteur·rice socio-économique",
]
# Set AGORA_SCREENSHOTS=/some/dir to keep the tablet and phone screenshots for a look.
SCREENSHOTS = os.environ.get("AGORA_SCREENSHOTS", "")


def _agora_world():
    world = peer_world()
    open_stage(world.cohort, "agora")
    return world


def _cell(page, statement_id: int, category: str):
    return page.locator(f"#statement-{statement_id} td[data-category={category}]")


def test_the_facilitator_records_positions_and_a_participant_sees_the_consensus(
    live_server, new_page
):
    world = _agora_world()
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

    # The statement form (every shared contribution as a source) loads when opened.
    facilitator.get_by_text("Construire un énoncé").click()
    facilitator.get_by_label("Type d'énoncé").select_option(label="Proposition mise en débat")
    facilitator.locator("textarea[name=text]").fill("Un tiers de confiance est nécessaire")
    facilitator.get_by_label("Besoin d'un tiers de confiance", exact=False).check()
    facilitator.get_by_role("button", name="Ajouter l'énoncé").click()
    expect(participant.locator("#position-matrix")).to_contain_text(
        "Un tiers de confiance est nécessaire", timeout=4000
    )

    buttons = facilitator.locator("#position-matrix .stance-buttons")
    expect(buttons).to_have_count(4)
    for index in range(4):
        buttons.nth(index).get_by_role("button", name="D'accord", exact=True).click()
        # Each htmx answer replaces the live part: wait for the position before the next.
        expect(facilitator.locator("#position-matrix td.agree")).to_have_count(index + 1)
    expect(participant.locator("#position-matrix")).to_contain_text("Consensus", timeout=4000)
    expect(participant.locator("#position-matrix .stance-buttons")).to_have_count(0)
    for category in CATEGORIES:
        expect(participant.locator("#position-matrix thead")).to_contain_text(category)


def test_two_facilitators_recording_the_same_position_choose_instead_of_overwriting(
    live_server, new_page
):
    world = _agora_world()
    second = MembershipFactory(cohort=world.cohort, role="facilitator").user
    agora = services.agora_ensure(cohort=world.cohort)
    statement = services.statement_create(agora=agora, kind="proposal", text="Le rythme")
    url = f"{live_server.url}/agora/cohorte/{world.cohort.pk}/"

    alice, bob = new_page(), new_page()
    sign_in(alice, live_server.url, world.facilitator.email, PASSWORD)
    sign_in(bob, live_server.url, second.email, PASSWORD)
    alice.goto(url)
    bob.goto(url)
    # Bob's page stops refreshing while he types a nuance: both start from "no position".
    bob_cell = _cell(bob, statement.pk, "AGENT_ETAT")
    bob_cell.locator("summary").click()
    bob_cell.get_by_label("Nuance (facultatif)", exact=False).fill("Trop fréquentes")

    _cell(alice, statement.pk, "AGENT_ETAT").get_by_role(
        "button", name="D'accord", exact=True
    ).click()
    expect(_cell(alice, statement.pk, "AGENT_ETAT")).to_have_class("position-cell agree")
    bob.wait_for_timeout(3500)  # a poll would have come by now; the field still has focus
    bob_cell.get_by_role("button", name="Pas d'accord").click()

    conflict = bob.locator("#position-conflict")
    expect(conflict).to_contain_text("pendant que vous choisissiez : D'accord")
    expect(conflict).to_contain_text("Votre choix n'a pas été enregistré : Pas d'accord.")
    expect(conflict).to_contain_text("Trop fréquentes")
    # The matrix behind the box already shows the other value.
    expect(_cell(bob, statement.pk, "AGENT_ETAT")).to_have_class("position-cell agree")
    expect(bob.locator("#htmx-errors")).to_have_text("")

    conflict.get_by_role("button", name="Remplacer par la mienne").click()
    expect(_cell(bob, statement.pk, "AGENT_ETAT")).to_have_class("position-cell disagree")
    expect(conflict).to_be_empty()
    expect(_cell(alice, statement.pk, "AGENT_ETAT")).to_have_class(
        "position-cell disagree", timeout=5000
    )
    expect(_cell(alice, statement.pk, "AGENT_ETAT")).to_contain_text("Trop fréquentes")

    # The other way round: Alice, from a stale state, keeps Bob's position.
    _cell(alice, statement.pk, "AGENT_ETAT").locator("input[name=revision]").evaluate(
        "el => el.value = '1'"
    )
    _cell(alice, statement.pk, "AGENT_ETAT").get_by_role("button", name="Nuancé").click()
    alice_conflict = alice.locator("#position-conflict")
    expect(alice_conflict).to_contain_text("pendant que vous choisissiez : Pas d'accord")
    alice_conflict.get_by_role("link", name="Garder la leur").click()
    expect(alice_conflict).to_be_empty()
    expect(_cell(alice, statement.pk, "AGENT_ETAT")).to_have_class("position-cell disagree")


@pytest.mark.parametrize("width, height", [(820, 1180), (390, 844)])
def test_the_live_matrix_is_usable_on_a_tablet_and_a_phone(live_server, new_page, width, height):
    world = _agora_world()
    agora = services.agora_ensure(cohort=world.cohort)
    for index in range(3):
        services.statement_create(
            agora=agora,
            kind="shared_constraint",
            text=f"Énoncé {index} : il manque un espace où la parole franche ne coûte rien.",
        )
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server.url, world.facilitator.email, PASSWORD)
    page.goto(f"{live_server.url}/agora/cohorte/{world.cohort.pk}/")
    expect(page.locator("#position-matrix")).to_be_visible()

    # The page itself never scrolls sideways; the matrix does, inside its box.
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, page_width
    box = page.locator(".matrix-scroll")
    scroll_width, client_width = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert client_width <= width
    if scroll_width > client_width:
        box.evaluate("el => el.scrollLeft = el.scrollWidth")
        # The statement column stays in view while the categories scroll under it.
        statement_box = page.locator("#position-matrix tbody th").first.bounding_box()
        assert statement_box["x"] >= 0 and statement_box["x"] < width / 2

    # Every position button is big enough to tap, and tapping one records it.
    buttons = page.locator("#position-matrix .stance-button")
    expect(buttons).to_have_count(3 * 4 * 3)
    for index in (0, 5, buttons.count() - 1):
        size = buttons.nth(index).bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, size
    last = page.locator("#position-matrix tbody tr").last
    last.locator("td[data-category=ACTEUR_SOCIO_ECONOMIQUE]").get_by_role(
        "button", name="Nuancé"
    ).click()
    expect(last.locator("td[data-category=ACTEUR_SOCIO_ECONOMIQUE]")).to_have_class(
        "position-cell nuanced"
    )
    # The refreshed matrix stays scrolled where the facilitator was.
    if scroll_width > client_width:
        assert page.locator(".matrix-scroll").evaluate("el => el.scrollLeft") > 0
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/agora-{width}.png", full_page=True)
