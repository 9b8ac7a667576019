"""Writes of diagnostics. Every change is kept by the one audit history (django-pghistory
triggers, `audit/`); services taking `user=` attribute their writes to that person
(`transitions.history.attributed`), so the history names who did what outside a request
too."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from diagnostics.models import (
    TEXT_MAX_LENGTH,
    TIMELINE_FIELDS,
    Answer,
    Diagnostic,
    DiagnosticStatus,
    Evidence,
    Level,
    Question,
    Questionnaire,
    TimelineEvent,
)
from diagnostics.selectors import current_questionnaire
from territories.models import Delegation
from transitions.concurrency import StaleEdit, check_fresh
from transitions.history import acting, attributed
from transitions.models import StageKind, User
from transitions.selectors import stage_allows_writes

UNSET = object()


class StateError(Exception):
    """A workflow step that does not apply to the diagnostic's current state."""


def text_too_long_message(length: int) -> str:
    return _(
        "Ce texte est trop long : %(limit)s caractères au maximum, il en compte %(length)s."
    ) % {"limit": f"{TEXT_MAX_LENGTH:,}".replace(",", "\u202f"), "length": length}


# --- Opening, versions -------------------------------------------------------------------


@transaction.atomic
def diagnostic_open(*, delegation: Delegation) -> Diagnostic | None:
    """The delegation's diagnostic, created on the current questionnaire version once the
    cohort's diagnostic stage is open; None while the stage has not opened."""
    existing = Diagnostic.objects.filter(delegation=delegation).first()
    if existing:
        return existing
    if not stage_allows_writes(delegation.cohort_id, StageKind.DIAGNOSTIC):
        return None
    questionnaire = current_questionnaire()
    try:
        with transaction.atomic():
            return Diagnostic.objects.create(delegation=delegation, questionnaire=questionnaire)
    except IntegrityError:
        return Diagnostic.objects.get(delegation=delegation)


@transaction.atomic
def questionnaire_publish(
    *,
    base: Questionnaire,
    prompts: dict[str, tuple[str, str]] | None = None,
    notes: str = "",
) -> Questionnaire:
    """Publish a new version copied from `base`, with some prompts reworded.

    Questions are copied, never edited in place: diagnostics begun on `base` keep it.
    """
    prompts = prompts or {}
    latest = Questionnaire.objects.order_by("-version").first()
    new = Questionnaire.objects.create(
        version=latest.version + 1,
        title_fr=base.title_fr,
        title_en=base.title_en,
        published_at=timezone.now(),
        notes=notes,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=new,
            section=q.section,
            code=q.code,
            axis_id=q.axis_id,
            cooperation_dimension=q.cooperation_dimension,
            order=q.order,
            prompt_fr=prompts.get(q.code, (q.prompt_fr, q.prompt_en))[0],
            prompt_en=prompts.get(q.code, (q.prompt_fr, q.prompt_en))[1],
        )
        for q in base.questions.order_by("order")
    )
    return new


# --- Answers -----------------------------------------------------------------------------


