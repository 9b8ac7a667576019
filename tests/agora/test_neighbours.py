"""Every territory record links to its neighbours: the territory page to its diagnostic,
ESS map, forum, pilot projects and members; the ESS map, the diagnostic and the forum
back to the territory; each link only for those who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agora import services
from tests.diagnostics.factories import open_diagnostic
from tests.factories import open_stage

pytestmark = pytest.mark.django_db


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (user, url)
    return response.content.decode()


@pytest.fixture
def records(world):
    diagnostic = open_diagnostic(world)
    open_stage(world.cohort, "forums")
    forum = services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    return diagnostic, forum


def test_the_territory_page_links_to_its_diagnostic_ess_map_forum_pilots_and_members(
    client, world, records
):
    diagnostic, forum = records
    url = reverse("territories:territory-detail", args=[world.territory_a.pk])
    page = _page(client, world.facilitator, url)
    for target in (
        reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]),
        reverse("territories:ess-map", args=[world.territory_a.pk]),
        reverse("agora:forum-detail", args=[forum.pk]),
        reverse("territories:pilot-list", args=[world.cohort.pk]),
        reverse("transitions:member-list", args=[world.cohort.pk]),
    ):
        assert f'href="{target}"' in page, target


def test_a_delegation_member_gets_the_records_but_not_the_members_page(client, world, records):
    diagnostic, forum = records
    url = reverse("territories:territory-detail", args=[world.territory_a.pk])
    page = _page(client, world.elu, url)
    assert reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]) in page
    assert reverse("agora:forum-detail", args=[forum.pk]) in page
    assert reverse("transitions:member-list", args=[world.cohort.pk]) not in page


def test_a_researcher_sees_the_cohort_but_no_territory_record(client, world, records):
    diagnostic, forum = records
    url = reverse("territories:territory-detail", args=[world.territory_a.pk])
    page = _page(client, world.researcher, url)
    assert reverse("transitions:cohort-detail", args=[world.cohort.pk]) in page
    assert reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]) not in page
    assert reverse("agora:forum-detail", args=[forum.pk]) not in page


def test_the_ess_map_diagnostic_and_forum_link_back_to_the_territory(client, world, records):
    diagnostic, forum = records
    territory_url = reverse("territories:territory-detail", args=[world.territory_a.pk])
    for url in (
        reverse("territories:ess-map", args=[world.territory_a.pk]),
        reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]),
        reverse("agora:forum-detail", args=[forum.pk]),
    ):
        assert f'href="{territory_url}"' in _page(client, world.agent_a, url), url
    ess = _page(client, world.agent_a, reverse("territories:ess-map", args=[world.territory_a.pk]))
    assert reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]) in ess
    assert reverse("agora:forum-detail", args=[forum.pk]) in ess
