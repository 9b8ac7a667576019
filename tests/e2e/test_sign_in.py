from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_in_through_the_real_login_page(live_server, page: Page, user, password):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.locator(".user-name")).to_have_text(str(user))
