"""Reads of the agora. Everything returned is attributed to categories, never to people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agora.models import (
    AGORA_DELTA_ROWS,
    AGORA_DELTA_VERSIONS,
    FORUM_HARVEST_FIELDS,
    Agora,
    CafeRound,
    CafeTable,
    Card,
    CardKind,
    Forum,
    ForumStatus,
    Opportunity,
    Participant,
    ParticipantCategory,
    Position,
    RoundStatus,
    Seat,
    Stance,
    Statement,
    StatementKind,
)
from peergroups.selectors import SharedContribution, shared_contributions
from territories.models import Delegation, LegalForm
from transitions.l10n import long_date
from transitions.models import ActorCategory, Membership, Role, StageKind, User
from transitions.roles import roles_of

CATEGORIES = list(ActorCategory.choices)

VERDICTS = {
    "consensus": _("Consensus"),
    "dissensus": _("Dissensus"),
    "rejected": _("Rejet partagé"),
    "nuanced": _("Convergence nuancée"),
    "incomplete": _("Positions incomplètes"),
}


def verdict(stances: list[str | None]) -> str:
    """What a statement's row of positions says at a glance.

    consensus: every category agrees; dissensus: at least one agrees and one disagrees;
    rejected: every category disagrees; incomplete: a category has not positioned itself;
    nuanced: every category answered, without consensus nor open disagreement.
    """
    recorded = [s for s in stances if s]
    if Stance.AGREE in recorded and Stance.DISAGREE in recorded:
        return "dissensus"
    if len(recorded) < len(stances):
        return "incomplete"
    if all(s == Stance.AGREE for s in recorded):
        return "consensus"
    if all(s == Stance.DISAGREE for s in recorded):
        return "rejected"
    return "nuanced"


@dataclass
class MatrixRow:
    statement: Statement
    cells: list[tuple[str, Position | None]]  # (category code, position) per column
    verdict: str
    sources: list[SharedContribution] = field(default_factory=list)
    # (delegation, position) per participating delegation, and what they say together;
    # empty when no delegation took part.
    territory_cells: list[tuple[Delegation, Position | None]] = field(default_factory=list)
    territory_verdict: str = ""

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])

    @property
    def territory_verdict_label(self) -> str:
        return str(VERDICTS[self.territory_verdict]) if self.territory_verdict else ""

    @property
    def by_stance(self) -> list[tuple[str, list[str]]]:
        """(stance label, the categories holding it), in the stances' order: the reading
        attributed to roles (DOMAIN §3.8), never to people."""
        labels = dict(CATEGORIES)
        held: dict[str, list[str]] = {}
        for code, position in self.cells:
            if position:
                held.setdefault(position.stance, []).append(str(labels[code]))
        return [(str(label), held[value]) for value, label in Stance.choices if value in held]

    @property
    def labelled_cells(self) -> list[tuple[str, str, Position | None]]:
        """(code, label, position) per column, for the live tool's tap buttons."""
        labels = dict(CATEGORIES)
        return [(code, labels[code], position) for code, position in self.cells]


def statements_with_positions(agora: Agora) -> QuerySet[Statement]:
    if agora.pk is None:
        return Statement.objects.none()
    return agora.statements.prefetch_related(
        Prefetch("positions", queryset=Position.objects.order_by("category")),
        "sources",
    )


def agora_delegations(agora: Agora) -> list[Delegation]:
    """The delegations that take part in the agora, by territory name (one query)."""
    if agora.pk is None:
        return []
    return list(agora.delegations.select_related("territory").order_by("territory__name"))


