from __future__ import annotations

import os
import time

import pytest
from playwright.sync_api import Page, expect

from tests.factories import totp_code


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Sign in through the real login page; accounts with a second factor (staff,
    facilitators, researchers) then type their authenticator app's current code."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    for _attempt in range(2):
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        if _attempt:
            # A code serves once: the same person signing in twice within one 30-second
            # period waits for the next code, as they would with their phone.
            time.sleep(30 - time.time() % 30 + 0.5)
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


# The journeys run at each width people use: a laptop, a tablet, a phone. E2E_WIDTHS
# narrows the set for a quick local run (E2E_WIDTHS=1366).
VIEWPORTS = {1366: 900, 820: 1180, 390: 844}
JOURNEY_WIDTHS = [int(w) for w in os.environ.get("E2E_WIDTHS", "1366,820,390").split(",")]
JOURNEY_MODULES = {
    "test_diagnostic_journey",
    "test_parcours_journey",
    "test_peer_board",
    "test_world_cafe",
    "test_agora_live",
}


def pytest_generate_tests(metafunc):
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    # Tests that choose their own width (parameters `width`) keep it.
    if (
        module in JOURNEY_MODULES
        and "journey_width" in metafunc.fixturenames
        and "width" not in metafunc.fixturenames
    ):
        metafunc.parametrize("journey_width", JOURNEY_WIDTHS, ids=lambda w: f"{w}px")


@pytest.fixture
def journey_width():
    return 1366


@pytest.fixture
def new_page(browser, journey_width):
    """Open pages in separate browser contexts (separate people at the same time), at
    the journey's width."""
    contexts = []

    def _new_page() -> Page:
        context = browser.new_context(
            locale="fr-FR",
            viewport={"width": journey_width, "height": VIEWPORTS.get(journey_width, 900)},
        )
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()
