"""Writes of the agora; every write bumps the agora's version in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.models import Agora, Position, Stance, Statement, StatementKind
from peergroups.models import Contribution
from transitions.concurrency import StaleEdit
from transitions.models import ActorCategory, Cohort


def agora_ensure(*, cohort: Cohort) -> Agora:
    """The cohort's agora row, created when the agora stage opens (stage-opened hook
    registered in AgoraConfig.ready()); idempotent, as a stage can be reopened."""
    agora, _created = Agora.objects.get_or_create(cohort=cohort)
    return agora


def _bump(agora_id: int) -> None:
    Agora.objects.filter(pk=agora_id).update(version=F("version") + 1)


def _check_statement(agora: Agora, kind: str, sources: list[Contribution]) -> None:
    if kind not in StatementKind.values:
        raise ValidationError({"kind": _("Type d'énoncé inconnu.")})
    # Only what a group shared may feed the agora.
    for source in sources:
        if (
            not source.shared
            or source.hidden
            or source.merged_into_id is not None
            or source.session.group.cohort_id != agora.cohort_id
        ):
            raise ValidationError({"sources": _("Une source n'est pas partagée avec cette agora.")})


@transaction.atomic
def statement_create(
    *, agora: Agora, kind: str, text: str, sources: Iterable[Contribution] = ()
) -> Statement:
    sources = list(sources)
    _check_statement(agora, kind, sources)
    statement = Statement.objects.create(agora=agora, kind=kind, text=text.strip())
    statement.sources.set(sources)
    _bump(agora.pk)
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    revision: int,
    kind: str,
    text: str,
    sources: Iterable[Contribution],
) -> Statement:
    """A facilitator's edit; refused (StaleEdit) when it changed since the form loaded.

    The sources become exactly the chosen ones: a source its group has unshared since
    can no longer be chosen, so an edit drops it.
    """
    sources = list(sources)
    _check_statement(statement.agora, kind, sources)
    updated = Statement.objects.filter(pk=statement.pk, revision=revision).update(
        kind=kind, text=text.strip(), revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(Statement.objects.get(pk=statement.pk))
    statement.refresh_from_db()
    statement.sources.set(sources)
    _bump(statement.agora_id)
    return statement


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    agora_id = statement.agora_id
    statement.delete()
    _bump(agora_id)


@transaction.atomic
def position_set(
    *, statement: Statement, category: str, stance: str, base_revision: int, note: str = ""
) -> Position:
    """Record or change a category's position, from the state the facilitator saw.

    `base_revision` is the position's revision shown on the page (0: none recorded yet).
    When someone recorded another value in between, StaleEdit carries it so the
    facilitator chooses: keep theirs, or send again with its revision to replace it.
    Sending what is already recorded is never a conflict.
    """
    if category not in ActorCategory.values:
        raise ValidationError({"category": _("Catégorie d'acteur inconnue.")})
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Position inconnue.")})
    note = note.strip()
    rows = Position.objects.filter(statement=statement, category=category)
    current = rows.first()
    if current is None:
        if base_revision != 0:
            raise ValidationError(_("Cette position est introuvable : rechargez la page."))
        try:
            with transaction.atomic():
                position = Position.objects.create(
                    statement=statement, category=category, stance=stance, note=note
                )
        except IntegrityError:
            # Recorded a moment ago by someone else from the same empty start.
            raise StaleEdit(rows.get()) from None
    else:
        if current.stance == stance and current.note == note:
            return current
        if current.revision != base_revision:
            raise StaleEdit(current)
        updated = rows.filter(revision=base_revision).update(
            stance=stance, note=note, revision=F("revision") + 1, updated_at=timezone.now()
        )
        if not updated:  # someone slipped in between our read and our write
            raise StaleEdit(rows.get())
        position = rows.get()
    _bump(statement.agora_id)
    return position
