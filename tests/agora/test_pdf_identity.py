"""Every PDF shares one identity (templates/pdf/base.html + static/css/pdf.css): a cover,
a running header, "page 1 / N", a table of contents; empty sections are left out, never
printed as "—"; only a diagnostic not yet validated is marked provisional."""

from __future__ import annotations

import subprocess

import pytest
from django.utils import timezone

from agora import services
from agora.reports.forums import summary_payload as forum_payload
from agora.selectors import summary_payload as agora_payload
from tests.factories import open_stage
from transitions.pdf import render_pdf

pytestmark = pytest.mark.django_db


def _pages(template: str, context: dict) -> list[str]:
    context["generated_at"] = timezone.now()
    data = render_pdf(template, context)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def _shares_the_identity(pages: list[str], running_title: str) -> None:
    count = len(pages)
    assert f"page 1 / {count}" in pages[0]
    assert f"page {count} / {count}" in pages[-1]
    assert all(running_title in page for page in pages)
    assert all("Transitions · La Fabrique des transitions" in page for page in pages)
    assert "Sommaire" in pages[1]
    assert not any("rovisoire" in page for page in pages)


def test_the_agora_summary_shares_the_identity_and_leaves_out_empty_parts(world, peer):
    open_stage(world.cohort, "agora")
    agora = services.agora_ensure(cohort=world.cohort)
    statement = services.statement_create(agora=agora, kind="proposal", text="Se voir plus")
    for category in ("ELU", "AGENT_COLLECTIVITE", "AGENT_ETAT", "ACTEUR_SOCIO_ECONOMIQUE"):
        services.position_set(
            statement=statement, category=category, stance="agree", base_revision=0
        )
    pages = _pages("agora/pdf/summary.html", agora_payload(agora))
    _shares_the_identity(pages, "Synthèse de l'agora")
    text = " ".join(pages)
    assert "Consensus et dissensus" in text and "Se voir plus" in text
    # Nothing was shared by the groups: no expectations grid printed empty.
    assert "Qui attend quoi de qui" not in text
    assert "—" not in text


def test_the_forum_summary_shares_the_identity_and_leaves_out_empty_parts(cafe, world):
    services.card_add(
        table=cafe["tables"][0],
        cafe_round=cafe["round"],
        kind="key_idea",
        text="Un guichet unique ESS",
        user=world.agent_a,
    )
    pages = _pages("agora/pdf/forum_summary.html", forum_payload(cafe["forum"]))
    _shares_the_identity(pages, "Synthèse du forum territorial")
    text = " ".join(pages)
    assert "Un guichet unique ESS" in text
    # No harvest written yet: those headings are not printed over "—".
    for heading in ("Enseignements transversaux", "Opportunités de coopération", "Ambiance"):
        assert heading not in text
    assert "—" not in text
