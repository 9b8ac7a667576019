from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def link_in_last_email() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://[^\s]+", body).group(0).replace("http://testserver", "")


def test_a_verified_user_signs_in_with_email_and_password(client, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_wrong_password_shows_a_french_error_and_does_not_sign_in(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": "faux"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "adresse e-mail ou le mot de passe sont incorrects" in response.content.decode()


def test_logout_ends_the_session(client, user):
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, user):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = link_in_last_email()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url,
        {"password1": "un-nouveau-mot-de-passe-7", "password2": "un-nouveau-mot-de-passe-7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe-7")


def test_an_unverified_email_cannot_sign_in_until_it_is_confirmed(client, password):
    user = UserFactory(password=password, verified=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    confirm_link = link_in_last_email()
    response = client.post(confirm_link)
    assert EmailAddress.objects.get(user=user).verified is True
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_public_signup_is_closed(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nouveau@exemple.fr",
            "password1": "motdepasse-solide-42",
            "password2": "motdepasse-solide-42",
        },
    )
    assert "Inscriptions fermées" in response.content.decode()
    assert not EmailAddress.objects.filter(email="nouveau@exemple.fr").exists()


@pytest.mark.ratelimit
def test_repeated_failed_logins_are_rate_limited(client, user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "faux"})
    response = client.post("/accounts/login/", {"login": user.email, "password": "faux"})
    assert response.status_code == 429 or "Trop de tentatives" in response.content.decode()
