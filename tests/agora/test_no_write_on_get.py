"""No write on GET: the agora row is created when its stage opens, not by a page view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agora.models import Agora
from tests.peergroups.factories import peer_world
from transitions.models import StageStatus
from transitions.services import stage_set_status

pytestmark = pytest.mark.django_db


def test_reading_the_agora_before_its_stage_opened_creates_nothing(client):
    world = peer_world()
    client.force_login(world.facilitator)
    for name in ("agora:agora-detail", "agora:agora-refresh", "agora:summary-status"):
        response = client.get(reverse(name, args=[world.cohort.pk]))
        assert response.status_code == 200, name
    assert not Agora.objects.filter(cohort=world.cohort).exists()


def test_opening_the_agora_stage_creates_the_agora(client):
    world = peer_world()
    stage = world.cohort.stages.get(kind="agora")
    stage_set_status(stage=stage, status=StageStatus.OPEN)
    assert Agora.objects.filter(cohort=world.cohort).count() == 1
