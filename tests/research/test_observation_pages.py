"""Field observations: keyset pages (newest first), a search within the cohort."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from research.models import Observation

pytestmark = pytest.mark.django_db


def _notes(cohort, n: int, text: str = "Note") -> None:
    start = datetime.date(2024, 1, 1)
    Observation.objects.bulk_create(
        Observation(
            cohort=cohort, observed_on=start + datetime.timedelta(days=i // 4), text=f"{text} {i}"
        )
        for i in range(n)
    )


def _url(world):
    return reverse("research:observation-list", args=[world.cohort.pk])


def test_observation_pages_follow_one_another_without_overlap(client, world):
    _notes(world.cohort, 120)
    client.force_login(world.researcher)
    seen, url = [], _url(world)
    while url:
        page = client.get(url).context["observations"]
        seen += [o.pk for o in page]
        url = page.next_url
    assert len(seen) == len(set(seen)) == 120
    assert client.get(_url(world), {"apres": "2024-13-99_x"}).status_code == 200


def test_the_observation_search_stays_in_the_cohort(client, world):
    _notes(world.cohort, 3, text="Ici")
    _notes(world.other_cohort, 3, text="Ailleurs secret")
    client.force_login(world.researcher)
    assert list(client.get(_url(world), {"q": "ailleurs"}).context["observations"]) == []
    found = client.get(_url(world), {"q": "ici 2"}).context["observations"]
    assert [o.text for o in found] == ["Ici 2"]


def test_observation_pages_cost_the_same_queries_on_page_1_and_far_away(client, world):
    _notes(world.cohort, 400)
    client.force_login(world.researcher)
    client.get(_url(world))
    with CaptureQueriesContext(connection) as first:
        page = client.get(_url(world)).context["observations"]
    for _ in range(5):
        page = client.get(page.next_url).context["observations"]
    with CaptureQueriesContext(connection) as far:
        client.get(page.next_url)
    assert len(first) == len(far)


def test_the_corpus_pages_through_the_shared_bar_keeping_its_filters(client, world):
    _notes(world.cohort, 70)
    client.force_login(world.researcher)
    url = reverse("research:corpus", args=[world.cohort.pk])
    first = client.get(url, {"source": "research.observation"}).context["page"]
    assert (
        len(first) == 50
        and "after=" in first.next_url
        and "source=research.observation" in first.next_url
    )
    second = client.get(first.next_url).context["page"]
    ids = [s.id for s in first] + [s.id for s in second]
    assert len(ids) == len(set(ids)) == 70 and second.first_url and not second.next_url
