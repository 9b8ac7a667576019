"""The peer-group list (paginated, searched within scope) and the board's card query
(authors' names only, never the password hash)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peergroups.models import PeerGroup
from tests.factories import CohortFactory
from tests.peergroups.factories import ContributionFactory
from transitions.models import ActorCategory

pytestmark = pytest.mark.django_db

URL = reverse("peergroups:group-list")


def _groups(n_cohorts: int) -> None:
    cohorts = [CohortFactory(name=f"Promo {i:03d}") for i in range(n_cohorts)]
    PeerGroup.objects.bulk_create(
        PeerGroup(cohort=c, category=cat) for c in cohorts for cat in ActorCategory.values
    )


def test_the_peer_group_list_has_pages_and_a_search_by_cohort(client, world):
    _groups(15)
    client.force_login(world.staff)
    first = client.get(URL)
    assert len(first.context["groups"]) == 48
    assert client.get(URL, {"page": "2"}).context["groups"].number == 2
    found = client.get(URL, {"q": "promo 014"}).context["groups"]
    assert {g.cohort.name for g in found} == {"Promo 014"} and len(found) == 4


def test_a_participant_never_finds_another_groups_or_cohorts_by_searching(client, peer):
    _groups(2)
    client.force_login(peer.elu)
    for query in ("", "Promo", peer.cohort.name):
        groups = client.get(URL, {"q": query}).context["groups"]
        assert {g.category for g in groups} <= {"ELU"}
        assert {g.cohort_id for g in groups} <= {peer.cohort.pk}


def test_the_peer_group_list_costs_the_same_queries_with_2_or_40_cohorts(client, world):
    client.force_login(world.staff)
    _groups(2)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _groups(38)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(small) == len(large) <= 8


def test_the_board_reads_authors_names_without_their_password_hash(client, peer):
    session = peer.session()
    for _ in range(3):
        ContributionFactory(session=session, author=peer.elu)
    client.force_login(peer.elu)
    url = reverse("peergroups:session-board", args=[session.pk])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200 and peer.elu.full_name in response.content.decode()
    card_query = next(q["sql"] for q in ctx if 'FROM "peergroups_contribution"' in q["sql"])
    assert '"full_name"' in card_query
    assert "password" not in card_query
