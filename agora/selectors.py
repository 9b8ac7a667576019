"""Reads of the agora. Everything returned is attributed to categories, never to people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.models import Agora, Position, Stance, Statement, StatementKind
from peergroups.selectors import SharedContribution, shared_contributions
from transitions.models import ActorCategory

CATEGORIES = list(ActorCategory.choices)

VERDICTS = {
    "consensus": _("Consensus"),
    "dissensus": _("Dissensus"),
    "rejected": _("Rejet partagé"),
    "nuanced": _("Convergence nuancée"),
    "incomplete": _("Positions incomplètes"),
}


def verdict(stances: list[str | None]) -> str:
    """What a statement's row of positions says at a glance.

    consensus: every category agrees; dissensus: at least one agrees and one disagrees;
    rejected: every category disagrees; incomplete: a category has not positioned itself;
    nuanced: every category answered, without consensus nor open disagreement.
    """
    recorded = [s for s in stances if s]
    if Stance.AGREE in recorded and Stance.DISAGREE in recorded:
        return "dissensus"
    if len(recorded) < len(stances):
        return "incomplete"
    if all(s == Stance.AGREE for s in recorded):
        return "consensus"
    if all(s == Stance.DISAGREE for s in recorded):
        return "rejected"
    return "nuanced"


@dataclass
class MatrixRow:
    statement: Statement
    cells: list[tuple[str, Position | None]]  # (category code, position) per column
    verdict: str
    sources: list[SharedContribution] = field(default_factory=list)

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])

    @property
    def labelled_cells(self) -> list[tuple[str, str, Position | None]]:
        """(code, label, position) per column, for the live tool's tap buttons."""
        labels = dict(CATEGORIES)
        return [(code, labels[code], position) for code, position in self.cells]


def statements_with_positions(agora: Agora) -> QuerySet[Statement]:
    if agora.pk is None:
        return Statement.objects.none()
    return agora.statements.prefetch_related(
        Prefetch("positions", queryset=Position.objects.order_by("category")),
        "sources",
    )


def position_matrix(
    agora: Agora, shared: list[SharedContribution] | None = None
) -> list[MatrixRow]:
    """The category × statement matrix, one row per statement (categories in columns)."""
    shared_by_id = {
        c.id: c for c in (shared if shared is not None else shared_contributions(agora.cohort))
    }
    rows = []
    for statement in statements_with_positions(agora):
        by_category = {p.category: p for p in statement.positions.all()}
        cells = [(code, by_category.get(code)) for code, _label in CATEGORIES]
        rows.append(
            MatrixRow(
                statement=statement,
                cells=cells,
                verdict=verdict([c.stance if c else None for _code, c in cells]),
                # A source unshared since (or hidden) no longer leaves its group.
                sources=[
                    shared_by_id[s.pk] for s in statement.sources.all() if s.pk in shared_by_id
                ],
            )
        )
    return rows


def statements_by_kind(rows: list[MatrixRow]) -> list[dict]:
    return [
        {"kind": kind, "label": label, "rows": [r for r in rows if r.statement.kind == kind]}
        for kind, label in StatementKind.choices
    ]


def expectations_grid(shared: list[SharedContribution]) -> dict:
    """Who expects what from whom: rows are the expecting category, columns the addressed one."""
    cells: dict[tuple[str, str], list[str]] = {}
    for c in shared:
        if c.kind == "expectation" and c.target_category:
            cells.setdefault((c.category, c.target_category), []).append(c.text)
    return {
        "categories": CATEGORIES,
        "rows": [
            {
                "category": code,
                "label": label,
                "cells": [cells.get((code, target), []) for target, _t in CATEGORIES],
            }
            for code, label in CATEGORIES
        ],
        "count": sum(len(v) for v in cells.values()),
    }


def summary_payload(agora: Agora) -> dict:
    """Everything the summary shows, as plain data: the PDF's context and its content hash."""
    shared = shared_contributions(agora.cohort)
    rows = position_matrix(agora, shared)
    return {
        "agora": agora,
        "cohort": agora.cohort,
        "categories": CATEGORIES,
        "by_kind": statements_by_kind(rows),
        "matrix": rows,
        "grid": expectations_grid(shared),
    }


def summary_hash_source(payload: dict) -> dict:
    return {
        "statements": [
            {
                "kind": r.statement.kind,
                "text": r.statement.text,
                "positions": [(code, c.stance, c.note) if c else None for code, c in r.cells],
                # The PDF quotes each source's text: an edited card must change the hash.
                "sources": [(s.id, s.category, s.text) for s in r.sources],
            }
            for r in payload["matrix"]
        ],
        "grid": [row["cells"] for row in payload["grid"]["rows"]],
        "cohort": payload["cohort"].name,
    }


# --- The one read of the research app ------------------------------------------------------


@dataclass(frozen=True)
class ResearchSegment:
    """One agora text as the research corpus sees it: a statement of the plenary, or a
    category's nuance on it. Both are attributed to the plenary or a category, never to
    a person, so no pseudonym applies (`author_id` is always None)."""

    id: str
    source: str
    kind: str
    text: str
    category: str
    stance: str
    statement_id: int
    date: dt.date | None
    author_id: None
    updated_at: dt.datetime


STATEMENT_SOURCE = "agora.statement"
POSITION_SOURCE = "agora.position"


def research_segments(cohort) -> Iterator[ResearchSegment]:
    """Every statement of the cohort's agora, then every category's written nuance."""
    statements = Statement.objects.filter(agora__cohort=cohort).order_by("pk")
    for s in statements.iterator(chunk_size=500):
        yield ResearchSegment(
            id=f"{STATEMENT_SOURCE}:{s.pk}",
            source=STATEMENT_SOURCE,
            kind=s.kind,
            text=s.text,
            category="",
            stance="",
            statement_id=s.pk,
            date=timezone.localdate(s.created_at),
            author_id=None,
            updated_at=s.updated_at,
        )
    positions = (
        Position.objects.filter(statement__agora__cohort=cohort).exclude(note="").order_by("pk")
    )
    for p in positions.iterator(chunk_size=500):
        yield ResearchSegment(
            id=f"{POSITION_SOURCE}:{p.pk}",
            source=POSITION_SOURCE,
            kind="position",
            text=p.note,
            category=p.category,
            stance=p.stance,
            statement_id=p.statement_id,
            date=timezone.localdate(p.updated_at),
            author_id=None,
            updated_at=p.updated_at,
        )
