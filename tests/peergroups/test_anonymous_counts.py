"""An anonymous card names nobody and moves no figure anyone sees: the facilitator
dashboard's "n / m participant·es ont contribué" counts named contributions only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peergroups.services import contribution_create
from transitions.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(peer):
    """The persona world with cohort A's peer groups open (PeerScene reads as the world)."""
    return peer


def _dashboard(client, world) -> str:
    client.force_login(world.facilitator)
    url = reverse("transitions:cohort-dashboard", args=[world.cohort.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _post(world, author, *, anonymous: bool) -> None:
    contribution_create(
        session=world.session(author_category(world, author)),
        author=author,
        kind="constraint",
        text="Ce qui nous bloque vraiment.",
        anonymous=anonymous,
    )


def author_category(world, user) -> str:
    return Membership.objects.get(user=user, cohort=world.cohort).category


def test_an_anonymous_card_leaves_the_territorys_figure_unchanged(client, world):
    assert "0/5 participant·es ont contribué" in _dashboard(client, world)
    _post(world, world.etat, anonymous=True)
    html = _dashboard(client, world)
    assert "0/5 participant·es ont contribué" in html
    assert "1/5" not in html


def test_a_named_card_moves_the_territorys_figure(client, world):
    _post(world, world.etat, anonymous=True)
    _post(world, world.elu, anonymous=False)
    assert "1/5 participant·es ont contribué" in _dashboard(client, world)
