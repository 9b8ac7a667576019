"""Scores against hand-computed values; evolution over time; the cohort benchmark."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagnostics import scores, services
from diagnostics.models import Answer
from tests.diagnostics.factories import axis_question, diagnostic_world, member
from tests.factories import DelegationFactory, open_stage

pytestmark = pytest.mark.django_db


def _answer(diagnostic, user, category, code, level, text=""):
    Answer.objects.create(
        diagnostic=diagnostic,
        question=axis_question(diagnostic, code),
        respondent=user,
        category=category,
        level=level,
        text=text,
        updated_by=user,
    )


def _fill_hand_example(world):
    d, c = world.diagnostic, world.cohort
    elu1, elu2 = world.elu, member(c, "participant", "ELU", world.delegation_a)
    agent = world.agent_a
    etat = member(c, "participant", "AGENT_ETAT", world.delegation_a)
    socio = [
        member(c, "participant", "ACTEUR_SOCIO_ECONOMIQUE", world.delegation_a) for _ in range(3)
    ]
    # P1-a: ELU 4, 2 · agent 1 · État "ne sait pas" · socio 3, 3, "ne sait pas"
    _answer(d, elu1, "ELU", "P1-a", 4)
    _answer(d, elu2, "ELU", "P1-a", 2)
    _answer(d, agent, "AGENT_COLLECTIVITE", "P1-a", 1)
    _answer(d, etat, "AGENT_ETAT", "P1-a", -1)
    _answer(d, socio[0], "ACTEUR_SOCIO_ECONOMIQUE", "P1-a", 3)
    _answer(d, socio[1], "ACTEUR_SOCIO_ECONOMIQUE", "P1-a", 3)
    _answer(d, socio[2], "ACTEUR_SOCIO_ECONOMIQUE", "P1-a", -1)
    # P1-b: ELU 0 · agent 4
    _answer(d, elu1, "ELU", "P1-b", 0)
    _answer(d, agent, "AGENT_COLLECTIVITE", "P1-b", 4)


def _stat(row, category):
    return next(s for value, _label, s in row.by_category if value == category)


def test_axis_and_principle_scores_match_the_hand_computed_values(world, diagnostic):
    _fill_hand_example(world)
    result = scores.diagnostic_results(world.diagnostic)
    p1a = next(r for r in result.axes if r.item.code == "P1-a")
    assert (_stat(p1a, "ELU").mean, _stat(p1a, "ELU").spread) == (3.0, 1.0)
    assert (_stat(p1a, "AGENT_COLLECTIVITE").mean, _stat(p1a, "AGENT_COLLECTIVITE").n) == (1.0, 1)
    etat = _stat(p1a, "AGENT_ETAT")
    assert (etat.mean, etat.n, etat.dont_know) == (None, 0, 1)
    socio = _stat(p1a, "ACTEUR_SOCIO_ECONOMIQUE")
    assert (socio.mean, socio.spread, socio.dont_know) == (3.0, 0.0, 1)
    assert p1a.overall.mean == pytest.approx(2.6)
    assert p1a.overall.spread == pytest.approx(math.sqrt(1.04))
    assert (p1a.overall.n, p1a.overall.dont_know) == (5, 2)
    assert p1a.gap == 2.0

    p1 = result.principles[0]
    assert _stat(p1, "ELU").mean == 2.0
    assert _stat(p1, "AGENT_COLLECTIVITE").mean == 2.5
    assert _stat(p1, "ACTEUR_SOCIO_ECONOMIQUE").mean == 3.0
    assert p1.overall.mean == pytest.approx(17 / 7)
    assert result.principles[1].overall.mean is None
    assert [r.item.code for r in result.gaps] == ["P1-b", "P1-a"]
    assert result.respondents == 7


def test_the_radar_is_svg_with_one_line_per_category_and_escapes_nothing_unsafe(world, diagnostic):
    _fill_hand_example(world)
    svg = scores.radar_svg(scores.diagnostic_results(world.diagnostic))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    for label in ("Élu·e", "Agent·e de collectivité", "Agent·e de l&#x27;État", "Ensemble"):
        assert label in svg
    assert "P1 · Engagement" in svg and "P4 · Valeur créée" in svg


def test_the_results_page_shows_the_radar_the_gaps_and_dont_know_counts(client, world, diagnostic):
    _fill_hand_example(world)
    client.force_login(world.facilitator)
    html = client.get(
        reverse("diagnostics:results-detail", args=[world.diagnostic.pk])
    ).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "écart de 4,0 points" in html
    assert "2,6" in html


def test_the_results_compare_with_the_territorys_earlier_diagnostic(world, diagnostic):
    # The same territory took part in an earlier cohort.
    earlier_world = diagnostic_world(territory_name="Ancienne")
    earlier = earlier_world.diagnostic
    earlier_delegation = earlier.delegation
    earlier_delegation.territory = world.delegation_a.territory
    earlier_delegation.save()
    _answer(earlier, earlier_world.agent_a, "AGENT_COLLECTIVITE", "P1-a", 1)
    services.diagnostic_submit(diagnostic=earlier, user=earlier_world.agent_a)
    type(earlier).objects.filter(pk=earlier.pk).update(
        created_at=world.diagnostic.created_at.replace(year=2024)
    )
    _answer(world.diagnostic, world.agent_a, "AGENT_COLLECTIVITE", "P1-a", 3)
    result = scores.diagnostic_results(world.diagnostic)
    p1 = result.evolution[0]
    assert (p1["before"], p1["now"], p1["delta"]) == (1.0, 3.0, 2.0)


def test_the_cohort_benchmark_appears_only_once_three_territories_have_submitted(world, diagnostic):
    cohort = world.cohort
    others = []
    for level in (1, 2):
        delegation = DelegationFactory(cohort=cohort)
        agent = member(cohort, "agent", "AGENT_COLLECTIVITE", delegation)
        diagnostic = services.diagnostic_open(delegation=delegation)
        _answer(diagnostic, agent, "AGENT_COLLECTIVITE", "P1-a", level)
        services.diagnostic_submit(diagnostic=diagnostic, user=agent)
        others.append(diagnostic)
    _answer(world.diagnostic, world.agent_a, "AGENT_COLLECTIVITE", "P1-a", 4)
    assert scores.diagnostic_results(world.diagnostic).benchmark == []
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    result = scores.diagnostic_results(world.diagnostic)
    assert result.benchmark_count == 3
    assert result.benchmark[0]["median"] == 2.0
    assert result.benchmark[0]["mine"] == 4.0


def test_the_principle_page_needs_as_many_queries_for_20_respondents_as_for_1(
    client, world, diagnostic
):
    client.force_login(world.agent_a)
    url = reverse("diagnostics:principle-edit", args=[world.diagnostic.pk, 2])
    _answer(world.diagnostic, world.agent_a, "AGENT_COLLECTIVITE", "P2-a", 2)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(19):
        person = member(world.cohort, "participant", "ELU", world.delegation_a)
        for code in ("P2-a", "P2-b", "P2-c"):
            _answer(world.diagnostic, person, "ELU", code, 3, "vécu")
    with CaptureQueriesContext(connection) as twenty:
        assert client.get(url).status_code == 200
    assert len(twenty) == len(one)


def test_a_closed_stage_does_not_open_a_new_diagnostic(db):
    world = diagnostic_world(stage_open=False)
    assert services.diagnostic_open(delegation=world.delegation_a) is None
    open_stage(world.cohort, "diagnostic")
    assert services.diagnostic_open(delegation=world.delegation_a) is not None
