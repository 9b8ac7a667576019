"""Demo diagnostics for `make run` (idempotent; only once the demo cohort exists).

Written through the services, as the respondents and the coordinating agent would: the
history shows who did what. The texts and the levels' logic live in
diagnostics/demo_content.py; each territory's profile in territories/demo_content.py.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from diagnostics import services
from diagnostics.demo_content import (
    BASE_LEVELS,
    CATEGORY_BIAS,
    DONT_KNOW,
    EVIDENCE,
    FINISHED_DIAGNOSTIC_DAYS,
    FINISHED_SECOND_RESPONDENT_FIRST_NAMES,
    FINISHED_STAGES,
    IN_PROGRESS_PRINCIPLES,
    IN_PROGRESS_RESPONDENTS,
    OBSERVATIONS,
    P2D_DIMENSIONS,
    SECOND_RESPONDENT_FIRST_NAMES,
    SECOND_RESPONDENT_SHIFT,
    STAGES,
    SYNTHESIS,
    TIMELINES,
)
from diagnostics.models import Diagnostic, Section
from territories.demo_content import FINISHED_PROFILES, TERRITORIES
from transitions.demo import (
    EMAIL_PART,
    SURNAMES,
    demo_cohort,
    demo_user,
    finished_demo_cohort,
    paris_time,
)
from transitions.models import ActorCategory, Membership, Role, StageKind

RESPONDENTS_PER_CATEGORY = 2


def level_for(
    code: str, category: str, number: int, axis_code: str, principle: int, dimension: str = ""
) -> int:
    """A respondent's level on an axis: the territory's base for the principle, moved by
    the category's expected view and, for the second respondent, by one step on a few
    axes; -1 ("je ne sais pas") where the category cannot judge. P2-d is rated per
    dimension of cooperation (questionnaire 2) or, on questionnaire 1, as one level: the
    rounded mean of the three."""
    if axis_code in DONT_KNOW.get(category, set()):
        return -1
    level = BASE_LEVELS[code][principle] + CATEGORY_BIAS[category].get(axis_code, 0)
    if axis_code == "P2-d":
        if dimension:
            level += P2D_DIMENSIONS[category][dimension]
        else:
            dimensions = P2D_DIMENSIONS[category].values()
            level += round(sum(dimensions) / len(dimensions))
    if number == 1:
        level += SECOND_RESPONDENT_SHIFT.get(axis_code, 0)
    return max(0, min(4, level))


# The demo's P2-d observations speak of working across services and sectors: on
# questionnaire 2 they sit on the transversal item.
P2D_OBSERVATION_DIMENSION = "transversal"


def _content_code(question) -> str:
    """The axis code the demo content uses for a question (P2-d for its dimension items);
    "" for the dimension items that carry no observation or evidence."""
    if not question.cooperation_dimension:
        return question.code
    if question.cooperation_dimension == P2D_OBSERVATION_DIMENSION:
        return question.axis.code
    return ""


def _second_first_name(code: str) -> str:
    if code in FINISHED_SECOND_RESPONDENT_FIRST_NAMES:
        return FINISHED_SECOND_RESPONDENT_FIRST_NAMES[code]
    return SECOND_RESPONDENT_FIRST_NAMES[list(TERRITORIES).index(code)]


def _profile(code: str) -> dict[str, str]:
    return TERRITORIES[code]["profile"] if code in TERRITORIES else FINISHED_PROFILES[code]


def _respondents(delegation, code: str) -> dict[tuple[str, int], object]:
    """Two respondents per category: the delegation's member the core created, and one
    more person created here (once)."""
    people = {}
    first_name = _second_first_name(code)
    for category in ActorCategory.values:
        first = (
            Membership.objects.filter(
                delegation=delegation, role=Role.PARTICIPANT, category=category
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if first is not None:
            people[(category, 0)] = first.user
        email = f"diag-{code}-{EMAIL_PART[category]}@demo.transitions.fr"
        second = demo_user(email, f"{first_name} {SURNAMES[category]}")
        Membership.objects.get_or_create(
            user=second,
            cohort=delegation.cohort,
            role=Role.PARTICIPANT,
            defaults={
                "category": category,
                "delegation": delegation,
                "research_consent": True,
                "research_consent_at": timezone.now(),
            },
        )
        people[(category, 1)] = second
    return people


def _coordinator(delegation):
    """The delegation's coordinating agent; the finished cohort's delegations have none in
    the demo, so there its local-authority staff member (the DGS at Lavergne) coordinates."""
    membership = (
        Membership.objects.filter(delegation=delegation, role=Role.AGENT)
        .select_related("user")
        .order_by("pk")
        .first()
    ) or (
        Membership.objects.filter(
            delegation=delegation,
            role=Role.PARTICIPANT,
            category=ActorCategory.AGENT_COLLECTIVITE,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _fill(diagnostic, code: str, stage: str, questions, coordinator) -> None:
    people = _respondents(diagnostic.delegation, code)
    observations = {(c, n, axis): (text, quoted) for c, n, axis, text, quoted in OBSERVATIONS[code]}
    rows = []
    for (category, number), user in people.items():
        if stage == "in_progress" and (category, number) not in IN_PROGRESS_RESPONDENTS:
            continue
        for question in questions:
            principle = question.axis.principle.number
            if stage == "in_progress" and principle not in IN_PROGRESS_PRINCIPLES:
                continue
            text, _quoted = observations.get(
                (category, number, _content_code(question)), ("", False)
            )
            level = level_for(
                code,
                category,
                number,
                question.axis.code,
                principle,
                question.cooperation_dimension,
            )
            rows.append((question, user, category, level, text))
    answers = services.answers_create(diagnostic=diagnostic, rows=rows)
    by_key = {(a.category, a.respondent_id, _content_code(a.question)): a for a in answers}
    for (category, number, axis), (_text, quoted) in observations.items():
        if quoted:
            answer = by_key[(category, people[(category, number)].pk, axis)]
            services.answer_quote(answer=answer, user=coordinator, quoted=True)
    by_code = {_content_code(q): q for q in questions}
    for category, number, axis, kind, description, frequency in EVIDENCE.get(code, []):
        services.evidence_add(
            diagnostic=diagnostic,
            question=by_code[axis],
            user=people[(category, number)],
            category=category,
            kind=kind,
            description=description,
            frequency=frequency,
        )
    for kind, happened_on, title in TIMELINES.get(code, []):
        services.timeline_event_add(
            diagnostic=diagnostic, user=coordinator, kind=kind, happened_on=happened_on, title=title
        )


@transaction.atomic
def load_demo_diagnostics() -> None:
    """One diagnostic per demo territory, each at its point (demo_content.STAGES), and the
    finished cohort's validated one (FINISHED_STAGES), dated inside that cohort's
    diagnostic stage; idempotent: a delegation that already has a diagnostic is left
    alone."""
    cohort = demo_cohort()
    if cohort is not None:
        _load_cohort_diagnostics(cohort, STAGES)
    finished = finished_demo_cohort()
    if finished is not None:
        for diagnostic in _load_cohort_diagnostics(finished, FINISHED_STAGES):
            _date_in_the_past(diagnostic)


def _date_in_the_past(diagnostic) -> None:
    """The finished cohort did its diagnostic a year and a half ago: its dates say so (the
    services stamp today). Answers keep their save time, which the history records."""
    days = FINISHED_DIAGNOSTIC_DAYS
    fields = {"created_at": paris_time(days["created"], "09:30")}
    if diagnostic.submitted_at:
        fields["submitted_at"] = paris_time(days["submitted"], "17:15")
    if diagnostic.validated_at:
        fields["validated_at"] = paris_time(days["validated"], "11:00")
    Diagnostic.objects.filter(pk=diagnostic.pk).update(**fields)


def _load_cohort_diagnostics(cohort, stages: dict[str, str]) -> list[Diagnostic]:
    """The diagnostics of `cohort`'s delegations listed in `stages`, written while its
    diagnostic stage is open; returns the ones made by this run."""
    from diagnostics.selectors import current_questionnaire

    made: list[Diagnostic] = []
    if not cohort.stages.filter(kind=StageKind.DIAGNOSTIC).exists():
        return made
    facilitator = cohort.memberships.filter(role=Role.FACILITATOR).select_related("user").first()
    questionnaire = current_questionnaire()
    questions = list(questionnaire.questions.select_related("axis__principle"))
    axis_questions = [q for q in questions if q.section == Section.AXIS]
    shared_questions = {q.code: q for q in questions if q.section != Section.AXIS}
    delegations = cohort.delegations.select_related("territory", "cohort").order_by("pk")
    for delegation in delegations:
        code = delegation.territory.code
        if code not in stages or Diagnostic.objects.filter(delegation=delegation).exists():
            continue
        diagnostic = services.diagnostic_open(delegation=delegation)
        if diagnostic is None:  # the diagnostic stage is not open
            return made
        made.append(diagnostic)
        coordinator = _coordinator(delegation)
        stage = stages[code]
        shared = {f"profile.{name}": text for name, text in _profile(code).items()}
        shared.update({f"synthesis.{k}": v for k, v in SYNTHESIS.get(code, {}).items()})
        for question_code, text in shared.items():
            services.answer_save(
                diagnostic=diagnostic,
                question=shared_questions[question_code],
                user=coordinator,
                base_version=0,
                text=text,
            )
        if stage == "not_started":
            continue
        _fill(diagnostic, code, stage, axis_questions, coordinator)
        if stage in {"submitted", "validated"}:
            services.diagnostic_submit(diagnostic=diagnostic, user=coordinator)
        if stage == "validated" and facilitator is not None:
            services.diagnostic_validate(diagnostic=diagnostic, user=facilitator.user)
        diagnostic.refresh_from_db()
    return made
