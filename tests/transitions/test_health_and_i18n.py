from __future__ import annotations

import socket

import pytest

pytestmark = pytest.mark.django_db


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def staff_client(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    return client


def test_healthz_answers_200_when_database_and_redis_answer(staff_client, settings):
    response = staff_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_healthz_answers_503_when_redis_does_not_answer(staff_client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{unused_port()}/0"
    response = staff_client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] != "ok"


def test_healthz_tells_anonymous_callers_only_ok_or_not(client, settings):
    assert client.get("/healthz").json() == {"status": "ok"}
    settings.REDIS_URL = f"redis://127.0.0.1:{unused_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_healthz_does_not_check_redis_when_it_is_not_configured(staff_client, settings):
    settings.REDIS_URL = ""
    response = staff_client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "not configured"


def test_pages_are_in_french_by_default(client):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in content
    assert "Accompagner les territoires en transition" in content
    assert "Aller au contenu" in content


def test_pages_switch_to_english_with_the_language_switcher(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Supporting territories in transition" in content
    assert "Skip to content" in content


def test_the_login_page_is_in_french(client):
    response = client.get("/accounts/login/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Connexion" in content
    assert "Mot de passe oublié" in content
