"""Reads of the audit history, scoped to a cohort and filtered by the confidentiality
rules each tracked model declares in `audit.tracked.TRACKED`."""

from __future__ import annotations

import datetime
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext as _

from audit.models import EVENT_MODELS, ArchivedChange
from audit.tracked import DIAGNOSTIC, TRACKED, Tracked
from transitions.history import ObjectHistory
from transitions.l10n import long_date
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
    subject: str = ""


def _fields(model, entry: Tracked) -> list:
    hidden = set(entry.hidden) | NOT_SHOWN
    return [
        f
        for f in model._meta.concrete_fields
        if not f.name.startswith("pgh_") and f.name not in hidden and f.attname not in hidden
    ]


def _shown(event, f) -> str:
    value = getattr(event, f.attname)
    if value is None or value == "" or value is False:
        return ""  # an unset flag reads as nothing, so a creation lists only what was set
    if value is True:
        return str(_("oui"))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return long_date(value, "heure")
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


def _events_of(entry: Tracked, filters: dict, limit: int) -> list:
    model = EVENT_MODELS[entry.label]
    events = model.objects.filter(**filters).select_related("pgh_context")
    if entry.subject:
        events = events.annotate(audit_subject=F(entry.subject))
    return list(events.order_by("-pgh_created_at", "-pgh_id")[:limit])


def _previous_events(chosen: list) -> dict:
    """For every update among `chosen`, the event just before it of the same row: one
    query per model, whatever the page holds (a page used to cost one query per update)."""
    update_ids: dict[str, list[int]] = defaultdict(list)
    for entry, event in chosen:
        if event.pgh_label == "update":
            update_ids[entry.label].append(event.pgh_id)
    previous: dict[tuple[str, int], object] = {}
    for label, ids in update_ids.items():
        model = EVENT_MODELS[label]
        just_before = (
            model.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"))
            .order_by("-pgh_id")
            .values("pgh_id")[:1]
        )
        wanted = model.objects.filter(pgh_id__in=ids).annotate(p=Subquery(just_before))
        found = defaultdict(list)
        for event in model.objects.filter(pgh_id__in=wanted.values("p")):
            found[event.pgh_obj_id].append(event)
        for entry, event in chosen:
            if entry.label != label or event.pgh_label != "update":
                continue
            # The fetched set holds exactly each update's predecessor: the highest one below.
            earlier = [e for e in found.get(event.pgh_obj_id, []) if e.pgh_id < event.pgh_id]
            if earlier:
                previous[(label, event.pgh_id)] = max(earlier, key=lambda e: e.pgh_id)
    return previous


def _read(sources: list[tuple[Tracked, dict]], *, viewer, skip: int, limit: int):
    """Events of `sources` (entry, filters), newest first: `limit` of them after `skip`,
    formatted by the confidentiality rules, and whether older ones exist. A constant
    number of queries: one per source, one for the predecessors of updates per model, one
    for names, one for anonymous flags."""
    wanted = skip + limit + 1
    batches = [[(entry, e) for e in _events_of(entry, flt, wanted)] for entry, flt in sources]
    merged = list(
        heapq.merge(
            *batches, key=lambda pair: (pair[1].pgh_created_at, pair[1].pgh_id), reverse=True
        )
    )
    more = len(merged) > skip + limit
    chosen = merged[skip : skip + limit]

    user_ids = {
        (e.pgh_context.metadata or {}).get("user")
        for _entry, e in chosen
        if e.pgh_context is not None
    }
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    flagged = [entry for entry, _flt in sources if entry.who == "anonymous_flag"]
    anonymous_objects = {
        (entry.label, obj_id)
        for entry in flagged
        for obj_id in EVENT_MODELS[entry.label]
        .objects.filter(
            pgh_obj_id__in=[e.pgh_obj_id for en, e in chosen if en is entry], anonymous=True
        )
        .values_list("pgh_obj_id", flat=True)
    }
    previous = _previous_events(chosen)
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
                changes=_changes(model, entry, event, previous.get((entry.label, event.pgh_id))),
                subject=str(getattr(event, "audit_subject", "") or ""),
            )
        )
    return entries, more


def cohort_history(cohort, *, viewer, page: int = 1) -> tuple[list[Entry], bool]:
    """One page of the cohort's history, newest first, and whether older entries exist.

    Who changed a row is shown as each model allows: a respondent's answers by their
    actor category (the respondent sees "vous"), an anonymous contribution and a World
    Café card by nobody; author fields are never shown.
    """
    page = max(1, page)
    sources = [(entry, {entry.cohort: cohort.pk}) for entry in TRACKED]
    return _read(sources, viewer=viewer, skip=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)


def object_history(label: str, obj_id: int, *, viewer, limit: int = 200) -> ObjectHistory:
    """The history of one object and of the rows that belong to it (`Tracked.within`),
    newest first, by the same rules as the cohort's page; then, for a diagnostic, the
    lines archived from its former hand-written history (`ArchivedChange`)."""
    sources = [
        (entry, {path: obj_id})
        for entry in TRACKED
        for (owner, path) in entry.within
        if owner == label
    ]
    entries, more = _read(sources, viewer=viewer, skip=0, limit=limit)
    if label == DIAGNOSTIC and not more:
        archived = _archived(obj_id, viewer=viewer, limit=limit - len(entries) + 1)
        more = len(archived) > limit - len(entries)
        entries += archived[: limit - len(entries)]
    return ObjectHistory(entries=entries, recorded=history_recorded(), truncated=more)


def _archived(diagnostic_id: int, *, viewer, limit: int) -> list[Entry]:
    rows = ArchivedChange.objects.filter(diagnostic_id=diagnostic_id).select_related("changed_by")
    entries = []
    for row in rows[:limit]:
        if row.personal and row.changed_by_id != viewer.pk:
            who = str(ActorCategory(row.category).label) if row.category else _("Répondant·e")
        elif row.changed_by_id is not None and row.changed_by_id == viewer.pk:
            who = _("vous")
        else:
            who = str(row.changed_by) if row.changed_by else _("(compte supprimé)")
        entries.append(
            Entry(
                when=row.changed_at,
                action=str(_("avant l'historique unique")),
                model="",
                obj_id=None,
                who=who,
                changes=[(row.field_label, row.old_value, row.new_value)],
                subject=row.subject,
            )
        )
    return entries


def _who(entry, event, context_user, names, viewer, anonymous_objects) -> str:
    if entry.who == "nobody":
        return ""
    if entry.who == "category":
        respondent = getattr(event, "respondent_id", None)
        # A respondent's own answer: never their name, except to themselves. A shared
        # answer (no respondent) and a change someone else made to it (a facilitator
        # quoting it in the report) stay named, like the rest of the cohort's pages.
        if respondent is not None and context_user in (None, respondent):
            if context_user is not None and context_user == viewer.pk:
                return _("vous")
            category = getattr(event, "category", "")
            return str(ActorCategory(category).label) if category else _("Répondant·e")
    if entry.who == "anonymous_flag" and (entry.label, event.pgh_obj_id) in anonymous_objects:
        return _("Anonyme")
    if context_user is None:
        return ""
    return names.get(context_user, _("(compte supprimé)"))


def _changes(model, entry, event, before) -> list[tuple[str, str, str]]:
    fields = _fields(model, entry)
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
