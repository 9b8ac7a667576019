"""Writes of diagnostics. Every change is kept in the history (Change rows)."""

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
    Change,
    Diagnostic,
    DiagnosticStatus,
    Evidence,
    Level,
    Question,
    Questionnaire,
    TimelineEvent,
    TimelineKind,
)
from diagnostics.selectors import current_questionnaire
from territories.models import Delegation
from transitions.concurrency import StaleEdit, check_fresh
from transitions.l10n import long_date
from transitions.models import StageKind, User
from transitions.selectors import stage_allows_writes

UNSET = object()


class StateError(Exception):
    """A workflow step that does not apply to the diagnostic's current state."""


def level_label(level: int | None) -> str:
    return "" if level is None else str(Level(level).label)


def text_too_long_message(length: int) -> str:
    return _(
        "Ce texte est trop long : %(limit)s caractères au maximum, il en compte %(length)s."
    ) % {"limit": f"{TEXT_MAX_LENGTH:,}".replace(",", "\u202f"), "length": length}


def _log(diagnostic, user, subject: str, field: str, old: str, new: str) -> None:
    Change.objects.create(
        diagnostic=diagnostic,
        changed_by=user,
        subject=subject[:200],
        field=field,
        old_value=old,
        new_value=new,
    )


def _subject(question: Question) -> str:
    return question.code


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
        old_level, old_text = None, ""
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
        old_level, old_text = current.level, current.text
        answer = rows.select_related("updated_by").get()

    subject = _subject(question)
    if answer.level != old_level:
        _log(diagnostic, user, subject, "level", level_label(old_level), level_label(answer.level))
    if answer.text != old_text:
        _log(diagnostic, user, subject, "text", old_text, answer.text)
    return answer


@transaction.atomic
def answers_create(*, diagnostic: Diagnostic, rows: list[tuple]) -> list[Answer]:
    """Create many respondents' first answers at once, with the checks and the history of
    answer_save: for a set of answers typed in together (the demo's respondents), where
    one answer_save per row would cost a few queries each.

    `rows` are (question, respondent, category, level, text) for axis questions nobody
    answered yet; an existing answer makes the whole call fail (nothing half-saved)."""
    answers, changes = [], []
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
        subject = _subject(question)[:200]
        if level is not None:
            changes.append(
                Change(
                    diagnostic=diagnostic,
                    changed_by=user,
                    subject=subject,
                    field="level",
                    new_value=level_label(level),
                )
            )
        if text:
            changes.append(
                Change(
                    diagnostic=diagnostic,
                    changed_by=user,
                    subject=subject,
                    field="text",
                    new_value=text,
                )
            )
    try:
        with transaction.atomic():
            created = Answer.objects.bulk_create(answers)
    except IntegrityError:
        raise ValidationError(_("Une de ces réponses existe déjà ; rechargez la page.")) from None
    Change.objects.bulk_create(changes)
    return created


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
    _log(
        diagnostic,
        user,
        _subject(question),
        "evidence",
        "",
        f"{evidence.get_kind_display()} : {description}" + (f" ({frequency})" if frequency else ""),
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user: User) -> None:
    answer = evidence.answer
    _log(
        answer.diagnostic,
        user,
        _subject(answer.question),
        "evidence",
        f"{evidence.get_kind_display()} : {evidence.description}",
        "",
    )
    evidence.delete()


@transaction.atomic
def answer_quote(*, answer: Answer, user: User, quoted: bool) -> None:
    """Choose (or drop) an observation for the report; the answer's content is untouched,
    so its version does not move and nobody's edit is refused for it."""
    if answer.quoted == quoted:
        return
    Answer.objects.filter(pk=answer.pk).update(quoted=quoted)
    answer.quoted = quoted
    _log(
        answer.diagnostic,
        user,
        _subject(answer.question),
        "quoted",
        "" if quoted else _("citée"),
        _("citée") if quoted else "",
    )


# --- Timeline ----------------------------------------------------------------------------


