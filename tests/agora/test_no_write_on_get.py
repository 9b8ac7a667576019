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
    page = client.get(reverse("agora:agora-detail", args=[world.cohort.pk]))
    assert page.status_code == 200
    assert "L'agora s'ouvrira avec son étape" in page.content.decode()
    # The live parts only exist once the agora does.
    for name in ("agora:agora-refresh", "agora:summary-status"):
        assert client.get(reverse(name, args=[world.cohort.pk])).status_code == 404, name
    assert not Agora.objects.filter(cohort=world.cohort).exists()


def test_opening_the_agora_stage_creates_the_agora(client):
    world = peer_world()
    stage = world.cohort.stages.get(kind="agora")
    stage_set_status(stage=stage, status=StageStatus.OPEN)
    assert Agora.objects.filter(cohort=world.cohort).count() == 1