def position_matrix(
    agora: Agora,
    shared: list[SharedContribution] | None = None,
    delegations: list[Delegation] | None = None,
) -> list[MatrixRow]:
    """The statement × category matrix (categories in columns) and, where delegations took
    part, the statement × territory one (participating delegations in columns).

    Without `shared`, only the statements' own sources are read (the live refresh needs
    no other shared contribution)."""
    statements = list(statements_with_positions(agora))
    if shared is None:
        source_ids = {s.pk for statement in statements for s in statement.sources.all()}
        shared = shared_contributions(agora.cohort, ids=source_ids)
    shared_by_id = {c.id: c for c in shared}
    delegations = delegations if delegations is not None else agora_delegations(agora)
    rows = []
    for statement in statements:
        positions = statement.positions.all()
        by_category = {p.category: p for p in positions if p.delegation_id is None}
        by_delegation = {p.delegation_id: p for p in positions if p.delegation_id is not None}
        cells = [(code, by_category.get(code)) for code, _label in CATEGORIES]
        territory_cells = [(d, by_delegation.get(d.pk)) for d in delegations]
        rows.append(
            MatrixRow(
                statement=statement,
                cells=cells,
                verdict=verdict([c.stance if c else None for _code, c in cells]),
                # A source unshared since (or hidden) no longer leaves its group.
                sources=[
                    shared_by_id[s.pk] for s in statement.sources.all() if s.pk in shared_by_id
                ],
                territory_cells=territory_cells,
                territory_verdict=(
                    verdict([p.stance if p else None for _d, p in territory_cells])
                    if territory_cells
                    else ""
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class LiveDelta:
    """What the live part showing version `since` must do to show the current one."""

    removed: list[int]
    replaced: list[MatrixRow]
    appended: list[MatrixRow]


def live_delta(agora: Agora, rows: list[MatrixRow], since: int | None) -> LiveDelta | None:
    """The statement rows to remove, replace and append since the client's version, from
    the rows already loaded (no query); None when the client must get the whole live
    part: an unknown version, one too far behind, a layout change (delegations, a
    statement's kind), too many changes, or a first statement on an empty matrix."""
    if (
        since is None
        or not 1 <= since <= agora.version
        or agora.version - since > AGORA_DELTA_VERSIONS
    ):
        return None
    removed = []
    for version, statement_id in agora.live_events:
        if version > since:
            if not statement_id:
                return None
            removed.append(statement_id)
    appended = [r for r in rows if r.statement.created_version > since]
    replaced = [
        r
        for r in rows
        if r.statement.changed_version > since and r.statement.created_version <= since
    ]
    if appended and len(appended) == len(rows):
        return None  # the client shows no table to append to
    if len(removed) + len(replaced) + len(appended) > AGORA_DELTA_ROWS:
        return None
    return LiveDelta(removed=removed, replaced=replaced, appended=appended)


def statements_by_kind(rows: list[MatrixRow]) -> list[dict]:
    return [
        {"kind": kind, "label": label, "rows": [r for r in rows if r.statement.kind == kind]}
        for kind, label in StatementKind.choices
    ]


# The readings the agora's outputs name (DOMAIN §3.8), in the order they are shown.
READINGS_SHOWN = ("consensus", "dissensus")


def statements_by_reading(rows: list[MatrixRow]) -> list[dict]:
    """Consensus and dissensus as the positions say them (`verdict`), never as typed:
    one group per reading that has statements."""
    groups = [
        {
            "reading": reading,
            "label": VERDICTS[reading],
            "rows": [r for r in rows if r.verdict == reading],
        }
        for reading in READINGS_SHOWN
    ]
    return [g for g in groups if g["rows"]]


def expectations_grid(shared: list[SharedContribution]) -> dict:
    """Who expects what from whom: rows are the expecting category, columns the addressed
    one. Expectations a group addressed to itself are kept apart (`self`), not put on the
    diagonal: they are commitments in the making, not demands on others."""
    cells: dict[tuple[str, str], list[str]] = {}
    own: dict[str, list[str]] = {}
    for c in shared:
        if c.kind == "expectation" and c.target_category:
            cells.setdefault((c.category, c.target_category), []).append(c.text)
        elif c.kind == "self_expectation":
            own.setdefault(c.category, []).append(c.text)
    return {
        "self": [
            {"category": code, "label": label, "texts": own[code]}
            for code, label in CATEGORIES
            if code in own
        ],
        "categories": CATEGORIES,
        "rows": [
            {
                "category": code,
                "label": label,
                "cells": [cells.get((code, target), []) for target, _t in CATEGORIES],
            }
            for code, label in CATEGORIES
        ],
        "count": sum(len(v) for v in cells.values()),
    }


def summary_payload(agora: Agora) -> dict:
    """Everything the summary shows, as plain data: the PDF's context and its content hash."""
    shared = shared_contributions(agora.cohort)
    delegations = agora_delegations(agora)
    rows = position_matrix(agora, shared, delegations)
    return {
        "agora": agora,
        "cohort": agora.cohort,
        "categories": CATEGORIES,
        "delegations": delegations,
        "by_kind": statements_by_kind(rows),
        "by_reading": statements_by_reading(rows),
        "matrix": rows,
        "grid": expectations_grid(shared),
    }


def summary_hash_source(payload: dict) -> dict:
    return {
        "statements": [
            {
                "kind": r.statement.kind,
                "text": r.statement.text,
                "positions": [(code, c.stance, c.note) if c else None for code, c in r.cells],
                "territories": [
                    (d.pk, d.territory.name, p.stance if p else None, p.note if p else None)
                    for d, p in r.territory_cells
                ],
                # The PDF quotes each source's text: an edited card must change the hash.
                "sources": [(s.id, s.category, s.text) for s in r.sources],
            }
            for r in payload["matrix"]
        ],
        "grid": [row["cells"] for row in payload["grid"]["rows"]],
        # The layout (templates/agora/pdf/summary.html): bump so a new layout is not
        # served from an old file when the content is unchanged.
        "template": 2,
        "self_expectations": [(r["category"], r["texts"]) for r in payload["grid"]["self"]],
        "cohort": payload["cohort"].name,
    }


# --- Territorial forums ------------------------------------------------------------------


def _forum_scope_q(user, prefix: str) -> Q:
    """Delegations whose forum the user may see: their own, and those of the cohorts they
    facilitate (like the diagnostic). `prefix` leads from the model to the delegation."""
    roles = roles_of(user)
    return Q(**{f"{prefix}cohort_id__in": roles.cohort_ids(Role.FACILITATOR)}) | Q(
        **{f"{prefix}id__in": roles.delegation_ids()}
    )


def forum_delegations_for(user) -> QuerySet[Delegation]:
    if not user.is_authenticated:
        return Delegation.objects.none()
    qs = Delegation.objects.select_related("territory", "cohort").order_by(
        "cohort__name", "territory__name"
    )
    return qs if user.is_staff else qs.filter(_forum_scope_q(user, ""))


def forum_delegations_listed_for(user, *, query: str = "") -> QuerySet[Delegation]:
    """The forum list: `forum_delegations_for` narrowed by the search box (territory or
    cohort name); id breaks ties so pages never overlap."""
    delegations = forum_delegations_for(user)
    if query:
        delegations = delegations.filter(
            Q(territory__name__icontains=query) | Q(cohort__name__icontains=query)
        )
    return delegations.order_by("cohort__name", "territory__name", "pk")


def forums_for(user) -> QuerySet[Forum]:
    if not user.is_authenticated:
        return Forum.objects.none()
    qs = Forum.objects.select_related("delegation__territory", "delegation__cohort")
    return qs if user.is_staff else qs.filter(_forum_scope_q(user, "delegation__"))


_VERSION_SQL: dict[str, str] = {}


def _version_sql(by: str) -> str:
    # Table names come from the models; built once, then reused on every poll.
    if by not in _VERSION_SQL:
        source = (
            f"{Forum._meta.db_table} f"
            if by == "forum"
            else f"{CafeTable._meta.db_table} t JOIN {Forum._meta.db_table} f ON f.id = t.forum_id"
        )
        _VERSION_SQL[by] = f"""
            SELECT f.version
            FROM {source}
            JOIN {Delegation._meta.db_table} d ON d.id = f.delegation_id
            JOIN {User._meta.db_table} u ON u.id = %s AND u.is_active
            WHERE {"f" if by == "forum" else "t"}.id = %s AND (
                u.is_staff OR EXISTS (
                    SELECT 1 FROM {Membership._meta.db_table} m
                    WHERE m.user_id = u.id AND (
                        (m.cohort_id = d.cohort_id AND m.role = %s) OR m.delegation_id = d.id
                    )
                )
            )
        """
    return _VERSION_SQL[by]


def forum_version_for(user_id: int, *, forum_id: int | None = None, table_id: int | None = None):
    """The version of a forum (given, or a table's) the user may see, in one indexed
    query; else None. The same scope as forums_for (active staff, the cohort's
    facilitators, the delegation's members). The café's live pages poll this every 2 s
    per person, so it is one hand-written statement on primary keys and the membership
    index, nothing that grows with the cards, and no ORM compilation per request."""
    by, object_id = ("forum", forum_id) if forum_id is not None else ("table", table_id)
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(by), [user_id, object_id, Role.FACILITATOR])
        row = cursor.fetchone()
    return row[0] if row else None


def tables_for(user) -> QuerySet[CafeTable]:
    return CafeTable.objects.select_related(
        "forum__delegation__territory", "forum__delegation__cohort"
    ).filter(forum__in=forums_for(user))


def cards_for(user) -> QuerySet[Card]:
    return Card.objects.select_related("table__forum__delegation", "round").filter(
        table__forum__in=forums_for(user)
    )


def current_round(forum: Forum) -> CafeRound | None:
    """The round being played (running or paused), else the next one, else the last."""
    rounds = list(forum.rounds.order_by("number"))
    for status in (RoundStatus.RUNNING, RoundStatus.PAUSED, RoundStatus.PENDING):
        for cafe_round in rounds:
            if cafe_round.status == status:
                return cafe_round
    return rounds[-1] if rounds else None


def seconds_left(cafe_round: CafeRound | None) -> int | None:
    if cafe_round is None:
        return None
    if cafe_round.status == RoundStatus.RUNNING and cafe_round.ends_at:
        return max(0, int((cafe_round.ends_at - timezone.now()).total_seconds()))
    if cafe_round.status == RoundStatus.PAUSED:
        return cafe_round.remaining_seconds
    return None


def cafe_wall(forum: Forum) -> list[dict]:
    """Every round with every table's cards (merged duplicates folded into their card),
    in 3 queries: what the projector, the harvest and the summary show."""
    tables = list(forum.tables.order_by("number"))
    rounds = list(forum.rounds.order_by("number"))
    cards = list(
        Card.objects.filter(table__forum=forum, merged_into__isnull=True)
        .prefetch_related("axes")
        .order_by("created_at", "pk")
    )
    by_cell: dict[tuple[int, int], list[Card]] = {}
    for card in cards:
        by_cell.setdefault((card.round_id, card.table_id), []).append(card)
    wall = []
    for cafe_round in rounds:
        row = []
        for table in tables:
            cell = by_cell.get((cafe_round.pk, table.pk), [])
            row.append(
                {
                    "table": table,
                    "key_ideas": [c for c in cell if c.kind == CardKind.KEY_IDEA],
                    "divergent": [c for c in cell if c.kind == CardKind.DIVERGENT],
                    "syntheses": [c for c in cell if c.kind == CardKind.SYNTHESIS],
                }
            )
        wall.append({"round": cafe_round, "tables": row})
    return wall


def seating_of(cafe_round: CafeRound | None) -> dict[int, list[Participant]]:
    """{table id: participants seated there} for a round."""
    if cafe_round is None:
        return {}
    plan: dict[int, list[Participant]] = {}
    for seat in Seat.objects.filter(round=cafe_round).select_related("participant"):
        plan.setdefault(seat.table_id, []).append(seat.participant)
    return plan


def participant_counts(forum: Forum) -> dict:
    """Participants counted by category, ESS actors by their organisation's legal form,
    never named (DOMAIN §5.2 point 2)."""
    by_category = dict(
        forum.participants.values("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    ess = (
        forum.participants.filter(category=ParticipantCategory.ESS)
        .values("organisation__legal_form")
        .annotate(n=Count("pk"))
        .order_by("organisation__legal_form")
    )
    forms = dict(LegalForm.choices)
    return {
        "total": sum(by_category.values()),
        "categories": [
            (label, by_category.get(code, 0)) for code, label in ParticipantCategory.choices
        ],
        "ess_by_form": [
            (forms.get(row["organisation__legal_form"], _("Structure hors carte")), row["n"])
            for row in ess
        ],
        "organisations": sorted(
            {
                p.organisation.name
                for p in forum.participants.select_related("organisation")
                if p.organisation
            }
        ),
    }


# --- The one read of the research app ------------------------------------------------------


@dataclass(frozen=True)
class ResearchSegment:
    """One agora or forum text as the research corpus sees it, attributed to the plenary,
    a category, a table, a territory or an organisation, never to a person, so no
    pseudonym applies (`author_id` is always None).

    Sources, in this order (each by ascending id):

    - `agora.statement`: a statement of the plenary; `agora.position`: a category's
      written nuance on it;
    - `agora.card`: a card of a held forum's World Café (key idea, divergent idea, the
      anchor's synthesis), the table's words. A card enters only when the person who
      wrote it down (the table's rapporteur, or whoever held the pen) holds a membership
      of the cohort with research consent and none without, as for peer contributions:
      their hand is the only person the platform can ask. It stays the table's: no writer,
      so no pseudonym links it to the writer's other words. Duplicates merged into another
      card are left out, as in the harvest;
    - `agora.forum`: a forum's own record, one segment per part, id
      `agora.forum:<forum id>:<part>`: `forum` (the preparation and how it went: purpose,
      dialogue support, starting point, place, co-organisers, invitations, who came by
      category) and the harvest's outputs (`shared_constraints`, `commitments`…) for a held
      forum; `not_held` (the reason and its detail) for a forum that could not be held,
      itself an observation;
    - `agora.atmosphere`: a held forum's atmosphere and sensitive notes (a source of its
      own, so a protocol may leave it out);
    - `agora.opportunity`: a held forum's cooperation opportunity, attributed to its lead
      organisation (`organisation_id`).

    Forum records, atmosphere notes and opportunities are written by the facilitation in
    its role, like the agora's statements: no one's personal words, so no consent applies
    (the research app still replaces every name in them)."""

    id: str
    source: str
    kind: str
    text: str
    category: str
    stance: str
    statement_id: int | None
    date: dt.date | None
    author_id: None
    updated_at: dt.datetime
    stage: str = StageKind.AGORA
    meeting: str = ""
    territory_id: int | None = None
    territory_name: str = ""
    territory_kind: str = ""
    territory_region: str = ""
    axes: tuple[str, ...] = ()
    organisation_id: int | None = None


STATEMENT_SOURCE = "agora.statement"
POSITION_SOURCE = "agora.position"
CARD_SOURCE = "agora.card"
FORUM_SOURCE = "agora.forum"
ATMOSPHERE_SOURCE = "agora.atmosphere"
OPPORTUNITY_SOURCE = "agora.opportunity"
# The harvest's outputs that enter the corpus as a forum's parts (atmosphere apart).
_HARVEST_PARTS = [name for name in FORUM_HARVEST_FIELDS if name != "atmosphere"]


def research_person_names(cohort) -> list[str]:
    """Public, for the research app's pseudonymisation: the names recorded at the door of
    the cohort's forums (people who are not members, so no membership names them). Only
    ever used to hide these names in texts, never shown."""
    return list(
        Participant.objects.filter(forum__delegation__cohort=cohort)
        .exclude(name="")
        .values_list("name", flat=True)
        .distinct()
    )


def research_segments(cohort) -> Iterator[ResearchSegment]:
    """Every statement of the cohort's agora, every category's written nuance, then its
    territorial forums' cards, records, atmosphere notes and opportunities (see
    ResearchSegment). Forum texts are composed in French whatever the reader's language,
    so an export does not depend on who asked for it."""
    statements = Statement.objects.filter(agora__cohort=cohort).order_by("pk")
    for s in statements.iterator(chunk_size=500):
        yield ResearchSegment(
            id=f"{STATEMENT_SOURCE}:{s.pk}",
            source=STATEMENT_SOURCE,
            kind=s.kind,
            text=s.text,
            category="",
            stance="",
            statement_id=s.pk,
            date=timezone.localdate(s.created_at),
            author_id=None,
            updated_at=s.updated_at,
        )
    positions = (
        Position.objects.filter(statement__agora__cohort=cohort).exclude(note="").order_by("pk")
    )
    for p in positions.iterator(chunk_size=500):
        yield ResearchSegment(
            id=f"{POSITION_SOURCE}:{p.pk}",
            source=POSITION_SOURCE,
            kind="position",
            text=p.note,
            category=p.category,
            stance=p.stance,
            statement_id=p.statement_id,
            date=timezone.localdate(p.updated_at),
            author_id=None,
            updated_at=p.updated_at,
        )
    with translation.override("fr"):
        yield from _forum_research_segments(cohort)


def _forum_place(forum: Forum) -> dict:
    territory = forum.delegation.territory
    return {
        "stage": StageKind.FORUMS,
        "territory_id": territory.pk,
        "territory_name": territory.name,
        "territory_kind": territory.kind,
        "territory_region": territory.region,
    }


def _forum_meeting(forum: Forum) -> str:
    if forum.held_on:
        return str(_("forum du %(date)s")) % {"date": long_date(forum.held_on)}
    return str(_("forum"))


def _forum_date(forum: Forum) -> dt.date:
    return forum.held_on or timezone.localdate(forum.updated_at)


def _forum_record(forum: Forum, present: dict[str, int]) -> str:
    """How a held forum was prepared and went, as one text a researcher can code."""
    lines = []

    def add(label, value) -> None:
        if value not in ("", None, 0):
            lines.append(f"{label} : {value}")

    meta = Forum._meta
    add(
        meta.get_field("purpose").verbose_name, forum.get_purpose_display() if forum.purpose else ""
    )
    for name in ("dialogue_support", "starting_point", "place", "co_organisers"):
        add(meta.get_field(name).verbose_name, getattr(forum, name))
    add(meta.get_field("local_highlight").verbose_name, forum.local_highlight)
    add(meta.get_field("rapporteur_role").verbose_name, forum.rapporteur_role)
    if forum.duration_minutes:
        add(meta.get_field("duration_minutes").verbose_name, forum.duration_minutes)
    invited = [
        f"{meta.get_field(name).verbose_name} {getattr(forum, name)}"
        for name in (
            "invited_elus",
            "invited_agents",
            "invited_state",
            "invited_ess",
            "invited_other",
            "invited_citizens",
        )
        if getattr(forum, name)
    ]
    add(_("Invitations"), ", ".join(invited))
    add(_("Organisations ESS invitées"), len(forum.invited_organisations.all()))
    came = [
        f"{label} {present[value]}"
        for value, label in ParticipantCategory.choices
        if present.get(value)
    ]
    add(_("Présent·es par catégorie"), ", ".join(came))
    return "\n".join(str(line) for line in lines)


def _forum_research_segments(cohort) -> Iterator[ResearchSegment]:
    forums = list(
        Forum.objects.filter(delegation__cohort=cohort)
        .exclude(status=ForumStatus.PREPARING)
        .select_related("delegation__territory")
        .prefetch_related("axes", "invited_organisations")
        .order_by("pk")
    )
    held = {f.pk: f for f in forums if f.status == ForumStatus.HELD}
    present: dict[int, dict[str, int]] = {}
    rows = (
        Participant.objects.filter(forum_id__in=held)
        .values("forum_id", "category")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        present.setdefault(row["forum_id"], {})[row["category"]] = row["n"]

    # Cards: only those whose writer consents (see ResearchSegment).
    memberships = Membership.objects.filter(user_id=OuterRef("written_by_id"), cohort=cohort)
    cards = (
        Card.objects.filter(table__forum_id__in=held, merged_into__isnull=True)
        .filter(Exists(memberships.filter(research_consent=True)))
        .exclude(Exists(memberships.filter(research_consent=False)))
        .select_related("table", "round")
        .prefetch_related("axes")
        .order_by("pk")
    )
    for card in cards.iterator(chunk_size=500):
        forum = held[card.table.forum_id]
        yield ResearchSegment(
            id=f"{CARD_SOURCE}:{card.pk}",
            source=CARD_SOURCE,
            kind=card.kind,
            text=card.text,
            category="",
            stance="",
            statement_id=None,
            date=_forum_date(forum),
            author_id=None,
            updated_at=card.updated_at,
            meeting=str(_("%(forum)s · tour %(round)s · table %(table)s"))
            % {
                "forum": _forum_meeting(forum),
                "round": card.round.number,
                "table": card.table.number,
            },
            axes=tuple(sorted(a.code for a in card.axes.all())),
            **_forum_place(forum),
        )

    for forum in forums:
        common = {
            "source": FORUM_SOURCE,
            "category": "",
            "stance": "",
            "statement_id": None,
            "date": _forum_date(forum),
            "author_id": None,
            "updated_at": forum.updated_at,
            "meeting": _forum_meeting(forum),
            "axes": tuple(sorted(a.code for a in forum.axes.all())),
            **_forum_place(forum),
        }
        parts: dict[str, str] = {}
        if forum.status == ForumStatus.NOT_HELD:
            reason = forum.get_not_held_reason_display() if forum.not_held_reason else ""
            parts["not_held"] = "\n".join(
                str(t)
                for t in (_("Le forum n'a pas pu se tenir."), reason, forum.not_held_detail)
                if t
            )
        else:
            parts["forum"] = _forum_record(forum, present.get(forum.pk, {}))
            for name in _HARVEST_PARTS:
                parts[name] = getattr(forum, name)
        # Parts in the order of their ids (the corpus's keyset order).
        for part in sorted(parts):
            if parts[part].strip():
                yield ResearchSegment(
                    id=f"{FORUM_SOURCE}:{forum.pk}:{part}", kind=part, text=parts[part], **common
                )

    for forum in held.values():
        if forum.atmosphere.strip():
            yield ResearchSegment(
                id=f"{ATMOSPHERE_SOURCE}:{forum.pk}",
                source=ATMOSPHERE_SOURCE,
                kind="atmosphere",
                text=forum.atmosphere,
                category="",
                stance="",
                statement_id=None,
                date=_forum_date(forum),
                author_id=None,
                updated_at=forum.updated_at,
                meeting=_forum_meeting(forum),
                **_forum_place(forum),
            )

    opportunities = (
        Opportunity.objects.filter(forum_id__in=held).prefetch_related("axes").order_by("pk")
    )
    for o in opportunities.iterator(chunk_size=500):
        forum = held[o.forum_id]
        lines = [o.title, str(o.get_relation_type_display()), o.cooperation_form]
        if o.next_step:
            lines.append(str(_("Prochaine étape : %(step)s")) % {"step": o.next_step})
        if o.next_step_owner:
            lines.append(str(_("Qui : %(who)s")) % {"who": o.next_step_owner})
        yield ResearchSegment(
            id=f"{OPPORTUNITY_SOURCE}:{o.pk}",
            source=OPPORTUNITY_SOURCE,
            kind=o.relation_type.lower(),
            text="\n".join(line for line in lines if line),
            category="",
            stance="",
            statement_id=None,
            date=timezone.localdate(o.created_at),
            author_id=None,
            updated_at=o.created_at,
            meeting=_forum_meeting(forum),
            axes=tuple(sorted(a.code for a in o.axes.all())),
            organisation_id=o.lead_organisation_id,
            **_forum_place(forum),
        )


def pilot_project_initial(opportunity: Opportunity) -> dict:
    """Initial values of territories' pilot-project form positioned from this opportunity
    (agora.views.forums.opportunity_pilot_project): its title, a description from its
    relation type, form and next step, its lead and contributors as partners, its axes."""
    lines = [str(opportunity.get_relation_type_display())]
    if opportunity.cooperation_form:
        lines.append(opportunity.cooperation_form)
    if opportunity.next_step:
        lines.append(str(_("Prochaine étape : %(step)s")) % {"step": opportunity.next_step})
    partners = [o.pk for o in opportunity.contributors.all()]
    if opportunity.lead_organisation_id and opportunity.lead_organisation_id not in partners:
        partners.insert(0, opportunity.lead_organisation_id)
    return {
        "title": opportunity.title,
        "description": "\n".join(lines),
        "partners": partners,
        "axes": [a.pk for a in opportunity.axes.all()],
    }
