"""A participant's withdrawn card leaves the agora: its feed of shared contributions and
the sources its statements quote."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agora.services import agora_ensure, statement_create
from peergroups import services
from peergroups.models import Contribution, PeerSession
from peergroups.selectors import shared_contributions
from tests.factories import open_stage
from tests.peergroups.factories import open_peer_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer(world):
    return open_peer_groups(world)


@pytest.fixture
def card(peer):
    return services.contribution_create(
        session=peer.session(), author=peer.elu, kind="constraint", text="Ma première version"
    )


def _withdraw(card):
    return reverse("peergroups:contribution-withdraw", args=[card.pk])


def _board(card):
    return reverse("peergroups:session-board", args=[card.session_id])


def test_withdrawing_a_shared_card_removes_it_from_the_agora_feed(client, peer, card):
    services.contribution_set_flag(contribution=card, flag="shared", value=True)
    open_stage(peer.cohort, "agora")
    statement = statement_create(
        agora=agora_ensure(cohort=peer.cohort), kind="learning", text="Énoncé", sources=[card]
    )
    assert [c.id for c in shared_contributions(peer.cohort)] == [card.pk]
    version = PeerSession.objects.get(pk=card.session_id).version
    client.force_login(peer.elu)
    confirm = client.get(_withdraw(card)).content.decode()
    assert "partagée avec l'agora" in confirm and 'value="2"' in confirm
    response = client.post(_withdraw(card), {"revision": 2})
    assert response.status_code == 302
    assert not Contribution.objects.filter(pk=card.pk).exists()
    assert shared_contributions(peer.cohort) == []
    assert statement.sources.count() == 0
    assert PeerSession.objects.get(pk=card.session_id).version > version
    board = client.get(_board(card)).content.decode()
    assert "est retirée du tableau" in board  # the feedback names what was withdrawn
    assert f'id="card-{card.pk}"' not in board
