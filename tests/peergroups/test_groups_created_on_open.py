import pytest

from peergroups.models import PeerGroup, PeerSession
from tests.factories import CohortFactory
from transitions.models import ActorCategory
from transitions.services import stage_set_status

pytestmark = pytest.mark.django_db


def test_opening_the_peer_groups_stage_creates_one_group_per_category_with_three_sessions():
    cohort = CohortFactory()
    stage = cohort.stages.get(kind="peer_groups")
    assert not PeerGroup.objects.filter(cohort=cohort).exists()
    stage_set_status(stage=stage, status="open")
    groups = PeerGroup.objects.filter(cohort=cohort)
    assert sorted(groups.values_list("category", flat=True)) == sorted(ActorCategory.values)
    assert PeerSession.objects.filter(group__cohort=cohort).count() == 3 * 4


def test_closing_and_reopening_the_stage_creates_nothing_more():
    cohort = CohortFactory()
    stage = cohort.stages.get(kind="peer_groups")
    stage_set_status(stage=stage, status="open")
    stage_set_status(stage=stage, status="closed")
    stage_set_status(stage=stage, status="open")
    assert PeerGroup.objects.filter(cohort=cohort).count() == 4
    assert PeerSession.objects.filter(group__cohort=cohort).count() == 12


def test_opening_another_stage_creates_no_peer_group():
    cohort = CohortFactory()
    stage_set_status(stage=cohort.stages.get(kind="diagnostic"), status="open")
    assert not PeerGroup.objects.filter(cohort=cohort).exists()
