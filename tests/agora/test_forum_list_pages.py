"""The forum list: paginated, searched within the user's scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from territories.models import Delegation, Territory

pytestmark = pytest.mark.django_db

URL = reverse("agora:forum-list")


def test_an_agent_of_territory_b_never_finds_territory_a_in_the_forum_list(client, world):
    client.force_login(world.agent_b)
    names = [d.territory.name for d, _f in client.get(URL).context["rows"]]
    assert world.territory_a.name not in names
    for query in (world.territory_a.name, world.territory_a.name[:4]):
        assert list(client.get(URL, {"q": query}).context["rows"]) == []


def test_the_forum_list_has_pages_and_a_search(client, world):
    territories = Territory.objects.bulk_create(
        Territory(name=f"Bourg {i:03d}", kind="commune", code=f"B{i}", population=i, region="84")
        for i in range(60)
    )
    Delegation.objects.bulk_create(
        Delegation(cohort=world.cohort, territory=t) for t in territories
    )
    client.force_login(world.staff)
    first = client.get(URL).context["rows"]
    assert len(first) == 50 and first.next_url
    assert client.get(URL, {"page": "2"}).context["rows"].number == 2
    assert client.get(URL, {"page": "x"}).status_code == 200
    found = client.get(URL, {"q": "bourg 05"}).context["rows"]
    assert sorted(d.territory.name for d, _f in found) == [f"Bourg {i:03d}" for i in range(50, 60)]
