"""The PDF report shows the evolution against the territory's earlier diagnostic and the
cohort benchmark exactly as the results page does, and a change to either gives a new
report (never the stale cached file)."""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from diagnostics import reports, services
from diagnostics.models import Answer
from territories import services as ess_services
from tests.diagnostics.factories import axis_question, diagnostic_world, member
from tests.factories import DelegationFactory
from transitions.models import Job
from transitions.pdf import render_pdf

pytestmark = pytest.mark.django_db


def _answer(diagnostic, user, code, level, category="AGENT_COLLECTIVITE"):
    Answer.objects.create(
        diagnostic=diagnostic,
        question=axis_question(diagnostic, code),
        respondent=user,
        category=category,
        level=level,
        updated_by=user,
    )


def _pdf_text(world, tmp_path) -> str:
    data = render_pdf("diagnostics/pdf/report.html", reports.report_context(world.diagnostic))
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def _earlier_diagnostic(world, level: int):
    """The same territory's diagnostic in an earlier cohort, submitted."""
    earlier_world = diagnostic_world(territory_name="Ancienne")
    earlier = earlier_world.diagnostic
    delegation = earlier.delegation
    delegation.territory = world.delegation_a.territory
    delegation.save()
    _answer(earlier, earlier_world.agent_a, "P1-a", level)
    services.diagnostic_submit(diagnostic=earlier, user=earlier_world.agent_a)
    type(earlier).objects.filter(pk=earlier.pk).update(
        created_at=world.diagnostic.created_at.replace(year=2024),
        submitted_at=world.diagnostic.created_at.replace(year=2024, month=3),
    )
    earlier.refresh_from_db()
    return earlier


def _submitted_peer(world, level: int):
    delegation = DelegationFactory(cohort=world.cohort)
    agent = member(world.cohort, "agent", "AGENT_COLLECTIVITE", delegation)
    diagnostic = services.diagnostic_open(delegation=delegation)
    _answer(diagnostic, agent, "P1-a", level)
    services.diagnostic_submit(diagnostic=diagnostic, user=agent)
    return diagnostic, agent


def _page_rows(html: str, table_class: str) -> list[list[str]]:
    """The cells of a results-page table, tags and spacing removed."""
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)
        ]
        for r in rows
    ]


def test_the_report_shows_the_evolution_and_the_benchmark_as_the_results_page(
    client, world, diagnostic, tmp_path
):
    _earlier_diagnostic(world, level=1)
    _submitted_peer(world, level=1)
    _submitted_peer(world, level=2)
    _answer(world.diagnostic, world.agent_a, "P1-a", 4)
    _answer(world.diagnostic, world.elu, "P1-a", 3, category="ELU")
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)

    client.force_login(world.facilitator)
    html = client.get(
        reverse("diagnostics:results-detail", args=[world.diagnostic.pk])
    ).content.decode()
    evolution = _page_rows(html, "evolution")
    benchmark = _page_rows(html, "benchmark")
    assert evolution[0] == ["P1", "1,0", "3,5", "+2,5"]
    assert evolution[1] == ["P2", "—", "—", "—"]
    assert benchmark[0] == ["P1", "3,5", "2,0"]

    text = _pdf_text(world, tmp_path)
    assert "Évolution depuis le diagnostic précédent" in text
    assert "Comparaison avec le diagnostic précédent du territoire (mars 2024)." in text
    assert "P1 · Engagement 1,0 3,5 +2,5" in text
    assert "Repère de la cohorte" in text
    assert "Médiane anonyme des 3 territoires ayant soumis leur diagnostic." in text
    assert "P1 · Engagement 3,5 2,0" in text
    # Anonymous: no other territory is named.
    for diagnostic in type(world.diagnostic).objects.exclude(
        delegation__territory=world.delegation_a.territory
    ):
        assert diagnostic.delegation.territory.name not in text


def test_without_an_earlier_diagnostic_or_three_submissions_the_report_has_neither(
    world, diagnostic, tmp_path
):
    _answer(world.diagnostic, world.agent_a, "P1-a", 2)
    text = _pdf_text(world, tmp_path)
    assert "Évolution depuis le diagnostic précédent" not in text
    assert "Repère de la cohorte" not in text


def test_the_report_hash_changes_when_the_benchmark_or_the_evolution_changes(world, diagnostic):
    _answer(world.diagnostic, world.agent_a, "P1-a", 4)
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    first, agent = _submitted_peer(world, level=1)
    before = reports.report_hash(world.diagnostic)
    # Two submissions: no benchmark yet, and a peer's draft answers change nothing shown.
    second_delegation = DelegationFactory(cohort=world.cohort)
    second_agent = member(world.cohort, "agent", "AGENT_COLLECTIVITE", second_delegation)
    second = services.diagnostic_open(delegation=second_delegation)
    _answer(second, second_agent, "P1-a", 3)
    assert reports.report_hash(world.diagnostic) == before
    # The third submission makes the benchmark appear.
    services.diagnostic_submit(diagnostic=second, user=second_agent)
    with_benchmark = reports.report_hash(world.diagnostic)
    assert with_benchmark != before
    # A peer's answers move the median.
    Answer.objects.filter(diagnostic=first).update(level=4)
    moved = reports.report_hash(world.diagnostic)
    assert moved != with_benchmark
    # An earlier diagnostic of the territory appears: the evolution.
    _earlier_diagnostic(world, level=2)
    assert reports.report_hash(world.diagnostic) != moved


def test_editing_an_organisation_or_the_territory_gives_a_new_report(
    client, world, diagnostic, django_capture_on_commit_callbacks
):
    territory = world.delegation_a.territory
    org = ess_services.organisation_create(
        territory=territory,
        user=world.agent_a,
        organisation={"name": "Régie de quartier", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2024, 1, 1)},
    )
    client.force_login(world.agent_a)
    url = reverse("diagnostics:report-request", args=[world.diagnostic.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Job.objects.count() == 1
    org.legal_form = "scic"
    org.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Job.objects.count() == 2
    territory.population = 12_345
    territory.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Job.objects.count() == 3


def test_the_results_page_says_when_the_ready_report_is_out_of_date(
    client, world, diagnostic, django_capture_on_commit_callbacks
):
    client.force_login(world.agent_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diagnostics:report-request", args=[world.diagnostic.pk]))
    results = reverse("diagnostics:results-detail", args=[world.diagnostic.pk])
    html = client.get(results).content.decode()
    assert "Télécharger le rapport PDF" in html
    assert "Ce rapport date d'avant les dernières modifications" not in html
    _submitted_peer(world, level=1)  # not shown yet: still no benchmark
    assert "Ce rapport date d'avant" not in client.get(results).content.decode()
    _answer(world.diagnostic, world.agent_a, "P2-a", 2)
    services.answer_save(
        diagnostic=world.diagnostic,
        question=axis_question(world.diagnostic, "P2-a"),
        user=world.agent_a,
        base_version=1,
        level=3,
    )
    response = client.get(results)
    assert "Ce rapport date d'avant" in response.content.decode()
