"""Consensus and dissensus are read from the positions, never typed up front."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse

from agora import selectors, services
from agora.models import Statement, StatementKind

pytestmark = pytest.mark.django_db

ALL = ("ELU", "AGENT_COLLECTIVITE", "AGENT_ETAT", "ACTEUR_SOCIO_ECONOMIQUE")


def test_consensus_and_dissensus_are_no_longer_kinds_one_can_choose():
    assert "consensus" not in StatementKind.values
    assert "dissensus" not in StatementKind.values


def test_the_service_refuses_a_hand_typed_consensus(world, peer):
    from django.core.exceptions import ValidationError

    agora = services.agora_ensure(cohort=world.cohort)
    with pytest.raises(ValidationError):
        services.statement_create(agora=agora, kind="consensus", text="Tout le monde d'accord")


def test_the_form_offers_no_consensus_or_dissensus_type(client, world, peer):
    agora = services.agora_ensure(cohort=world.cohort)
    client.force_login(world.facilitator)
    # The statement form loads when its section is opened (the agora page on demand).
    url = reverse("agora:agora-detail", args=[agora.cohort_id])
    page = client.get(url, {"formulaire": "1"}).content.decode()
    form = page[page.index('id="id_kind"') :]
    form = form[: form.index("</select>")]
    assert 'value="consensus"' not in form and 'value="dissensus"' not in form
    assert 'value="proposal"' in form


def test_the_reading_groups_statements_by_what_the_positions_say(world, peer):
    agora = services.agora_ensure(cohort=world.cohort)
    agreed = services.statement_create(agora=agora, kind="learning", text="On se voit plus")
    split = services.statement_create(agora=agora, kind="proposal", text="Les appels à projets")
    services.statement_create(agora=agora, kind="proposal", text="Pas encore débattu")
    for category in ALL:
        services.position_set(statement=agreed, category=category, stance="agree", base_revision=0)
    services.position_set(statement=split, category="ELU", stance="agree", base_revision=0)
    services.position_set(
        statement=split, category="ACTEUR_SOCIO_ECONOMIQUE", stance="disagree", base_revision=0
    )
    groups = selectors.statements_by_reading(selectors.position_matrix(agora))
    assert [(g["reading"], [r.statement.text for r in g["rows"]]) for g in groups] == [
        ("consensus", ["On se voit plus"]),
        ("dissensus", ["Les appels à projets"]),
    ]
    dissensus = groups[1]["rows"][0]
    # Attributed to roles, never to people.
    assert dissensus.by_stance == [
        ("D'accord", ["Élu·e"]),
        ("Pas d'accord", ["Acteur·rice socio-économique"]),
    ]


def test_the_migration_turns_hand_typed_readings_into_proposals(world, peer):
    from django.apps import apps

    agora = services.agora_ensure(cohort=world.cohort)
    typed = services.statement_create(agora=agora, kind="proposal", text="x")
    kept = services.statement_create(agora=agora, kind="learning", text="y")
    Statement.objects.filter(pk=typed.pk).update(kind="dissensus")
    migration = importlib.import_module("agora.migrations.0009_statement_reading_computed")
    migration.to_proposals(apps, None)
    assert Statement.objects.get(pk=typed.pk).kind == "proposal"
    assert Statement.objects.get(pk=kept.pk).kind == "learning"
