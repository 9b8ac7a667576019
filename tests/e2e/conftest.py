from __future__ import annotations

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


@pytest.fixture
def new_page(browser):
    """Open pages in separate browser contexts (separate people at the same time)."""
    contexts = []

    def _new_page() -> Page:
        context = browser.new_context(locale="fr-FR")
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()
