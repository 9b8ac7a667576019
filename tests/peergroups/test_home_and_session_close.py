"""The home page sends each participant to their own group's open session (never to
another group's), the facilitator to run it; closing a session asks first and can be
undone from the message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.peergroups.factories import open_peer_groups

pytestmark = pytest.mark.django_db


def _actions(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return [f"{a.text} | {a.url}" for a in response.context["actions"]]


def test_a_participant_is_sent_to_their_own_groups_open_session(client, world):
    peer = open_peer_groups(world)
    elu_board = reverse("peergroups:session-board", args=[peer.session("ELU").pk])
    socio_board = reverse(
        "peergroups:session-board", args=[peer.session("ACTEUR_SOCIO_ECONOMIQUE").pk]
    )
    elu = [a for a in _actions(client, world.elu) if "Contribuer à la séance" in a]
    assert len(elu) == 1 and elu[0].endswith(elu_board)
    socio = _actions(client, world.socio)
    assert any(a.endswith(socio_board) for a in socio)
    assert not any(a.endswith(elu_board) for a in socio)


def test_the_facilitator_is_asked_to_run_the_open_sessions_and_others_see_none(client, world):
    open_peer_groups(world)
    running = [a for a in _actions(client, world.facilitator) if a.startswith("Animer la séance")]
    assert len(running) == 4
    for persona in (world.agent_a, world.researcher, world.other_facilitator, world.outsider):
        assert not any("séance" in a for a in _actions(client, persona)), persona


def test_a_planned_session_is_not_offered_for_contribution(client, world):
    open_peer_groups(world, open_session=False)
    assert not any("Contribuer" in a for a in _actions(client, world.elu))


def test_closing_a_session_asks_first_then_can_be_reopened(client, world):
    peer = open_peer_groups(world)
    session = peer.session("ELU")
    client.force_login(world.facilitator)
    url = reverse("peergroups:session-status", args=[session.pk])
    asked = client.post(url, {"status": "closed"})
    assert asked.status_code == 200
    session.refresh_from_db()
    assert session.status == "open"

    response = client.post(url, {"status": "closed", "confirme": "oui"}, follow=True)
    session.refresh_from_db()
    assert session.status == "closed"
    page = response.content.decode()
    assert "est close" in page and f'action="{url}"' in page

    client.post(url, {"status": "open", "confirme": "oui"})
    session.refresh_from_db()
    assert session.status == "open"
