"""A live peer session in three browsers: a facilitator and two participants."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.peergroups.factories import peer_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"


def _post(page, kind: str, text: str) -> None:
    page.get_by_label("Rubrique").select_option(label=kind)
    page.locator("#post-form textarea[name=text]").fill(text)
    page.get_by_role("button", name="Publier").click()


def test_participants_and_the_facilitator_see_each_others_cards_appear(live_server, new_page):
    world = peer_world()
    session = world.session("ELU")
    url = f"{live_server.url}/groupes-de-pairs/seances/{session.pk}/"

    facilitator, alice, bob = new_page(), new_page(), new_page()
    for page, user in ((facilitator, world.facilitator), (alice, world.elu), (bob, world.elu2)):
        sign_in(page, live_server.url, user.email, PASSWORD)
        page.goto(url)
    bob.set_viewport_size({"width": 390, "height": 844})  # a phone

    _post(alice, "Contraintes et freins", "La peur de l'échec")
    # Her own form is fresh again and her card is on her board at once.
    expect(alice.locator("#post-form textarea[name=text]")).to_have_value("")
    expect(alice.locator("#board")).to_contain_text("La peur de l'échec")
    # The others see it within 3 seconds, through the poll.
    expect(bob.locator("#board")).to_contain_text("La peur de l'échec", timeout=3000)
    expect(facilitator.locator("#board")).to_contain_text("La peur de l'échec", timeout=3000)

    # Polls that find nothing new (304) leave the board as it is.
    bob.wait_for_timeout(2500)
    assert "La peur de l'échec" in bob.locator("#board").inner_text()

    bob.get_by_label("Publier anonymement").check()
    _post(bob, "Engagements propres", "Incarner la coopération")
    expect(alice.locator("#board")).to_contain_text("Incarner la coopération", timeout=3000)
    card = alice.locator("[data-card]", has_text="Incarner la coopération")
    expect(card).to_contain_text("Anonyme")
    expect(card).not_to_contain_text(world.elu2.full_name)

    # Bad input gets a clear message in the page, nothing is posted.
    _post(alice, "Engagements propres", "   ")
    expect(alice.get_by_text("La contribution est vide")).to_be_visible()

    # The facilitator shares a card with the agora; everyone sees the badge.
    facilitator_card = facilitator.locator("[data-card]", has_text="La peur de l'échec")
    facilitator_card.get_by_role("button", name="Partager avec l'agora").click()
    expect(bob.locator("[data-card]", has_text="La peur de l'échec")).to_contain_text(
        "Partagée avec l'agora", timeout=3000
    )

    # Hidden as off-topic: it leaves the participants' boards through their next poll
    # (an out-of-band removal), and stays greyed on the facilitator's.
    hidden = facilitator.locator("[data-card]", has_text="Incarner la coopération")
    hidden.get_by_role("button", name="Masquer (hors sujet)").click()
    expect(facilitator.locator("[data-card]", has_text="Incarner la coopération")).to_contain_text(
        "Masquée"
    )
    expect(alice.locator("#board")).not_to_contain_text("Incarner la coopération", timeout=3000)
    expect(bob.locator("#board")).not_to_contain_text("Incarner la coopération", timeout=3000)
    expect(alice.locator("#board")).to_contain_text("La peur de l'échec")
    expect(alice.locator("#board-status")).to_contain_text("1 contribution")


def test_a_participant_picks_axes_with_the_filter_by_keyboard_then_edits_and_withdraws(
    live_server, new_page
):
    world = peer_world()
    session = world.session("ELU")
    url = f"{live_server.url}/groupes-de-pairs/seances/{session.pk}/"
    alice = new_page()
    sign_in(alice, live_server.url, world.elu.email, PASSWORD)
    alice.goto(url)

    # The filter box appears with the script; typing narrows the grouped checkboxes.
    search = alice.get_by_label("Filtrer les axes")
    expect(search).to_be_visible()
    search.fill("rivalite")  # accents do not matter
    picker = alice.locator("[data-axis-picker]")
    visible = picker.locator("li:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("P2-a")
    # Only the principle holding a match keeps its group (its legend) on screen.
    expect(picker.locator("fieldset.axis-group:visible")).to_have_count(1)
    expect(picker.locator("fieldset.axis-group:visible legend")).to_contain_text("P2")
    # Keyboard only: Enter in the filter does not post; Tab reaches the box, Space ticks it.
    search.press("Enter")
    expect(alice.locator("#board")).to_contain_text("Aucune contribution")
    search.press("Tab")
    alice.keyboard.press("Space")
    expect(picker.get_by_label("P2-a", exact=False)).to_be_checked()
    search.fill("")
    expect(picker.locator("li:visible")).to_have_count(33)

    alice.locator("#post-form textarea[name=text]").fill("Sortir de la concurrence")
    alice.get_by_role("button", name="Publier").click()
    card = alice.locator("[data-card]", has_text="Sortir de la concurrence")
    expect(card).to_contain_text("P2-a")

    # Her own card: she edits it, then withdraws it after confirming.
    card.get_by_role("link", name="Modifier ma contribution").click()
    alice.locator("textarea[name=text]").fill("Sortir de la concurrence entre structures")
    alice.get_by_role("button", name="Enregistrer").click()
    expect(alice.locator("#board")).to_contain_text("Sortir de la concurrence entre structures")
    alice.locator("[data-card]", has_text="entre structures").get_by_role(
        "link", name="Retirer"
    ).click()
    alice.get_by_role("button", name="Retirer définitivement").click()
    expect(alice.locator("main")).to_contain_text("est retirée du tableau")
    expect(alice.locator("#board")).not_to_contain_text("entre structures")
