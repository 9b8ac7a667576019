"""The diagnostics list (paginated, searched within scope) and the principle page's
queries (the answer's `updated_by` joined, not read once per item)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Question, Section
from territories.models import Delegation, Territory

pytestmark = pytest.mark.django_db

URL = reverse("diagnostics:diagnostic-list")


def _delegations(cohort, n: int) -> None:
    territories = Territory.objects.bulk_create(
        Territory(
            name=f"Commune {i:03d}",
            kind="commune",
            code=f"{cohort.pk}-{i}",
            population=i,
            region="84",
        )
        for i in range(n)
    )
    Delegation.objects.bulk_create(Delegation(cohort=cohort, territory=t) for t in territories)


def test_an_agent_of_territory_b_never_finds_territory_a_in_the_diagnostics_list(client, world):
    client.force_login(world.agent_b)
    for query in ("", world.cohort.name):
        rows = client.get(URL, {"q": query}).context["rows"]
        assert [r["delegation"].territory.name for r in rows] == [world.territory_b.name]
    for query in (world.territory_a.name, world.territory_a.name[:4]):
        assert list(client.get(URL, {"q": query}).context["rows"]) == []


def test_the_diagnostics_list_has_pages_and_a_search(client, world):
    _delegations(world.cohort, 60)
    client.force_login(world.staff)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50 and first.context["rows"].next_url
    assert client.get(URL, {"page": "2"}).context["rows"].number == 2
    assert client.get(URL, {"page": "deux"}).status_code == 200
    found = client.get(URL, {"q": "commune 05"}).context["rows"]
    assert sorted(r["delegation"].territory.name for r in found) == [
        f"Commune {i:03d}" for i in range(50, 60)
    ]


def test_the_diagnostics_list_costs_the_same_queries_with_60_or_600_delegations(client, world):
    client.force_login(world.staff)
    _delegations(world.cohort, 60)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _delegations(world.other_cohort, 540)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(small) == len(large) <= 9


def test_the_principle_page_reads_who_saved_each_answer_in_one_query(client, diagnostic, world):
    questions = Question.objects.filter(
        questionnaire=diagnostic.questionnaire, section=Section.AXIS, axis__principle__number=1
    )
    assert questions.count() > 3
    for question in questions:
        services.answer_save(
            diagnostic=diagnostic,
            question=question,
            user=world.agent_a,
            base_version=0,
            category="AGENT_COLLECTIVITE",
            level=2,
        )
    client.force_login(world.agent_a)
    url = reverse("diagnostics:principle-edit", args=[diagnostic.pk, 1])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200 and "Enregistré par Agnès Agent" in response.content.decode()
    user_reads = [q["sql"] for q in ctx if 'FROM "transitions_user"' in q["sql"]]
    assert len(user_reads) == 1  # the signed-in user; updated_by comes with the answers
    answer_reads = [q["sql"] for q in ctx if 'FROM "diagnostics_answer"' in q["sql"]]
    assert any('"full_name"' in sql for sql in answer_reads)
    assert not any("password" in sql for sql in answer_reads)
