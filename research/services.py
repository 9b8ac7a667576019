"""Writes of research."""

from __future__ import annotations

import datetime as dt
import logging

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from research.models import (
    Code,
    Coding,
    Correction,
    Detection,
    ExportLog,
    ExportProject,
    Memo,
    Observation,
    Protocol,
    SourceKind,
)
from research.pseudonyms import Dictionary, apply_corrections, combine, text_hash, text_spans
from transitions.models import ActorCategory

logger = logging.getLogger(__name__)


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
    corpus_detect_later(cohort=cohort, segment_ids=[f"{SourceKind.OBSERVATION}:{observation.pk}"])
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


# --- Detection (pseudonymisation, step one) -------------------------------------------------

DETECTION_CHUNK = 5000
DETECT_TASK = "research.tasks.detect_corpus"


def detections_for(*, cohort, segments: list, dictionary, store: bool = True) -> dict[str, list]:
    """The spans of each segment (by id), review corrections applied: the stored detection
    when it is fresh, else detected now — and stored when `store` (never on a GET).

    A stored detection is fresh when both the text's hash and the dictionary's version
    (the cohort's names) are those it was made with: an edit by any path, admin and bulk
    updates included, makes it stale, so no text is ever substituted with old spans. When
    only the cohort's names changed, the text's own spans (NER's, kept with the detection)
    are reused and only the cheap patterns run again."""
    version = dictionary.version
    spans: dict[str, list] = {}
    redo: list[tuple] = []  # (segment, hash, the text's own spans or None)
    unread = []
    for s in segments:
        pre = s.detection
        if pre is None:
            unread.append(s)
        elif pre[1] and pre[0] == version:
            spans[s.id] = orjson.loads(pre[2]) if pre[2] != "[]" else []
        else:
            own = orjson.loads(pre[3]) if pre[1] and pre[3] is not None else None
            redo.append((s, text_hash(s.text), own))
    if unread:
        stored = _stored_detections(cohort.pk, [s.id for s in unread])
        for s in unread:
            h = text_hash(s.text)
            d = stored.get(s.id)
            if d is not None and d[0] == h and d[1] == version:
                spans[s.id] = d[2]
            else:
                redo.append((s, h, d[3] if d is not None and d[0] == h else None))
    if redo:
        # NER only for texts never detected or edited since; the others keep theirs.
        unknown = [s.text for s, _h, own in redo if own is None]
        found = iter(text_spans(unknown))
        rows = []
        for s, h, own in redo:
            if own is None:
                own = next(found)
            spans[s.id] = detected = combine(s.text, own, dictionary)
            rows.append(
                Detection(
                    cohort=cohort,
                    segment_id=s.id,
                    text_hash=h,
                    dictionary_version=version,
                    spans=detected,
                    text_spans=own,
                    detected_at=timezone.now(),
                )
            )
        if store:
            Detection.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["cohort", "segment_id"],
                update_fields=[
                    "text_hash",
                    "dictionary_version",
                    "spans",
                    "text_spans",
                    "detected_at",
                ],
            )
    # A cohort's corrections are few: all of them, rather than a 2,000-item IN list.
    corrections: dict[str, list[Correction]] = {}
    for c in Correction.objects.filter(cohort=cohort):
        corrections.setdefault(c.segment_id, []).append(c)
    if corrections:
        for s in segments:
            if s.id in corrections:
                spans[s.id] = apply_corrections(s.text, spans[s.id], corrections[s.id])
    return spans


def _stored_detections(cohort_id: int, ids: list[str]) -> dict[str, tuple]:
    """segment id → (text hash, dictionary version, spans, the text's own spans or None),
    in one query whose ids travel
    as one array parameter (an IN list of thousands of placeholders costs more to build
    than the rows cost to read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT segment_id, text_hash, dictionary_version, spans, text_spans "
            "FROM research_detection WHERE cohort_id = %s AND segment_id = ANY(%s)",
            [cohort_id, ids],
        )
        return {
            sid: (h, version, _json(spans), _json(own))
            for sid, h, version, spans, own in cursor.fetchall()
        }


def _json(value):
    """A JSON column as the database driver gives it (decoded, or text on some backends)."""
    return orjson.loads(value) if isinstance(value, str) else value


def corpus_detect(*, cohort, segment_ids: list[str] | None = None) -> int:
    """Detect every stale text of a cohort's corpus (or only the given segments), in
    chunks; returns how many texts were looked at. Run in the background.

    Given segments are looked for source by source, from the first of them on (field
    notes start there in SQL) and no further than the last, so detecting one saved text
    does not read the whole corpus."""
    from research.selectors import Filters, corpus, cursor_key, source_of

    dictionary = Dictionary.for_cohort(cohort)
    if segment_ids is None:
        groups = {None: None}
    else:
        groups: dict = {}
        for sid in segment_ids:
            groups.setdefault(source_of(sid), set()).add(sid)
    chunk, seen = [], 0
    for source, wanted in groups.items():
        if wanted is None:
            segments = corpus(cohort)
            last = None
        else:
            keys = sorted(cursor_key(sid) for sid in wanted)
            index, first_pk, _part = keys[0]
            last = keys[-1][:2]
            segments = corpus(
                cohort, filters=Filters(source=source), after=f"{source}:{first_pk - 1}"
            )
        for s in segments:
            if last is not None and s.sort_key[:2] > last:
                break
            if wanted is not None and s.id not in wanted:
                continue
            chunk.append(s)
            if len(chunk) == DETECTION_CHUNK:
                detections_for(cohort=cohort, segments=chunk, dictionary=dictionary)
                seen += len(chunk)
                chunk = []
    if chunk:
        detections_for(cohort=cohort, segments=chunk, dictionary=dictionary)
        seen += len(chunk)
    return seen


def corpus_detect_later(*, cohort, segment_ids: list[str] | None = None, rounds: int = 0) -> None:
    """Ask a worker to detect once the transaction commits (a broker outage only delays
    it: exports detect whatever is still stale before substituting). `rounds` counts the
    runs that handed over to the next one after reaching their time limit."""
    from transitions.celery import app as celery_app
    from transitions.jobs import SEND_ERRORS

    def send():
        try:
            celery_app.signature(
                DETECT_TASK, args=(cohort.pk, segment_ids), kwargs={"rounds": rounds}
            ).apply_async()
        except SEND_ERRORS:
            logger.warning("research detection not queued for cohort %s", cohort.pk)

    transaction.on_commit(send, robust=True)


def corpus_detect_handover(*, cohort, segment_ids: list[str] | None, rounds: int) -> bool:
    """A run stopped at its soft time limit: queue the next one (it skips what this one
    stored), unless the chain has already run RESEARCH_DETECTION_MAX_ROUNDS times. Returns
    whether a next run was queued; exports stay safe either way (they detect stale texts
    before substituting)."""
    if rounds + 1 >= settings.RESEARCH_DETECTION_MAX_ROUNDS:
        logger.error(
            "research detection of cohort %s stopped after %s rounds at the time limit",
            cohort.pk,
            rounds + 1,
        )
        return False
    corpus_detect_later(cohort=cohort, segment_ids=segment_ids, rounds=rounds + 1)
    return True


@transaction.atomic
def correction_create(*, cohort, segment_id: str, passage: str, action: str, user=None):
    passage = passage.strip()
    if not passage:
        raise ValidationError(_("Indiquez le passage."))
    return Correction.objects.create(
        cohort=cohort, segment_id=segment_id, passage=passage, action=action, created_by=user
    )
