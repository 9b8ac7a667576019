"""The agora's live part refreshes with the statement rows changed since the client's
version; rows are cached per statement version and viewer scope."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora import services
from agora.models import Agora
from tests.peergroups.factories import ContributionFactory

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr[^>]* id="statement-(\d+)"')


@pytest.fixture
def agora(peer):
    return Agora.objects.get(cohort=peer.cohort)


def _statements(agora, count: int, start: int = 0):
    return [
        services.statement_create(agora=agora, kind="learning", text=f"Énoncé {start + i}")
        for i in range(count)
    ]


def _version(agora) -> int:
    return Agora.objects.get(pk=agora.pk).version


def _refresh(client, world, since) -> str:
    url = reverse("agora:agora-refresh", args=[world.cohort.pk])
    response = client.get(url, {"v": since})
    assert response.status_code == 200
    return response.content.decode()


def _rows(body: str) -> set[int]:
    return {int(pk) for pk in ROW.findall(body)}


def _whole(body: str) -> bool:
    return '<div id="agora-live" hx-swap-oob="true">' in body


def _position(statement, stance="agree", category="ELU"):
    current = statement.positions.filter(category=category).first()
    return services.position_set(
        statement=statement,
        stance=stance,
        base_revision=current.revision if current else 0,
        category=category,
    )


def test_one_position_sends_only_its_statements_row(client, world, agora):
    statements = _statements(agora, 5)
    since = _version(agora)
    _position(statements[2], "disagree")
    client.force_login(world.facilitator)
    body = _refresh(client, world, since)
    assert not _whole(body)
    assert _rows(body) == {statements[2].pk}
    assert f'<tr hx-swap-oob="true" id="statement-{statements[2].pk}"' in body
    assert "Énoncé 1" not in body and "Énoncé 3" not in body
    assert f'data-version="{_version(agora)}"' in body


def test_a_new_statement_is_appended_and_a_deleted_one_removed(client, world, agora):
    first, gone = _statements(agora, 2)
    since, gone_id = _version(agora), gone.pk
    (new,) = _statements(agora, 1, start=10)
    services.statement_delete(statement=gone)
    client.force_login(world.elu)
    body = _refresh(client, world, since)
    assert not _whole(body)
    assert _rows(body) == {new.pk}
    assert 'hx-swap-oob="beforeend:#position-rows"' in body
    assert 'hx-swap-oob="beforeend:#kind-learning"' in body
    assert f'<div id="statement-{gone_id}" hx-swap-oob="delete"></div>' in body
    assert first.pk not in _rows(body)


@pytest.mark.parametrize("since", ["", "x", "0", "999999"])
def test_an_unknown_version_gets_the_whole_live_part(client, world, agora, since):
    statements = _statements(agora, 3)
    client.force_login(world.elu)
    body = _refresh(client, world, since)
    assert _whole(body) and _rows(body) == {s.pk for s in statements}


def test_a_change_of_delegations_or_kind_sends_the_whole_live_part(client, world, agora):
    (statement,) = _statements(agora, 1)
    since = _version(agora)
    services.statement_update(
        statement=statement, revision=statement.revision, kind="proposal", text="x", sources=[]
    )
    client.force_login(world.facilitator)
    assert _whole(_refresh(client, world, since))


def test_an_unshared_source_leaves_the_rows_sent_afterwards(client, world, peer, agora):
    from peergroups import services as peer_services

    card = ContributionFactory(session=peer.session(), text="Source partagée", shared=True)
    statement = services.statement_create(
        agora=agora, kind="learning", text="Avec source", sources=[card]
    )
    client.force_login(world.facilitator)
    assert "Source partagée" in _refresh(client, world, "x")
    peer_services.contribution_set_flag(contribution=card, flag="shared", value=False)
    since = _version(agora)
    _position(statement)
    body = _refresh(client, world, since)
    assert _rows(body) == {statement.pk} and "Source partagée" not in body


@pytest.mark.shared_cache
def test_a_facilitators_cached_row_never_reaches_a_participant(client, world, agora):
    """With the configured cache (Redis when REDIS_URL is set): the facilitator's rows
    (tap buttons, CSRF marker) are cached first; a participant's page then has none."""
    (statement,) = _statements(agora, 1)
    _position(statement)
    page = reverse("agora:agora-detail", args=[world.cohort.pk])
    client.force_login(world.facilitator)
    assert "stance-form" in client.get(page).content.decode()
    client.force_login(world.elu)
    for body in (client.get(page).content.decode(), _refresh(client, world, "x")):
        assert statement.pk in _rows(body)
        assert "stance-form" not in body and "agora:position-set" not in body
        assert "/positions/" not in body


def _costs(client, world, agora, count: int) -> tuple[int, int]:
    _statements(agora, count, start=100 * count)
    client.get(reverse("agora:agora-detail", args=[world.cohort.pk]))  # warms the cache
    since = _version(agora)
    _position(agora.statements.order_by("pk").last())
    url = reverse("agora:agora-refresh", args=[world.cohort.pk])
    counts = []
    for version in (since, "x"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"v": version}).status_code == 200
        counts.append(len(queries))
    return counts[0], counts[1]


def test_each_refresh_path_costs_the_same_queries_for_2_and_25_statements(client, world, agora):
    client.force_login(world.facilitator)
    few = _costs(client, world, agora, 2)
    many = _costs(client, world, agora, 23)
    assert few == many, (few, many)
