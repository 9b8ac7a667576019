"""Writes of research."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from research.models import (
    Code,
    Coding,
    ExportLog,
    ExportProject,
    Memo,
    Observation,
    Protocol,
    SourceKind,
)
from transitions.models import ActorCategory


@transaction.atomic
def protocol_set(
    *,
    cohort,
    sources: list[str],
    categories: list[str],
    territories_named: bool,
    user=None,
) -> Protocol:
    unknown = (set(sources) - set(SourceKind.values)) | (
        set(categories) - set(ActorCategory.values)
    )
    if unknown:
        raise ValidationError(_("Valeurs inconnues : %(v)s") % {"v": ", ".join(sorted(unknown))})
    protocol, _created = Protocol.objects.update_or_create(
        cohort=cohort,
        defaults={
            "sources": sorted(sources),
            "categories": sorted(categories),
            "territories_named": territories_named,
            "updated_by": user,
        },
    )
    return protocol


@transaction.atomic
def observation_create(
    *,
    cohort,
    author,
    observed_on: dt.date,
    text: str,
    stage=None,
    meeting=None,
    territory=None,
    categories: list[str] | None = None,
    axes=(),
) -> Observation:
    for obj in (stage, meeting and meeting.stage):
        if obj is not None and obj.cohort_id != cohort.pk:
            raise ValidationError(_("Cette étape n'appartient pas à la cohorte."))
    if territory is not None and not territory.delegations.filter(cohort=cohort).exists():
        raise ValidationError(_("Ce territoire n'est pas engagé dans la cohorte."))
    observation = Observation.objects.create(
        cohort=cohort,
        author=author,
        observed_on=observed_on,
        text=text,
        stage=stage or (meeting.stage if meeting else None),
        meeting=meeting,
        territory=territory,
        categories=sorted(set(categories or [])),
    )
    observation.axes.set(axes)
    return observation


@transaction.atomic
def code_create(*, cohort, name: str, description: str = "", parent=None, user=None) -> Code:
    if parent is not None and parent.cohort_id != cohort.pk:
        raise ValidationError(_("Le code parent appartient à une autre cohorte."))
    if Code.objects.filter(cohort=cohort, parent=parent, name=name).exists():
        raise ValidationError(_("Ce code existe déjà à cet endroit du livre de codes."))
    return Code.objects.create(
        cohort=cohort, parent=parent, name=name, description=description, created_by=user
    )


@transaction.atomic
def coding_create(
    *,
    cohort,
    segment,
    axis=None,
    code=None,
    start: int | None = None,
    end: int | None = None,
    user=None,
) -> Coding:
    """Code a segment of the corpus (a `research.selectors.Segment`), whole or a span."""
    if (axis is None) == (code is None):
        raise ValidationError(_("Choisissez un axe du référentiel ou un code de recherche."))
    if code is not None and code.cohort_id != cohort.pk:
        raise ValidationError(_("Ce code appartient à une autre cohorte."))
    if (start is None) != (end is None):
        raise ValidationError(_("Un passage a un début et une fin."))
    if start is not None and not (0 <= start < end <= len(segment.text)):
        raise ValidationError(_("Le passage sort du texte."))
    return Coding.objects.create(
        cohort=cohort,
        segment_id=segment.id,
        axis=axis,
        code=code,
        start=start,
        end=end,
        created_by=user,
    )


@transaction.atomic
def memo_create(*, cohort, author, text: str, code=None, segment_id: str = "") -> Memo:
    if code is not None and code.cohort_id != cohort.pk:
        raise ValidationError(_("Ce code appartient à une autre cohorte."))
    return Memo.objects.create(
        cohort=cohort, author=author, text=text, code=code, segment_id=segment_id
    )


@transaction.atomic
def export_project_for(*, cohort, name: str) -> ExportProject:
    project, _created = ExportProject.objects.get_or_create(cohort=cohort, name=name.strip())
    return project


def export_log_create(
    *, cohort, project, user, format: str, filters: dict, channel: str = "web"
) -> ExportLog:
    return ExportLog.objects.create(
        cohort=cohort,
        project=project,
        user=user,
        format=format,
        filters=filters,
        channel=channel,
    )


def export_log_count(*, log: ExportLog, row_count: int) -> None:
    ExportLog.objects.filter(pk=log.pk).update(row_count=row_count)