@attributed
@transaction.atomic
def answer_save(
    *,
    diagnostic: Diagnostic,
    question: Question,
    user: User,
    base_version: int,
    category: str = "",
    level=UNSET,
    text=UNSET,
) -> Answer:
    """Save an answer only if nobody saved it since `base_version` (0: not created yet).

    Raises StaleEdit with the current row when someone did; never overwrites.
    """
    if question.questionnaire_id != diagnostic.questionnaire_id:
        raise ValidationError(_("Cette question n'appartient pas à ce questionnaire."))
    if text is not UNSET and len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(text_too_long_message(len(text)), code="max_length")
    if level is not UNSET and level is not None and level not in Level.values:
        raise ValidationError(_("Choisissez un niveau entre 0 et 4, ou « je ne sais pas »."))
    if not question.is_axis:
        level = UNSET  # shared texts carry no level
    respondent = user if question.is_axis else None
    rows = Answer.objects.filter(diagnostic=diagnostic, question=question, respondent=respondent)
    current = rows.select_related("updated_by").first()

    if current is None:
        if base_version != 0:
            raise ValidationError(_("Cette réponse est introuvable ; rechargez la page."))
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    diagnostic=diagnostic,
                    question=question,
                    respondent=respondent,
                    category=category if question.is_axis else "",
                    level=None if level is UNSET else level,
                    text="" if text is UNSET else text,
                    updated_by=user,
                )
        except IntegrityError:
            # Someone created it a moment ago from the same empty start.
            raise StaleEdit(rows.select_related("updated_by").get()) from None
    else:
        new_level = current.level if level is UNSET else level
        new_text = current.text if text is UNSET else text
        if new_level == current.level and new_text == current.text:
            return current  # nothing to save: not a conflict, even from an older version
        if current.version != base_version:
            raise StaleEdit(current)
        updated = rows.filter(pk=current.pk, version=base_version).update(
            level=new_level,
            text=new_text,
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        if not updated:  # someone slipped in between our read and our write
            raise StaleEdit(rows.select_related("updated_by").get())
        answer = rows.select_related("updated_by").get()
    return answer


@transaction.atomic
def answers_create(*, diagnostic: Diagnostic, rows: list[tuple]) -> list[Answer]:
    """Create many respondents' first answers at once, with the checks and the history of
    answer_save: for a set of answers typed in together (the demo's respondents), where
    one answer_save per row would cost a few queries each.

    `rows` are (question, respondent, category, level, text) for axis questions nobody
    answered yet; an existing answer makes the whole call fail (nothing half-saved)."""
    answers = []
    for question, user, category, level, text in rows:
        if question.questionnaire_id != diagnostic.questionnaire_id or not question.is_axis:
            raise ValidationError(_("Cette question n'appartient pas à ce questionnaire."))
        if level is not None and level not in Level.values:
            raise ValidationError(_("Choisissez un niveau entre 0 et 4, ou « je ne sais pas »."))
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(text_too_long_message(len(text)), code="max_length")
        answers.append(
            Answer(
                diagnostic=diagnostic,
                question=question,
                respondent=user,
                category=category,
                level=level,
                text=text,
                updated_by=user,
            )
        )
    # One insert per respondent, so the history attributes each first answer to its
    # respondent (shown to others under the answer's category only).
    by_respondent: dict[int, list[Answer]] = {}
    for answer in answers:
        by_respondent.setdefault(answer.respondent_id, []).append(answer)
    created = []
    try:
        with transaction.atomic():
            for group in by_respondent.values():
                with acting(group[0].respondent):
                    created += Answer.objects.bulk_create(group)
    except IntegrityError:
        raise ValidationError(_("Une de ces réponses existe déjà ; rechargez la page.")) from None
    return created


@attributed
@transaction.atomic
def evidence_add(
    *,
    diagnostic: Diagnostic,
    question: Question,
    user: User,
    category: str,
    kind: str,
    description: str,
    frequency: str = "",
) -> Evidence:
    answer, _created = Answer.objects.get_or_create(
        diagnostic=diagnostic,
        question=question,
        respondent=user,
        defaults={"category": category, "updated_by": user},
    )
    evidence = Evidence.objects.create(
        answer=answer, kind=kind, description=description, frequency=frequency, created_by=user
    )
    return evidence


@attributed
@transaction.atomic
def evidence_delete(*, evidence: Evidence, user: User) -> None:
    evidence.delete()


@attributed
@transaction.atomic
def answer_quote(*, answer: Answer, user: User, quoted: bool) -> None:
    """Choose (or drop) an observation for the report; the answer's content is untouched,
    so its version does not move and nobody's edit is refused for it."""
    if answer.quoted == quoted:
        return
    Answer.objects.filter(pk=answer.pk).update(quoted=quoted)
    answer.quoted = quoted


# --- Timeline ----------------------------------------------------------------------------


@attributed
@transaction.atomic
def timeline_event_add(*, diagnostic: Diagnostic, user: User, **fields) -> TimelineEvent:
    if len(fields.get("description", "")) > TEXT_MAX_LENGTH:
        raise ValidationError(text_too_long_message(len(fields["description"])))
    event = TimelineEvent.objects.create(diagnostic=diagnostic, created_by=user, **fields)
    return event


@attributed
@transaction.atomic
def timeline_event_update(
    *, event: TimelineEvent, user: User, fingerprint: str, **values
) -> TimelineEvent:
    """Edit an event, refused (transitions.concurrency.StaleEdit) when it changed since the
    page was loaded; each changed field goes to the history with its old and new value."""
    if len(values.get("description", "")) > TEXT_MAX_LENGTH:
        raise ValidationError(text_too_long_message(len(values["description"])))
    locked = TimelineEvent.objects.select_for_update().get(pk=event.pk)
    check_fresh(locked, TIMELINE_FIELDS, fingerprint)
    old = {name: getattr(locked, name) for name in TIMELINE_FIELDS}
    for name in TIMELINE_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean(exclude=["diagnostic", "created_by"])
    changed = [name for name in TIMELINE_FIELDS if old[name] != values[name]]
    if not changed:
        return locked
    locked.save(update_fields=changed)
    return locked


@attributed
@transaction.atomic
def timeline_event_delete(*, event: TimelineEvent, user: User) -> None:
    event.delete()


# --- Workflow: draft → submitted → validated, reopenable ---------------------------------


def _transition(diagnostic: Diagnostic, expected: list[str], **values) -> None:
    """Conditional UPDATE on the status, so two clicks never both apply."""
    updated = Diagnostic.objects.filter(pk=diagnostic.pk, status__in=expected).update(**values)
    if not updated:
        raise StateError(_("Ce diagnostic a changé d'état entre-temps ; rechargez la page."))
    for name, value in values.items():
        setattr(diagnostic, name, value)


@attributed
@transaction.atomic
def diagnostic_submit(*, diagnostic: Diagnostic, user: User) -> None:
    _transition(
        diagnostic,
        [DiagnosticStatus.DRAFT],
        status=DiagnosticStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
    )


@attributed
@transaction.atomic
def diagnostic_validate(*, diagnostic: Diagnostic, user: User) -> None:
    _transition(
        diagnostic,
        [DiagnosticStatus.SUBMITTED],
        status=DiagnosticStatus.VALIDATED,
        validated_at=timezone.now(),
        validated_by=user,
    )


@attributed
@transaction.atomic
def diagnostic_unvalidate(*, diagnostic: Diagnostic, user: User) -> None:
    """Undo a validation: back to submitted, for the facilitators to review again."""
    _transition(
        diagnostic,
        [DiagnosticStatus.VALIDATED],
        status=DiagnosticStatus.SUBMITTED,
        validated_at=None,
        validated_by=None,
    )


@transaction.atomic
def diagnostic_reopen(*, diagnostic: Diagnostic, user: User, comment: str) -> None:
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Expliquez en un commentaire pourquoi vous rouvrez le diagnostic."))
    if len(comment) > TEXT_MAX_LENGTH:
        raise ValidationError(text_too_long_message(len(comment)))
    _transition(
        diagnostic,
        [DiagnosticStatus.SUBMITTED, DiagnosticStatus.VALIDATED],
        status=DiagnosticStatus.DRAFT,
        validated_at=None,
        validated_by=None,
        review_comment=comment,
    )
