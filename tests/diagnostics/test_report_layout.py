"""The report a mayor reads: a one-page summary and a table of contents first, no rows
without information, "provisoire" on every page until the diagnostic is validated, the
shared PDF identity ("page 1 / N")."""

from __future__ import annotations

import re
import subprocess

import pytest

from diagnostics import reports, services
from diagnostics.models import Diagnostic
from tests.diagnostics.factories import axis_question
from transitions.pdf import render_pdf

pytestmark = pytest.mark.django_db


def _pages(diagnostic) -> list[str]:
    data = render_pdf("diagnostics/pdf/report.html", reports.report_context(diagnostic))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def _rate(world, code, level, *, user=None, category="AGENT_COLLECTIVITE", text=""):
    services.answer_save(
        diagnostic=world.diagnostic,
        question=axis_question(world.diagnostic, code),
        user=user or world.agent_a,
        base_version=0,
        category=category,
        level=level,
        text=text,
    )


def _write(world, code, text):
    question = world.diagnostic.questionnaire.questions.get(code=code)
    services.answer_save(
        diagnostic=world.diagnostic,
        question=question,
        user=world.agent_a,
        base_version=0,
        text=text,
    )


@pytest.fixture
def rated(world, diagnostic):
    _rate(world, "P1-a", 3)
    _rate(world, "P1-b", 1)
    # Two categories far apart on one axis: the largest gap.
    _rate(world, "P2-a", 4)
    _rate(world, "P2-a", 0, user=world.elu, category="ELU")
    _write(world, "synthesis.pilot_project", "Une cantine approvisionnée en circuit court")
    return diagnostic


def test_the_report_opens_with_the_summary_then_the_table_of_contents(world, rated):
    pages = _pages(rated)
    summary, toc = pages[1], pages[2]
    assert "L'essentiel" in summary
    points_forts = summary[summary.index("Points forts") : summary.index("Axes prioritaires")]
    assert "P1-a" in points_forts and "P1-b" not in points_forts
    assert "P1-b" in summary[summary.index("Axes prioritaires") :]
    gaps = summary[summary.index("Les plus grands écarts entre catégories") :]
    assert "P2-a" in gaps and "écart de 4,0 sur 4" in gaps
    assert "Projet pilote envisagé" in summary and "cantine approvisionnée" in summary
    assert "Sommaire" in toc
    # Each entry with its page number (WeasyPrint's target-counter).
    assert re.search(r"Profil du territoire[ .]+\d+", toc)
    assert re.search(r"P1 · [^.]+[ .]+\d+", toc)


def test_an_unvalidated_report_says_provisoire_on_every_page(world, rated):
    pages = _pages(rated)
    assert len(pages) >= 4
    assert all("Provisoire" in page for page in pages), [p[:80] for p in pages]
    assert f"page 1 / {len(pages)}" in pages[0]
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]


def test_a_validated_report_is_not_provisional(world, rated):
    Diagnostic.objects.filter(pk=rated.pk).update(status="validated")
    rated.refresh_from_db()
    pages = _pages(rated)
    assert not any("rovisoire" in page for page in pages)
    assert f"page 1 / {len(pages)}" in pages[0]


def test_rows_and_sections_without_information_are_left_out(world, rated):
    text = " ".join(_pages(rated))
    # No per-category spread of single answers, no columns for silent categories.
    assert "Écart-type" not in text
    # (the shared radar chart's legend marks them "(—)"; no table gives them a column)
    for silent in ("Agent·e de l'État", "Acteur·rice socio-économique"):
        assert text.count(silent) == text.count(f"{silent} (—)")
    # The two principles nobody rated have no section; unrated axes are named once.
    assert "Sans réponse : P1-c" in text
    assert "Agir de façon intégrée, systémique" not in text
    # Empty parts print no heading over nothing.
    for heading in ("Preuves", "Récit du territoire", "Cartographie des acteurs de l'ESS"):
        assert heading not in text
    assert "Non renseigné" not in text
    dashes = [text[max(0, m.start() - 60) : m.end() + 20] for m in re.finditer(" — ", text)]
    assert dashes == [], dashes
