"""A database that is away is a French 503 the person can retry, never a bare 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from transitions.errors import server_error

pytestmark = pytest.mark.django_db


def test_a_database_error_raised_while_loading_the_session_answers_the_french_503(
    world, monkeypatch
):
    client = Client(raise_request_exception=False)
    client.force_login(world.facilitator)

    def refuse(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", refuse)
    response = client.get("/cohortes/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Service momentanément indisponible" in response.content.decode()


def test_any_other_error_is_still_the_500_page(rf):
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
