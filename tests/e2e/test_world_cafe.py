"""A World Café of 2 tables and 2 rounds, live: the facilitator (with the projector view)
and two rapporteurs on phones, in three browser contexts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from agora import services
from agora.models import CafeRound, CafeTable
from tests.e2e.conftest import sign_in
from tests.factories import build_world, open_stage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"
PHONE = {"width": 390, "height": 844}
# The projector shows a rapporteur's card within this many milliseconds (the 3 s).
PROJECTOR_DELAY_MS = 3000
# Set CAFE_SCREENSHOTS=/some/dir to keep the phone and projector screenshots for a look.
SCREENSHOTS = os.environ.get("CAFE_SCREENSHOTS", "")


def _two_by_two_cafe():
    """Territory A's forum cut to 2 tables and 2 rounds, four people at the door; agent_a
    reports for table 1 and elu for table 2."""
    world = build_world()
    open_stage(world.cohort, "forums")
    forum = services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    CafeTable.objects.filter(forum=forum, number=3).delete()
    CafeRound.objects.filter(forum=forum, number=3).delete()
    people = [
        services.participant_arrive(forum=forum, name=name, category=category)
        for name, category in [
            ("Paulette Présente", "ELU"),
            ("Gaston Guichet", "AGENT_COLLECTIVITE"),
            ("Inès Insertion", "ESS"),
            ("Corinne Citoyenne", "CITIZEN"),
        ]
    ]
    table_1, table_2 = CafeTable.objects.filter(forum=forum).order_by("number")
    services.table_set_roles(table=table_1, anchor=people[0], rapporteur=world.agent_a)
    services.table_set_roles(table=table_2, anchor=people[1], rapporteur=world.elu)
    return world, forum, table_1, table_2


def _phone(browser) -> Page:
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    return context.new_page()


def _write(page: Page, kind: str, text: str, *, saved: bool = True) -> None:
    page.get_by_label("Type de carton").select_option(label=kind)
    page.locator("#table-live form[action$='/cartons/'] textarea[name=text]").fill(text)
    with page.expect_response(lambda r: r.url.endswith("/cartons/")):
        page.get_by_role("button", name="Ajouter le carton").click()
    if saved:  # the htmx answer has replaced the live part: the card is on the phone
        expect(page.locator(f"#table-live .cafe-card textarea:text-is({text!r})")).to_have_count(1)


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_a_two_table_two_round_cafe_runs_live_from_phones_to_the_projector(
    live_server, new_page, browser
):
    world, forum, table_1, table_2 = _two_by_two_cafe()
    base = live_server.url
    facilitator = new_page()
    sign_in(facilitator, base, world.facilitator.email, PASSWORD)
    facilitator.goto(f"{base}/agora/forums/{forum.pk}/cafe/")
    facilitator.get_by_role("button", name="Proposer le plan de table").click()
    facilitator.get_by_role("button", name="Démarrer le tour").click()
    expect(facilitator.locator("main")).to_contain_text("En cours")

    # The projector: a second screen of the facilitator's (same browser context).
    projector = facilitator.context.new_page()
    projector.goto(f"{base}/agora/forums/{forum.pk}/projecteur/")

    rapporteur_1, rapporteur_2 = _phone(browser), _phone(browser)
    try:
        sign_in(rapporteur_1, base, world.agent_a.email, PASSWORD)
        sign_in(rapporteur_2, base, world.elu.email, PASSWORD)
        rapporteur_1.goto(f"{base}/agora/forums/tables/{table_1.pk}/")
        rapporteur_2.goto(f"{base}/agora/forums/tables/{table_2.pk}/")

        # Round 1: both tables write; the projector shows each card within 3 s.
        _write(rapporteur_1, "Idée clé", "Un guichet unique pour l'ESS")
        expect(projector.locator(".card-key_idea")).to_contain_text(
            "Un guichet unique pour l'ESS", timeout=PROJECTOR_DELAY_MS
        )
        _write(rapporteur_2, "Idée divergente", "La commande publique reste une affaire de prix")
        expect(projector.locator(".card-divergent")).to_contain_text(
            "La commande publique reste une affaire de prix", timeout=PROJECTOR_DELAY_MS
        )
        # Table 1 has three key ideas; a fourth is refused with a French message.
        _write(rapporteur_1, "Idée clé", "Des marchés réservés")
        _write(rapporteur_1, "Idée clé", "Un conseil local de l'ESS")
        expect(rapporteur_1.locator("#table-live")).to_contain_text("(3/3)")
        _write(rapporteur_1, "Idée clé", "Une quatrième idée de trop", saved=False)
        expect(rapporteur_1.locator("#table-live")).to_contain_text(
            "Cette table a déjà ses trois idées clés pour ce tour"
        )
        expect(rapporteur_1.locator("#table-live")).to_contain_text("(3/3)")
        expect(projector.locator("#projector-live")).not_to_contain_text("de trop")
        _shot(rapporteur_1, "phone-table-1-round-1")
        _shot(projector, "projector-round-1")

        # Closing the round: the phones' cards become read-only.
        expect(rapporteur_2.locator("#table-live textarea")).not_to_have_count(0)
        facilitator.get_by_role("button", name="Clore le tour (tour suivant)").click()
        for phone in (rapporteur_1, rapporteur_2):
            expect(phone.locator("#table-live")).to_contain_text(
                "Ce tour est clos : ses cartons sont en lecture seule.", timeout=5000
            )
            expect(phone.locator("#table-live textarea")).to_have_count(0)
            expect(phone.get_by_role("button", name="Ajouter le carton")).to_have_count(0)
        expect(rapporteur_1.locator("#table-live")).to_contain_text("Un guichet unique pour l'ESS")

        # Round 2: the anchor's synthesis and new cards, shown on the projector too.
        facilitator.get_by_role("button", name="Proposer le plan de table").click()
        facilitator.get_by_role("button", name="Démarrer le tour").click()
        expect(rapporteur_2.get_by_role("button", name="Ajouter le carton")).to_be_visible(
            timeout=5000
        )
        _write(rapporteur_2, "Synthèse de l'ancre", "Au tour 1 : le prix, encore le prix")
        _write(rapporteur_2, "Idée clé", "Une clause d'insertion dans chaque marché")
        expect(projector.locator("#projector-live")).to_contain_text(
            "Une clause d'insertion dans chaque marché", timeout=PROJECTOR_DELAY_MS
        )
        expect(projector.locator(".card-synthesis")).to_contain_text(
            "Au tour 1 : le prix, encore le prix", timeout=PROJECTOR_DELAY_MS
        )
        # Round 1's cards are still on the wall, under their round.
        expect(projector.locator("#projector-live")).to_contain_text("Tour 1")
        expect(projector.locator("#projector-live")).to_contain_text("Un guichet unique pour l'ESS")
        facilitator.get_by_role("button", name="Clore le tour (tour suivant)").click()
        expect(rapporteur_2.locator("#table-live")).to_contain_text(
            "Ce tour est clos", timeout=5000
        )
        _shot(projector, "projector-round-2")
        # The projector names nobody.
        for name in ("Paulette Présente", world.agent_a.full_name, world.elu.full_name):
            expect(projector.locator("main")).not_to_contain_text(name)
    finally:
        rapporteur_1.context.close()
        rapporteur_2.context.close()
