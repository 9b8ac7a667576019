"""Writes of the agora; every write bumps the agora's version in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.models import Agora, Position, Stance, Statement, StatementKind
from peergroups.models import Contribution
from transitions.models import ActorCategory, Cohort, StageKind


def agora_stage_is_open(cohort: Cohort) -> bool:
    stage = cohort.stages.filter(kind=StageKind.AGORA).first()
    return stage is not None and stage.is_open


def agora_ensure(*, cohort: Cohort) -> Agora:
    agora, _created = Agora.objects.get_or_create(cohort=cohort)
    return agora


def _bump(agora_id: int) -> None:
    Agora.objects.filter(pk=agora_id).update(version=F("version") + 1)


@transaction.atomic
def statement_create(
    *, agora: Agora, kind: str, text: str, sources: Iterable[Contribution] = ()
) -> Statement:
    sources = list(sources)
    if kind not in StatementKind.values:
        raise ValidationError({"kind": _("Type d'énoncé inconnu.")})
    # Only what a group shared may feed the agora.
    for source in sources:
        if not source.shared or source.hidden or source.session.group.cohort_id != agora.cohort_id:
            raise ValidationError({"sources": _("Une source n'est pas partagée avec cette agora.")})
    statement = Statement.objects.create(agora=agora, kind=kind, text=text.strip())
    statement.sources.set(sources)
    _bump(agora.pk)
    return statement


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    agora_id = statement.agora_id
    statement.delete()
    _bump(agora_id)


@transaction.atomic
def position_set(*, statement: Statement, category: str, stance: str, note: str = "") -> Position:
    """Record (or change) a category's position; one row per statement × category."""
    if category not in ActorCategory.values:
        raise ValidationError({"category": _("Catégorie d'acteur inconnue.")})
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Position inconnue.")})
    position, _created = Position.objects.update_or_create(
        statement=statement, category=category, defaults={"stance": stance, "note": note.strip()}
    )
    _bump(statement.agora_id)
    return position
