"""The territory directory: 50 a page, searched by name or code within the user's scope,
with a constant number of queries whatever the number of territories."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territories.models import Territory

pytestmark = pytest.mark.django_db

URL = reverse("territories:territory-list")


def _bulk(n: int, prefix: str = "Commune") -> None:
    Territory.objects.bulk_create(
        Territory(
            name=f"{prefix} {i:04d}",
            kind="commune",
            code=f"X{prefix[:2]}{i:04d}",
            population=i,
            region="84",
            geography="rural",
            maturity="beginner",
            ess_integration="low",
        )
        for i in range(n)
    )


def test_the_directory_has_a_second_page_and_bad_page_numbers_give_a_page(client, world):
    _bulk(70)
    client.force_login(world.facilitator)
    first = client.get(URL)
    assert len(first.context["territories"]) == 50
    second = client.get(URL, {"page": "2"})
    assert second.context["territories"].number == 2
    assert {t.pk for t in first.context["territories"]}.isdisjoint(
        t.pk for t in second.context["territories"]
    )
    for bad in ("zéro", "-1", "0", "10000"):
        assert client.get(URL, {"page": bad}).status_code == 200


def test_the_directory_search_finds_by_name_or_code_and_keeps_the_filters_in_links(client, world):
    _bulk(120)
    client.force_login(world.facilitator)
    response = client.get(URL, {"q": "commune 00", "region": "84"})
    page = response.context["territories"]
    assert page.count == 100 and "region=84" in page.next_url and "q=commune+00" in page.next_url
    by_code = client.get(URL, {"q": "XCo0042"}).context["territories"]
    assert [t.name for t in by_code] == ["Commune 0042"]


def test_an_agent_of_territory_b_never_finds_territory_a_by_searching(client, world):
    client.force_login(world.agent_b)
    for query in (world.territory_a.name, world.territory_a.name[:4], world.territory_a.code):
        names = [t.name for t in client.get(URL, {"q": query}).context["territories"]]
        assert world.territory_a.name not in names
    assert [t.name for t in client.get(URL).context["territories"]] == [world.territory_b.name]


def test_the_directory_search_swaps_only_the_list_for_htmx(client, world):
    client.force_login(world.facilitator)
    html = client.get(URL, {"q": "Loos"}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="results"') and "Loos-sur-Lys" in html
    assert "<html" not in html


def test_the_directory_costs_the_same_queries_with_100_or_1000_territories(client, world):
    client.force_login(world.facilitator)
    _bulk(100)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"page": "2"})
    _bulk(900, prefix="Ville")
    with CaptureQueriesContext(connection) as large:
        client.get(URL, {"page": "2"})
    assert len(small) == len(large) <= 8
