"""Results of a diagnostic: maturity per axis and per principle, per category and overall.

Means and spreads (population standard deviation) count levels 0–4 only; "je ne sais
pas" answers are excluded and counted apart. The radar's data is prepared here and drawn
by transitions.charts, so the page and the PDF show the same drawing.

An axis rated per dimension of cooperation (P2-d from questionnaire version 2) counts
once per respondent in its axis and principle: the mean of that respondent's known
dimension levels ("je ne sais pas" when none is known). Each dimension also gets its
own row (`Results.dimensions`), per category and overall.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from diagnostics.models import Answer, Diagnostic, DiagnosticStatus, Level, Section
from transitions import charts
from transitions.models import ActorCategory, Axis, CooperationDimension, Principle

CATEGORY_COLOURS = {
    ActorCategory.ELU: "#6a3d9a",
    ActorCategory.AGENT_COLLECTIVITE: "#1f78b4",
    ActorCategory.AGENT_ETAT: "#b15928",
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: "#2e8b2a",
}
OVERALL = "ALL"
BENCHMARK_MIN_TERRITORIES = 3


@dataclass
class Stat:
    n: int = 0
    dont_know: int = 0
    mean: float | None = None
    spread: float | None = None

    @classmethod
    def of(cls, levels: Iterable[int]) -> Stat:
        levels = list(levels)
        known = [lv for lv in levels if lv != Level.DONT_KNOW]
        stat = cls(n=len(known), dont_know=len(levels) - len(known))
        if known:
            stat.mean = statistics.fmean(known)
            stat.spread = statistics.pstdev(known)
        return stat


@dataclass
class Row:
    """An axis or a principle: overall stat and one stat per category (fixed order)."""

    item: object
    overall: Stat
    by_category: list[tuple[str, str, Stat]] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        means = [s.mean for _c, _l, s in self.by_category if s.mean is not None]
        return max(means) - min(means) if len(means) >= 2 else None

    @property
    def category_means(self) -> list[tuple[str, float]]:
        """(category label, mean) of the categories that rated this row, in order."""
        return [(label, s.mean) for _c, label, s in self.by_category if s.mean is not None]

    def category_mean(self, category: str) -> float | None:
        for value, _label, stat in self.by_category:
            if value == category:
                return stat.mean
        return None


@dataclass
class Results:
    categories: list[tuple[str, str]]
    principles: list[Row]
    axes: list[Row]
    respondents: int = 0
    evolution: list[dict] = field(default_factory=list)
    evolution_date: object = None
    benchmark: list[dict] = field(default_factory=list)
    benchmark_count: int = 0
    # One row per dimension of cooperation when the questionnaire rates an axis on them
    # (empty for a version 1 diagnostic); `dimension_axis` is that axis.
    dimensions: list[Row] = field(default_factory=list)
    dimension_axis: object = None

    @property
    def gaps(self) -> list[Row]:
        with_gap = [r for r in self.axes if r.gap is not None and r.gap > 0]
        return sorted(with_gap, key=lambda r: (-r.gap, r.item.code))[:5]


@dataclass(frozen=True)
class DimensionItem:
    code: str
    label: str


def fold_dimensions(rows: Iterable[tuple]) -> tuple[list[tuple], list[tuple[str, str, int]]]:
    """Split answer rows (respondent, axis code, principle code, category, level,
    dimension) into axis rows (axis code, principle code, category, level), where one
    respondent's dimension levels of an axis become one level (their mean over known
    levels, else "je ne sais pas"), and dimension rows (dimension, category, level).
    Pure, so it is tested by hand."""
    axis_rows: list[tuple] = []
    dimension_rows: list[tuple[str, str, int]] = []
    per_respondent: dict[tuple, list[int]] = defaultdict(list)
    for respondent, axis_code, principle_code, category, level, dimension in rows:
        if not dimension:
            axis_rows.append((axis_code, principle_code, category, level))
            continue
        dimension_rows.append((dimension, category, level))
        per_respondent[(respondent, axis_code, principle_code, category)].append(level)
    for (_respondent, axis_code, principle_code, category), levels in per_respondent.items():
        known = [lv for lv in levels if lv != Level.DONT_KNOW]
        folded = statistics.fmean(known) if known else Level.DONT_KNOW
        axis_rows.append((axis_code, principle_code, category, folded))
    return axis_rows, dimension_rows


def compute(
    rows: Iterable[tuple[str, str, str, int]],
    principles,
    axes,
    dimension_rows: Iterable[tuple[str, str, int]] = (),
) -> Results:
    """rows: (axis code, principle code, category, level); dimension_rows: (dimension,
    category, level). Pure, so it is tested by hand."""
    categories = list(ActorCategory.choices)
    by_axis: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_principle: dict[tuple[str, str], list[int]] = defaultdict(list)
    for axis_code, principle_code, category, level in rows:
        for key in (category, OVERALL):
            by_axis[(axis_code, key)].append(level)
            by_principle[(principle_code, key)].append(level)

    def row(item, table) -> Row:
        return Row(
            item=item,
            overall=Stat.of(table.get((item.code, OVERALL), [])),
            by_category=[
                (value, label, Stat.of(table.get((item.code, value), [])))
                for value, label in categories
            ],
        )

    by_dimension: dict[tuple[str, str], list[int]] = defaultdict(list)
    for dimension, category, level in dimension_rows:
        for key in (category, OVERALL):
            by_dimension[(dimension, key)].append(level)
    dimensions = []
    if by_dimension:
        dimensions = [
            row(DimensionItem(code=value, label=str(label)), by_dimension)
            for value, label in CooperationDimension.choices
        ]
    return Results(
        categories=categories,
        principles=[row(p, by_principle) for p in principles],
        axes=[row(a, by_axis) for a in axes],
        dimensions=dimensions,
    )


def _answer_rows(diagnostic_ids):
    return (
        Answer.objects.filter(
            diagnostic_id__in=diagnostic_ids,
            respondent__isnull=False,
            question__section=Section.AXIS,
            level__isnull=False,
        )
        .order_by()
        .values_list(
            "diagnostic_id",
            "respondent_id",
            "question__axis__code",
            "question__axis__principle__code",
            "category",
            "level",
            "question__cooperation_dimension",
        )
    )


def _principle_means(diagnostic_ids, principles) -> dict[int, dict[str, float | None]]:
    per_diag: dict[int, list] = defaultdict(list)
    for diag_id, *row in _answer_rows(diagnostic_ids):
        per_diag[diag_id].append(tuple(row))
    out = {}
    for diag_id in diagnostic_ids:
        axis_rows, _dimension_rows = fold_dimensions(per_diag.get(diag_id, []))
        result = compute(axis_rows, principles, [])
        out[diag_id] = {r.item.code: r.overall.mean for r in result.principles}
    return out


def diagnostic_results(diagnostic: Diagnostic) -> Results:
    principles = list(Principle.objects.order_by("number"))
    axes = list(Axis.objects.select_related("principle").order_by("principle__number", "letter"))
    axis_rows, dimension_rows = fold_dimensions(r[1:] for r in _answer_rows([diagnostic.pk]))
    result = compute(axis_rows, principles, axes, dimension_rows)
    dimension_question = (
        diagnostic.questionnaire.questions.exclude(cooperation_dimension="")
        .select_related("axis")
        .first()
    )
    if dimension_question is not None:
        result.dimension_axis = dimension_question.axis
        if not result.dimensions:  # nobody has rated them yet: empty rows, still shown
            result.dimensions = [
                Row(
                    item=DimensionItem(code=value, label=str(label)),
                    overall=Stat(),
                    by_category=[(c, lbl, Stat()) for c, lbl in result.categories],
                )
                for value, label in CooperationDimension.choices
            ]
    result.respondents = (
        Answer.objects.filter(diagnostic=diagnostic, respondent__isnull=False)
        .values("respondent_id")
        .distinct()
        .count()
    )
    submitted = [DiagnosticStatus.SUBMITTED, DiagnosticStatus.VALIDATED]

    # Evolution: the same territory's latest earlier diagnostic (an earlier cohort).
    earlier = (
        Diagnostic.objects.filter(
            delegation__territory_id=diagnostic.delegation.territory_id,
            status__in=submitted,
            created_at__lt=diagnostic.created_at,
        )
        .exclude(pk=diagnostic.pk)
        .order_by("-created_at")
        .first()
    )
    if earlier:
        before = _principle_means([earlier.pk], principles)[earlier.pk]
        result.evolution_date = earlier.submitted_at or earlier.created_at
        result.evolution = [
            {
                "principle": r.item,
                "before": before.get(r.item.code),
                "now": r.overall.mean,
                "delta": (
                    r.overall.mean - before[r.item.code]
                    if r.overall.mean is not None and before.get(r.item.code) is not None
                    else None
                ),
            }
            for r in result.principles
        ]

    # Anonymous benchmark: the cohort's median, once enough territories have submitted.
    cohort_ids = list(
        Diagnostic.objects.filter(
            delegation__cohort_id=diagnostic.delegation.cohort_id, status__in=submitted
        ).values_list("pk", flat=True)
    )
    result.benchmark_count = len(cohort_ids)
    if len(cohort_ids) >= BENCHMARK_MIN_TERRITORIES:
        means = _principle_means(cohort_ids, principles)
        for r in result.principles:
            values = [m[r.item.code] for m in means.values() if m[r.item.code] is not None]
            result.benchmark.append(
                {
                    "principle": r.item,
                    "median": statistics.median(values) if values else None,
                    "mine": r.overall.mean,
                }
            )
    return result


# --- Radar chart (SVG) -------------------------------------------------------------------


def radar_svg(result: Results, *, size: int = 420) -> str:
    """A radar of the 4 principles (scale 0–4): one line per category plus overall,
    drawn by the shared chart module so the page and the PDF show the same drawing."""
    series = [
        charts.RadarSeries(
            label=str(label),
            colour=CATEGORY_COLOURS[value],
            values=[r.category_mean(value) for r in result.principles],
        )
        for value, label in result.categories
    ]
    series.append(
        charts.RadarSeries(
            label=_("Ensemble"),
            colour="#1d2330",
            values=[r.overall.mean for r in result.principles],
            dashed=True,
        )
    )
    return charts.radar(
        axes=[f"{r.item.code} · {r.item.get_dimension_display()}" for r in result.principles],
        series=series,
        scale=4,
        title=_("Maturité par principe directeur et par catégorie d'acteurs (échelle 0 à 4)"),
        size=size,
    )
