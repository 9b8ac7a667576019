"""Reads of the audit history, scoped to a cohort and filtered by the confidentiality
rules each tracked model declares in `audit.tracked.TRACKED`."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from audit.models import EVENT_MODELS
from audit.tracked import TRACKED, Tracked
from transitions.models import ActorCategory, User

PAGE_SIZE = 40
# Bookkeeping columns: they change on every save and tell a reader nothing.
NOT_SHOWN = {"id", "revision", "version", "updated_at", "created_at"}
LABELS = {
    "insert": _("création"),
    "update": _("modification"),
    "delete": _("suppression"),
}


def history_recorded() -> bool:
    """Triggers exist on PostgreSQL only; on SQLite (`make run`) nothing is recorded."""
    return connection.vendor == "postgresql"


@dataclass
class Entry:
    when: object
    action: str
    model: str
    obj_id: int | None
    who: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after


def _fields(model, entry: Tracked) -> list:
    hidden = set(entry.hidden) | NOT_SHOWN
    return [
        f
        for f in model._meta.concrete_fields
        if not f.name.startswith("pgh_") and f.name not in hidden and f.attname not in hidden
    ]


def _shown(event, f) -> str:
    value = getattr(event, f.attname)
    if value is None or value == "":
        return ""
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)


def _events_of(entry: Tracked, cohort_id: int, limit: int):
    model = EVENT_MODELS[entry.label]
    return list(
        model.objects.filter(**{entry.cohort: cohort_id})
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )


def _previous(model, event):
    return (
        model.objects.filter(pgh_obj_id=event.pgh_obj_id, pgh_id__lt=event.pgh_id)
        .order_by("-pgh_id")
        .first()
    )


def cohort_history(cohort, *, viewer, page: int = 1) -> tuple[list[Entry], bool]:
    """One page of the cohort's history, newest first, and whether older entries exist.

    Who changed a row is shown as each model allows: a respondent's answers by their
    actor category (the respondent sees "vous"), an anonymous contribution and a World
    Café card by nobody; author fields are never shown.
    """
    page = max(1, page)
    wanted = page * PAGE_SIZE + 1
    batches = []
    for entry in TRACKED:
        events = _events_of(entry, cohort.pk, wanted)
        batches.append([(entry, e) for e in events])
    merged = list(
        heapq.merge(
            *batches, key=lambda pair: (pair[1].pgh_created_at, pair[1].pgh_id), reverse=True
        )
    )
    more = len(merged) > page * PAGE_SIZE
    chosen = merged[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]

    user_ids = {
        (e.pgh_context.metadata or {}).get("user")
        for _entry, e in chosen
        if e.pgh_context is not None
    }
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    anonymous_objects = {
        (entry.label, obj_id)
        for entry in TRACKED
        if entry.who == "anonymous_flag"
        for obj_id in EVENT_MODELS[entry.label]
        .objects.filter(
            pgh_obj_id__in=[e.pgh_obj_id for en, e in chosen if en is entry], anonymous=True
        )
        .values_list("pgh_obj_id", flat=True)
    }
    entries = []
    for entry, event in chosen:
        model = EVENT_MODELS[entry.label]
        context_user = (event.pgh_context.metadata or {}).get("user") if event.pgh_context else None
        entries.append(
            Entry(
                when=event.pgh_created_at,
                action=str(LABELS.get(event.pgh_label, event.pgh_label)),
                model=str(model.pgh_tracked_model._meta.verbose_name),
                obj_id=event.pgh_obj_id,
                who=_who(entry, event, context_user, names, viewer, anonymous_objects),
                changes=_changes(model, entry, event),
            )
        )
    return entries, more


def _who(entry, event, context_user, names, viewer, anonymous_objects) -> str:
    if entry.who == "nobody":
        return ""
    if entry.who == "category":
        if context_user is not None and context_user == viewer.pk:
            return _("vous")
        category = getattr(event, "category", "")
        return str(ActorCategory(category).label) if category else _("Répondant·e")
    if entry.who == "anonymous_flag" and (entry.label, event.pgh_obj_id) in anonymous_objects:
        return _("Anonyme")
    if context_user is None:
        return ""
    return names.get(context_user, _("(compte supprimé)"))


def _changes(model, entry, event) -> list[tuple[str, str, str]]:
    fields = _fields(model, entry)
    before = _previous(model, event) if event.pgh_label == "update" else None
    rows = []
    for f in fields:
        after_value = _shown(event, f)
        if event.pgh_label == "update":
            before_value = _shown(before, f) if before is not None else ""
            if before is not None and before_value == after_value:
                continue
            rows.append((str(f.verbose_name), before_value, after_value))
        elif event.pgh_label == "insert" and after_value:
            rows.append((str(f.verbose_name), "", after_value))
        elif event.pgh_label == "delete" and after_value:
            rows.append((str(f.verbose_name), after_value, ""))
    return rows
