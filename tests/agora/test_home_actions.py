"""The agora's and the forums' part of the home page: the open agora for the cohort's
members, the forum to prepare for the territory's agent and the facilitators, nothing
for another territory's people."""

from __future__ import annotations

import pytest

from agora import services
from tests.factories import open_stage

pytestmark = pytest.mark.django_db


def _actions(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return [a.text for a in response.context["actions"]]


def test_the_open_agora_is_announced_to_the_cohort_and_run_by_the_facilitator(client, peer):
    assert "Animer l'agora de « Cohorte principale »" in _actions(client, peer.facilitator)
    assert "L'agora de « Cohorte principale » est ouverte" in _actions(client, peer.elu)
    assert not any("agora" in a for a in _actions(client, peer.other_facilitator))


def test_an_agent_is_asked_to_prepare_their_own_territorys_forum(client, world):
    open_stage(world.cohort, "forums")
    assert "Préparer le forum territorial de Loos-sur-Lys" in _actions(client, world.agent_a)
    agent_b = _actions(client, world.agent_b)
    assert "Préparer le forum territorial de Autreville" in agent_b
    assert not any("Loos-sur-Lys" in a for a in agent_b)
    # Facilitators see the forums once a preparation has started, not every territory.
    assert not any("forum" in a for a in _actions(client, world.facilitator))
    services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    assert "Préparer le forum territorial de Loos-sur-Lys" in _actions(client, world.facilitator)


def test_no_forum_is_offered_while_the_forums_stage_is_not_open(client, world):
    assert not any("forum" in a for a in _actions(client, world.agent_a))
