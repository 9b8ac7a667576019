"""Reads of diagnostics, already scoped to the user (lists, partials and exports too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.http import urlencode

from diagnostics.models import (
    Answer,
    Diagnostic,
    Evidence,
    Question,
    Questionnaire,
    Section,
)
from territories.models import Delegation
from transitions.models import ActorCategory, Principle, Role
from transitions.roles import roles_of
from transitions.selectors import with_user_names


def _scope_q(user, prefix: str) -> Q:
    """Q for delegations the user may see: their own (agent or participant) and those of
    cohorts they facilitate. `prefix` is the path from the model to the delegation."""
    roles = roles_of(user)
    return Q(**{f"{prefix}cohort_id__in": roles.cohort_ids(Role.FACILITATOR)}) | Q(
        **{f"{prefix}id__in": roles.delegation_ids()}
    )


def diagnostics_for(user) -> QuerySet[Diagnostic]:
    if not user.is_authenticated:
        return Diagnostic.objects.none()
    qs = Diagnostic.objects.select_related(
        "delegation__territory", "delegation__cohort", "questionnaire"
    )
    if user.is_staff:
        return qs
    return qs.filter(_scope_q(user, "delegation__"))


def delegations_for(user) -> QuerySet[Delegation]:
    if not user.is_authenticated:
        return Delegation.objects.none()
    qs = Delegation.objects.select_related("territory", "cohort")
    if user.is_staff:
        return qs
    return qs.filter(_scope_q(user, ""))


def delegations_listed_for(user, *, query: str = "") -> QuerySet[Delegation]:
    """The diagnostics list: `delegations_for` narrowed by the search box (territory or
    cohort name), newest cohorts first."""
    delegations = delegations_for(user)
    if query:
        delegations = delegations.filter(
            Q(territory__name__icontains=query) | Q(cohort__name__icontains=query)
        )
    return delegations.order_by("-cohort__year", "territory__name", "pk")


def current_questionnaire() -> Questionnaire:
    return Questionnaire.objects.filter(published_at__isnull=False).order_by("-version").first()


def respondent_category(user, diagnostic) -> str:
    """The category the user answers with in this diagnostic's delegation ("" if none)."""
    return roles_of(user).category_in_delegation(diagnostic.delegation_id)


def principles_with_questions(questionnaire) -> list[Principle]:
    """The 4 principles, each with `.questions`: its axis questions in this version."""
    principles = {p.pk: p for p in Principle.objects.order_by("number")}
    for principle in principles.values():
        principle.questions = []
    questions = (
        Question.objects.filter(questionnaire=questionnaire, section=Section.AXIS)
        .select_related("axis")
        .order_by("order")
    )
    for question in questions:
        principles[question.axis.principle_id].questions.append(question)
    return list(principles.values())


