"""Moderation, like posting, only while the peer-groups stage is open."""

import pytest
from django.urls import reverse

from tests.factories import close_stage, put_stage_in_state
from tests.peergroups.factories import ContributionFactory, peer_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["closed", "upcoming"])
def test_a_facilitator_cannot_share_edit_or_merge_cards_once_the_stage_is_not_open(client, status):
    world = peer_world()
    card = ContributionFactory(session=world.session(), author=world.elu, text="Parole vraie")
    other = ContributionFactory(session=world.session(), author=world.elu2, text="Doublon")
    put_stage_in_state(world.cohort, "peer_groups", status)
    client.force_login(world.facilitator)
    attempts = [
        (reverse("peergroups:contribution-flag", args=[card.pk]), {"flag": "shared", "value": "1"}),
        (
            reverse("peergroups:contribution-edit", args=[card.pk]),
            {"kind": "constraint", "text": "Réécrit", "revision": card.revision},
        ),
        (reverse("peergroups:contribution-merge", args=[other.pk]), {"into": card.pk}),
        (reverse("peergroups:session-status", args=[world.session().pk]), {"status": "open"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "n&#x27;est pas ouverte" in response.content.decode()
    card.refresh_from_db()
    other.refresh_from_db()
    assert not card.shared
    assert card.text == "Parole vraie"
    assert other.merged_into_id is None


def test_the_board_of_a_closed_stage_shows_no_moderation_buttons(client):
    world = peer_world()
    ContributionFactory(session=world.session(), author=world.elu, text="Parole vraie")
    close_stage(world.cohort, "peer_groups")
    client.force_login(world.facilitator)
    content = client.get(
        reverse("peergroups:session-board", args=[world.session().pk])
    ).content.decode()
    assert "Parole vraie" in content
    assert "Partager avec l&#x27;agora" not in content
    assert "le tableau est en lecture seule" in content
