"""The agora crosses categories and delegations: a statement's positions read per
category and, where delegations took part, per territory (model, live page, summary)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from agora import selectors, services
from agora.models import Position, Statement
from tests.factories import DelegationFactory, TerritoryFactory
from tests.peergroups.factories import ContributionFactory
from transitions.concurrency import StaleEdit, fingerprint

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def agora(world, peer):
    return services.agora_ensure(cohort=world.cohort)


@pytest.fixture
def two_delegations(world, agora):
    second = DelegationFactory(
        cohort=world.cohort, territory=TerritoryFactory(name="Vallée-des-Saules")
    )
    services.agora_set_delegations(
        agora=agora, delegations=[world.delegation_a, second], fingerprint=""
    )
    return [world.delegation_a, second]


def test_positions_read_per_category_and_per_territory(world, agora, two_delegations):
    first, second = two_delegations
    statement = services.statement_create(agora=agora, kind="proposal", text="Se voir plus")
    services.position_set(statement=statement, category="ELU", stance="agree", base_revision=0)
    services.position_set(statement=statement, delegation=first, stance="agree", base_revision=0)
    services.position_set(
        statement=statement, delegation=second, stance="disagree", note="Pas ici", base_revision=0
    )
    [row] = selectors.position_matrix(agora)
    assert [(code, p.stance if p else None) for code, p in row.cells] == [
        ("ELU", "agree"),
        ("AGENT_COLLECTIVITE", None),
        ("AGENT_ETAT", None),
        ("ACTEUR_SOCIO_ECONOMIQUE", None),
    ]
    assert [(d.territory.name, p.stance) for d, p in row.territory_cells] == sorted(
        [(first.territory.name, "agree"), ("Vallée-des-Saules", "disagree")]
    )
    assert row.verdict == "incomplete" and row.territory_verdict == "dissensus"
    # The category's and the territory's positions are separate rows of the same statement.
    assert Position.objects.filter(statement=statement).count() == 3


def test_only_a_participating_delegation_of_the_cohort_holds_a_position(world, agora):
    statement = services.statement_create(agora=agora, kind="proposal", text="x")
    absent = DelegationFactory(cohort=world.cohort)
    with pytest.raises(ValidationError, match="ne participe pas"):
        services.position_set(
            statement=statement, delegation=absent, stance="agree", base_revision=0
        )
    foreign = DelegationFactory(cohort=world.other_cohort)
    with pytest.raises(ValidationError):
        services.agora_set_delegations(agora=agora, delegations=[foreign], fingerprint="")
    assert not Position.objects.exists()


def test_a_stale_change_of_the_delegations_present_is_refused(client, world, agora):
    seen = fingerprint(agora, ["delegation_ids"])
    services.agora_set_delegations(agora=agora, delegations=[world.delegation_a], fingerprint="")
    with pytest.raises(StaleEdit):
        services.agora_set_delegations(agora=agora, delegations=[], fingerprint=seen)
    client.force_login(world.facilitator)
    response = client.post(
        reverse("agora:agora-delegations", args=[world.cohort.pk]),
        {"delegations": [], "fingerprint": seen},
    )
    assert response.status_code == 409
    assert "rien n&#x27;a été enregistré" in response.content.decode()
    assert list(agora.delegations.all()) == [world.delegation_a]


def test_the_live_page_records_and_shows_a_territorys_position(
    client, world, agora, two_delegations
):
    first, _second = two_delegations
    statement = services.statement_create(agora=agora, kind="proposal", text="Le guichet")
    client.force_login(world.facilitator)
    response = client.post(
        reverse("agora:position-set", args=[statement.pk]),
        {"delegation": first.pk, "stance": "nuanced", "note": "Selon les services", "revision": 0},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="territory-matrix"' in html and "Vallée-des-Saules" in html
    assert "Selon les services" in html
    assert Position.objects.get(delegation=first).stance == "nuanced"
    # A position for nobody, or for both a category and a territory, is refused clearly.
    bad = client.post(
        reverse("agora:position-set", args=[statement.pk]),
        {"category": "ELU", "delegation": first.pk, "stance": "agree", "revision": 0},
        **HTMX,
    )
    assert bad.status_code == 400 and "catégorie ou le territoire" in bad.json()["error"]


def test_the_refresh_stays_one_query_when_nothing_changed_with_territories(
    client, world, agora, two_delegations, django_assert_max_num_queries
):
    statement = services.statement_create(agora=agora, kind="proposal", text="x")
    services.position_set(
        statement=statement, delegation=two_delegations[0], stance="agree", base_revision=0
    )
    agora.refresh_from_db()
    url = reverse("agora:agora-refresh", args=[world.cohort.pk])
    client.force_login(world.facilitator)
    client.get(url)
    with django_assert_max_num_queries(3):  # session, user, the agora's version
        assert client.get(url, {"v": agora.version}).status_code == 304


def test_the_summary_shows_positions_per_territory_and_its_hash_follows_them(
    world, agora, two_delegations
):
    first, _second = two_delegations
    statement = services.statement_create(agora=agora, kind="proposal", text="Se voir plus")
    services.position_set(statement=statement, delegation=first, stance="agree", base_revision=0)
    payload = selectors.summary_payload(agora)
    before = selectors.summary_hash_source(payload)
    html = render_to_string("agora/pdf/summary.html", {**payload, "generated_at": None})
    assert 'id="territory-positions"' in html and "Vallée-des-Saules" in html
    services.position_set(statement=statement, delegation=first, stance="disagree", base_revision=1)
    after = selectors.summary_hash_source(selectors.summary_payload(agora))
    assert before != after


def test_self_expectations_are_kept_apart_from_expectations_towards_others(world, peer, agora):
    ContributionFactory(
        session=peer.session("ELU"),
        kind="expectation",
        target_category="AGENT_ETAT",
        text="Venir plus tôt",
        shared=True,
    )
    ContributionFactory(
        session=peer.session("ELU"), kind="self_expectation", text="Tenir le cap", shared=True
    )
    grid = selectors.summary_payload(agora)["grid"]
    assert grid["count"] == 1
    assert all("Tenir le cap" not in texts for row in grid["rows"] for texts in row["cells"])
    assert grid["self"] == [
        {"category": "ELU", "label": grid["self"][0]["label"], "texts": ["Tenir le cap"]}
    ]


def test_the_migration_makes_agora_learnings_of_shared_learning_cards_only(world, peer, agora):
    shared = ContributionFactory(
        session=peer.session("ELU"), kind="learning", text="On a appris à se parler", shared=True
    )
    ContributionFactory(session=peer.session("ELU"), kind="learning", text="Resté dans le groupe")
    migration = importlib.import_module("agora.migrations.0005_delegations_positions_and_learnings")
    migration.learnings_to_the_agora(django_apps, None)
    migration.learnings_to_the_agora(django_apps, None)  # idempotent
    [statement] = Statement.objects.filter(agora=agora)
    assert (statement.kind, statement.text) == ("learning", "On a appris à se parler")
    assert list(statement.sources.all()) == [shared]