def principle_items(diagnostic, user, principle: Principle) -> list[dict]:
    """The axis questions of one principle with the user's own answer and its evidence.

    A constant number of queries whatever the number of respondents: only the user's rows
    are read, plus one count of answers per question.
    """
    questions = list(
        Question.objects.filter(
            questionnaire_id=diagnostic.questionnaire_id,
            section=Section.AXIS,
            axis__principle=principle,
        )
        .select_related("axis")
        .order_by("order")
    )
    answers = {
        a.question_id: a
        # "Saved by …" names `updated_by` on every item: joined, not one query per item.
        for a in with_user_names(
            Answer.objects.filter(diagnostic=diagnostic, respondent=user, question__in=questions),
            "updated_by",
        ).prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")))
    }
    counts = dict(
        Answer.objects.filter(diagnostic=diagnostic, question__in=questions, level__isnull=False)
        .values("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )
    return [
        {"question": q, "answer": answers.get(q.pk), "respondents": counts.get(q.pk, 0)}
        for q in questions
    ]


def shared_items(diagnostic, section: str) -> list[dict]:
    questions = list(
        Question.objects.filter(
            questionnaire_id=diagnostic.questionnaire_id, section=section
        ).order_by("order")
    )
    answers = {
        a.question_id: a
        for a in with_user_names(
            Answer.objects.filter(
                diagnostic=diagnostic, respondent__isnull=True, question__in=questions
            ),
            "updated_by",
        )
    }
    return [{"question": q, "answer": answers.get(q.pk)} for q in questions]


def progress(diagnostic, user) -> dict:
    """Answered items per section: for principles, a respondent's own answers, and for
    anyone else (the facilitator) the items at least one respondent answered; shared
    sections otherwise."""
    questions = Question.objects.filter(questionnaire_id=diagnostic.questionnaire_id)
    totals: dict[str, int] = {}
    for section, principle_number in questions.values_list("section", "axis__principle__number"):
        key = f"P{principle_number}" if section == Section.AXIS else section
        totals[key] = totals.get(key, 0) + 1
    done: dict[str, int] = {}
    answered = Answer.objects.filter(
        diagnostic=diagnostic, respondent__isnull=False, level__isnull=False
    )
    if respondent_category(user, diagnostic):
        answered = answered.filter(respondent=user)
    for number, _question in answered.values_list(
        "question__axis__principle__number", "question_id"
    ).distinct():
        done[f"P{number}"] = done.get(f"P{number}", 0) + 1
    shared = Answer.objects.filter(diagnostic=diagnostic, respondent__isnull=True).exclude(text="")
    for section in shared.values_list("question__section", flat=True):
        done[section] = done.get(section, 0) + 1
    return {key: {"done": done.get(key, 0), "total": total} for key, total in totals.items()}


def respondents_count(diagnostic) -> int:
    return (
        Answer.objects.filter(diagnostic=diagnostic, respondent__isnull=False)
        .values("respondent_id")
        .distinct()
        .count()
    )


@dataclass
class CategoryCoverage:
    category: str
    label: str
    respondents: int
    answered: int  # axes answered by at least one respondent of the category
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.answered


@dataclass
class PrincipleCoverage:
    principle: Principle
    total: int
    unanswered: list  # the axes nobody has answered yet

    @property
    def answered(self) -> int:
        return self.total - len(self.unanswered)


@dataclass
class Coverage:
    """Who has answered how much of a diagnostic's axes, as everyone may read it: by
    principle (axes nobody answered) and by actor category, never by name (a
    respondent's answers are theirs); `mine` is the viewer's own count."""

    total: int
    mine: int
    by_principle: list[PrincipleCoverage]
    by_category: list[CategoryCoverage]

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.by_principle)

    @property
    def complete(self) -> bool:
        return self.answered == self.total and all(c.respondents for c in self.by_category)


def coverage(diagnostic, viewer) -> Coverage:
    """Axes (not items: P2-d's three dimension items are one axis) answered, in three
    queries whatever the number of respondents. "Je ne sais pas" counts as an answer,
    as in `progress`."""
    from transitions.models import Axis

    axis_ids = set(
        Question.objects.filter(
            questionnaire_id=diagnostic.questionnaire_id, section=Section.AXIS
        ).values_list("axis_id", flat=True)
    )
    axes = list(Axis.objects.filter(pk__in=axis_ids).select_related("principle"))
    rows = set(
        Answer.objects.filter(
            diagnostic=diagnostic, respondent__isnull=False, level__isnull=False
        ).values_list("respondent_id", "category", "question__axis_id")
    )
    answered_axes = {axis_id for _r, _c, axis_id in rows}
    by_principle: dict[int, PrincipleCoverage] = {}
    for axis in sorted(axes, key=lambda a: (a.principle.number, a.letter)):
        entry = by_principle.setdefault(
            axis.principle_id, PrincipleCoverage(principle=axis.principle, total=0, unanswered=[])
        )
        entry.total += 1
        if axis.pk not in answered_axes:
            entry.unanswered.append(axis)
    by_category = []
    for category in ActorCategory:
        of_category = [(r, a) for r, c, a in rows if c == category]
        by_category.append(
            CategoryCoverage(
                category=category.value,
                label=str(category.label),
                respondents=len({r for r, _a in of_category}),
                answered=len({a for _r, a in of_category}),
                total=len(axes),
            )
        )
    mine = {axis_id for respondent_id, _c, axis_id in rows if respondent_id == viewer.pk}
    return Coverage(
        total=len(axes),
        mine=len(mine),
        by_principle=list(by_principle.values()),
        by_category=by_category,
    )


def question_labels(diagnostic) -> dict[str, str]:
    """Question code → the label people read ("profile.context" is a key, not a word),
    for pages that name questions by code (the history)."""
    return {
        q.code: q.reader_label
        for q in Question.objects.filter(questionnaire_id=diagnostic.questionnaire_id)
        .select_related("axis")
        .only("code", "section", "cooperation_dimension", "prompt_fr", "prompt_en", "axis__code")
    }


def observations_of(diagnostic) -> QuerySet[Answer]:
    """Sensible observations, for the results page and the report: no respondent name."""
    return (
        Answer.objects.filter(diagnostic=diagnostic, respondent__isnull=False)
        .exclude(text="")
        .select_related("question__axis")
        .only(
            "pk",
            "text",
            "category",
            "quoted",
            "question__code",
            "question__order",
            "question__cooperation_dimension",
            "question__axis__code",
            "question__axis__label_fr",
            "question__axis__label_en",
            "diagnostic_id",
            "question_id",
        )
        .order_by("question__order", "category", "pk")
    )


# --- The one read of the research app ------------------------------------------------------


@dataclass(frozen=True)
class ResearchSegment:
    """One diagnostic observation as the research corpus sees it: never a name.

    `author_id` exists only so the research app can replace it with a pseudonym keyed
    per export project; it must never be shown or exported as such.
    """

    id: str
    source: str
    kind: str
    text: str
    category: str
    axes: tuple[str, ...]
    territory_id: int
    territory_name: str
    territory_kind: str
    territory_region: str
    date: dt.date | None
    author_id: int | None
    updated_at: dt.datetime


RESEARCH_SOURCE = "diagnostics.answer"


def research_segments(cohort) -> Iterator[ResearchSegment]:
    """Every written observation of a cohort's diagnostics that research may read.

    Only a respondent's own observation (an axis answer with a text) enters: shared
    sections are written by several people and cannot be tied to one consent. The
    respondent must hold a membership in that cohort with research consent and none
    without (as `peergroups.selectors.research_segments`).
    """
    from transitions.models import Membership

    memberships = Membership.objects.filter(user_id=OuterRef("respondent_id"), cohort=cohort)
    qs = (
        Answer.objects.filter(diagnostic__delegation__cohort=cohort, respondent__isnull=False)
        .exclude(text="")
        .filter(Exists(memberships.filter(research_consent=True)))
        .exclude(Exists(memberships.filter(research_consent=False)))
        .select_related("question__axis__principle", "diagnostic__delegation__territory")
        .order_by("pk")
    )
    for a in qs.iterator(chunk_size=500):
        territory = a.diagnostic.delegation.territory
        axis = a.question.axis
        yield ResearchSegment(
            id=f"{RESEARCH_SOURCE}:{a.pk}",
            source=RESEARCH_SOURCE,
            kind=a.question.section,
            text=a.text,
            category=a.category,
            axes=(axis.code,) if axis else (),
            territory_id=territory.pk,
            territory_name=territory.name,
            territory_kind=territory.kind,
            territory_region=territory.region,
            date=timezone.localdate(a.updated_at) if a.updated_at else None,
            author_id=a.respondent_id,
            updated_at=a.updated_at,
        )


CANDIDATE_PILOT_QUESTION = "synthesis.pilot_project"


def candidate_pilot_prefill(diagnostic) -> str:
    """The query string that opens territories' pilot-project form prefilled with the
    synthesis' candidate pilot project (a shared, named text); "" when it is empty.
    Territories never imports diagnostics: it only reads these GET parameters."""
    text = (
        Answer.objects.filter(
            diagnostic=diagnostic,
            respondent__isnull=True,
            question__code=CANDIDATE_PILOT_QUESTION,
        )
        .values_list("text", flat=True)
        .first()
    )
    text = (text or "").strip()
    if not text:
        return ""
    title = text.splitlines()[0].strip().rstrip(".")
    if len(title) > 200:
        title = title[:199].rstrip() + "…"
    return urlencode({"title": title, "description": text, "origin": "diagnostic"})
