"""On the finished demo cohort, a facilitator follows Lavergne-sur-Cher from its diagnostic to
its pilot project on one page, with its récit and links."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import give_mfa
from trajectory import reports, selectors
from trajectory.demo_content import STORY, TERRITORY_CODE
from trajectory.models import Engagement, Link, NodeKind, StoryEntry
from transitions import demo

pytestmark = pytest.mark.django_db


def test_the_demo_territory_has_a_recit_and_links_from_its_diagnostic_to_its_project(client):
    demo.load_demo()
    demo.load_demo()  # idempotent
    cohort = demo.finished_demo_cohort()
    delegation = cohort.delegations.get(territory__code=TERRITORY_CODE)
    assert StoryEntry.objects.filter(delegation=delegation).count() == len(STORY)
    assert Engagement.objects.filter(delegation=delegation).exists()
    links = Link.objects.filter(delegation=delegation)
    assert links.filter(source_kind=NodeKind.FINDING).exists()
    assert links.filter(target_kind=NodeKind.PILOT).exists()
    # The chain goes on through the agora and the forum: statement → card or opportunity.
    assert links.filter(
        source_kind=NodeKind.STATEMENT, target_kind__in=[NodeKind.CARD, NodeKind.OPPORTUNITY]
    ).exists()
    assert links.filter(source_kind=NodeKind.OPPORTUNITY, target_kind=NodeKind.PILOT).exists()
    facilitator = cohort.memberships.filter(role="facilitator").first().user
    context = reports.trajectory_context(facilitator, delegation)
    assert context["links"].shown and context["links"].hidden == 0
    assert {s.key for s in context["steps"]} >= {"diagnostic", "forum", "pilot"}
    give_mfa(facilitator)
    client.force_login(facilitator)
    page = client.get(reverse("trajectory:delegation-detail", args=[delegation.pk]))
    assert page.status_code == 200 and "Tiers-lieu de l" in page.content.decode()
    assert selectors.overload_signal(delegation)["signal"].items >= 4
