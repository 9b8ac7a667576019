"""Writes of the parcours' stage outputs. Views check the rules (stage gating included)
before calling; services check what the data must satisfy."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parcours.models import (
    ENTRY_FIELDS,
    INPUT_NOTE_FIELDS,
    PREREQUISITES,
    SUBGROUP_NOTE_FIELDS,
    TOPIC_NOTE_FIELDS,
    VISIT_FIELDS,
    EntryRecord,
    InputNote,
    SubgroupNote,
    Topic,
    TopicNote,
    VisitReport,
)
from territories.models import Delegation
from transitions.concurrency import check_fresh
from transitions.models import Cohort, Meeting, Subgroup, User


def _check_meeting(meeting: Meeting | None, cohort_id: int) -> None:
    if meeting is not None and meeting.stage.cohort_id != cohort_id:
        raise ValidationError({"meeting": _("Cette rencontre n'appartient pas à la cohorte.")})


# --- Entrée dans le parcours -------------------------------------------------------------


def _check_entry(values: dict) -> None:
    errors: dict[str, str] = {}
    for prefix, label in PREREQUISITES:
        if values[f"{prefix}_met"] and not values[f"{prefix}_note"].strip():
            errors[f"{prefix}_note"] = _(
                "Justifiez en quelques mots le prérequis « %(label)s »."
            ) % {"label": label}
    if values["committed_on"]:
        if not all(values[f"{prefix}_met"] for prefix, _label in PREREQUISITES):
            errors["committed_on"] = _(
                "L'engagement se date une fois les trois prérequis vérifiés."
            )
        if not values["named_delegation"].strip():
            errors["named_delegation"] = _("Nommez la délégation avant de dater l'engagement.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entry_record_save(
    *, delegation: Delegation, user: User | None, fingerprint: str, **values
) -> EntryRecord:
    """Create or update a territory's entry record (the delegation row is locked, so two
    first saves make one record)."""
    Delegation.objects.select_for_update().get(pk=delegation.pk)
    record = EntryRecord.objects.filter(delegation=delegation).first()
    if record is not None:
        check_fresh(record, ENTRY_FIELDS, fingerprint)
    else:
        record = EntryRecord(delegation=delegation)
    values = {name: values[name] for name in ENTRY_FIELDS}
    _check_entry(values)
    for name, value in values.items():
        setattr(record, name, value)
    record.updated_by = user
    record.save()
    return record


# --- Prise de hauteur --------------------------------------------------------------------


@transaction.atomic
def input_note_create(*, cohort: Cohort, author: User | None, **values) -> InputNote:
    _check_meeting(values.get("meeting"), cohort.pk)
    return InputNote.objects.create(
        cohort=cohort, author=author, **{k: values.get(k) for k in INPUT_NOTE_FIELDS}
    )


@transaction.atomic
def input_note_update(*, note: InputNote, fingerprint: str, **values) -> InputNote:
    locked = InputNote.objects.select_for_update().get(pk=note.pk)
    check_fresh(locked, INPUT_NOTE_FIELDS, fingerprint)
    _check_meeting(values.get("meeting"), locked.cohort_id)
    for name in INPUT_NOTE_FIELDS:
        setattr(locked, name, values.get(name))
    locked.save()
    return locked


# --- Inspiration: visits, topics, subgroups ----------------------------------------------


@transaction.atomic
def visit_report_create(*, delegation: Delegation, author: User | None, **values) -> VisitReport:
    _check_meeting(values.get("meeting"), delegation.cohort_id)
    return VisitReport.objects.create(
        delegation=delegation, author=author, **{k: values.get(k) for k in VISIT_FIELDS}
    )


@transaction.atomic
def visit_report_update(*, report: VisitReport, fingerprint: str, **values) -> VisitReport:
    locked = VisitReport.objects.select_for_update().select_related("delegation").get(pk=report.pk)
    check_fresh(locked, VISIT_FIELDS, fingerprint)
    _check_meeting(values.get("meeting"), locked.delegation.cohort_id)
    for name in VISIT_FIELDS:
        setattr(locked, name, values.get(name))
    locked.save()
    return locked


@transaction.atomic
def topic_create(*, cohort: Cohort, name: str, description: str = "") -> Topic:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Donnez un nom à la thématique.")})
    if Topic.objects.filter(cohort=cohort, name__iexact=name).exists():
        raise ValidationError({"name": _("Cette thématique existe déjà dans la cohorte.")})
    return Topic.objects.create(cohort=cohort, name=name, description=description.strip())


@transaction.atomic
def topic_note_create(*, topic: Topic, user: User, title: str, body: str) -> TopicNote:
    note = TopicNote.objects.create(topic=topic, title=title.strip(), body=body)
    note.contributors.add(user)
    return note


@transaction.atomic
def topic_note_update(
    *, note: TopicNote, user: User, fingerprint: str, title: str, body: str
) -> TopicNote:
    """Anyone of the cohort may improve the note (it is written together); an edit made
    from a stale page is refused with the saved version, never overwrites it."""
    locked = TopicNote.objects.select_for_update().get(pk=note.pk)
    check_fresh(locked, TOPIC_NOTE_FIELDS, fingerprint)
    locked.title, locked.body = title.strip(), body
    locked.save()
    locked.contributors.add(user)
    return locked


@transaction.atomic
def subgroup_note_create(*, subgroup: Subgroup, author: User | None, **values) -> SubgroupNote:
    meeting = values.get("meeting")
    _check_meeting(meeting, subgroup.cohort_id)
    if meeting is not None and meeting.subgroup_id != subgroup.pk:
        raise ValidationError({"meeting": _("Choisissez une rencontre de ce sous-groupe.")})
    return SubgroupNote.objects.create(
        subgroup=subgroup, author=author, **{k: values.get(k) for k in SUBGROUP_NOTE_FIELDS}
    )


@transaction.atomic
def subgroup_note_update(*, note: SubgroupNote, fingerprint: str, **values) -> SubgroupNote:
    locked = SubgroupNote.objects.select_for_update().get(pk=note.pk)
    check_fresh(locked, SUBGROUP_NOTE_FIELDS, fingerprint)
    meeting = values.get("meeting")
    if meeting is not None and meeting.subgroup_id != locked.subgroup_id:
        raise ValidationError({"meeting": _("Choisissez une rencontre de ce sous-groupe.")})
    for name in SUBGROUP_NOTE_FIELDS:
        setattr(locked, name, values.get(name))
    locked.save()
    return locked
