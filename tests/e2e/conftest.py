from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Sign in through the real login page."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
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