@transaction.atomic
def timeline_event_add(*, diagnostic: Diagnostic, user: User, **fields) -> TimelineEvent:
    if len(fields.get("description", "")) > TEXT_MAX_LENGTH:
        raise ValidationError(text_too_long_message(len(fields["description"])))
    event = TimelineEvent.objects.create(diagnostic=diagnostic, created_by=user, **fields)
    _log(
        diagnostic,
        user,
        _("Récit"),
        "timeline",
        "",
        f"{long_date(event.happened_on)} · {event.get_kind_display()} · {event.title}",
    )
    return event


def _timeline_value(name: str, value) -> str:
    if name == "happened_on":
        return long_date(value)
    if name == "kind":
        return str(TimelineKind(value).label)
    return value


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
    subject = _("Récit : %(title)s") % {"title": old["title"]}
    for name in changed:
        _log(
            locked.diagnostic,
            user,
            subject,
            f"timeline_{name}",
            _timeline_value(name, old[name]),
            _timeline_value(name, values[name]),
        )
    return locked


@transaction.atomic
def timeline_event_delete(*, event: TimelineEvent, user: User) -> None:
    _log(
        event.diagnostic,
        user,
        _("Récit"),
        "timeline",
        f"{long_date(event.happened_on)} · {event.get_kind_display()} · {event.title}",
        "",
    )
    event.delete()


# --- Workflow: draft → submitted → validated, reopenable ---------------------------------


def _transition(diagnostic: Diagnostic, expected: list[str], **values) -> None:
    """Conditional UPDATE on the status, so two clicks never both apply."""
    updated = Diagnostic.objects.filter(pk=diagnostic.pk, status__in=expected).update(**values)
    if not updated:
        raise StateError(_("Ce diagnostic a changé d'état entre-temps ; rechargez la page."))
    for name, value in values.items():
        setattr(diagnostic, name, value)


@transaction.atomic
def diagnostic_submit(*, diagnostic: Diagnostic, user: User) -> None:
    old = diagnostic.get_status_display()
    _transition(
        diagnostic,
        [DiagnosticStatus.DRAFT],
        status=DiagnosticStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
    )
    _log(diagnostic, user, _("Diagnostic"), "status", old, diagnostic.get_status_display())


@transaction.atomic
def diagnostic_validate(*, diagnostic: Diagnostic, user: User) -> None:
    old = diagnostic.get_status_display()
    _transition(
        diagnostic,
        [DiagnosticStatus.SUBMITTED],
        status=DiagnosticStatus.VALIDATED,
        validated_at=timezone.now(),
        validated_by=user,
    )
    _log(diagnostic, user, _("Diagnostic"), "status", old, diagnostic.get_status_display())


@transaction.atomic
def diagnostic_unvalidate(*, diagnostic: Diagnostic, user: User) -> None:
    """Undo a validation: back to submitted, for the facilitators to review again."""
    old = diagnostic.get_status_display()
    _transition(
        diagnostic,
        [DiagnosticStatus.VALIDATED],
        status=DiagnosticStatus.SUBMITTED,
        validated_at=None,
        validated_by=None,
    )
    _log(diagnostic, user, _("Diagnostic"), "status", old, diagnostic.get_status_display())


@transaction.atomic
def diagnostic_reopen(*, diagnostic: Diagnostic, user: User, comment: str) -> None:
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Expliquez en un commentaire pourquoi vous rouvrez le diagnostic."))
    if len(comment) > TEXT_MAX_LENGTH:
        raise ValidationError(text_too_long_message(len(comment)))
    old = diagnostic.get_status_display()
    _transition(
        diagnostic,
        [DiagnosticStatus.SUBMITTED, DiagnosticStatus.VALIDATED],
        status=DiagnosticStatus.DRAFT,
        validated_at=None,
        validated_by=None,
        review_comment=comment,
    )
    _log(diagnostic, user, _("Diagnostic"), "status", old, diagnostic.get_status_display())
    _log(diagnostic, user, _("Diagnostic"), "comment", "", comment)
