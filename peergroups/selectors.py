"""Reads of the peer groups, already scoped to the user (the safe-space rule lives here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from peergroups.models import (
    BOARD_DELTA_CARDS,
    BOARD_DELTA_VERSIONS,
    GRID_KINDS,
    BoardRemoval,
    Contribution,
    ContributionKind,
    PeerGroup,
    PeerSession,
)
from transitions.models import ActorCategory, Axis, Membership, Role, User
from transitions.roles import roles_of
from transitions.selectors import with_user_names


def groups_for(user) -> QuerySet[PeerGroup]:
    """Peer groups the user may see: staff all, facilitators their cohorts', members theirs."""
    if not user.is_authenticated:
        return PeerGroup.objects.none()
    qs = PeerGroup.objects.select_related("cohort")
    if user.is_staff:
        return qs
    roles = roles_of(user)
    scope = Q(cohort_id__in=roles.cohort_ids(Role.FACILITATOR))
    for cohort_id in roles.cohort_ids(Role.PARTICIPANT):
        scope |= Q(cohort_id=cohort_id, category__in=roles.categories(cohort_id, Role.PARTICIPANT))
    return qs.filter(scope)


def groups_listed_for(user, *, query: str = "") -> QuerySet[PeerGroup]:
    """The peer-group list: `groups_for` narrowed by the search box (cohort name), newest
    cohorts first, the four groups of a cohort together."""
    groups = groups_for(user)
    if query:
        groups = groups.filter(cohort__name__icontains=query)
    return groups.order_by("-cohort__year", "cohort__name", "cohort_id", "category", "pk")


def sessions_for(user) -> QuerySet[PeerSession]:
    if not user.is_authenticated:
        return PeerSession.objects.none()
    qs = PeerSession.objects.select_related("group", "group__cohort")
    if user.is_staff:
        return qs
    return qs.filter(group__in=groups_for(user))


_VERSION_SQL: str | None = None


def _version_sql() -> str:
    # Table names come from the models; built once, then reused on every poll.
    global _VERSION_SQL
    if _VERSION_SQL is None:
        _VERSION_SQL = f"""
            SELECT s.version, s.status
            FROM {PeerSession._meta.db_table} s
            JOIN {PeerGroup._meta.db_table} g ON g.id = s.group_id
            JOIN {User._meta.db_table} u ON u.id = %s AND u.is_active
            WHERE s.id = %s AND (
                u.is_staff OR EXISTS (
                    SELECT 1 FROM {Membership._meta.db_table} m
                    WHERE m.user_id = u.id AND m.cohort_id = g.cohort_id AND (
                        m.role = %s OR (m.role = %s AND m.category = g.category)
                    )
                )
            )
        """
    return _VERSION_SQL


def session_version_for(user_id: int, session_id: int) -> tuple[int, str] | None:
    """(version, status) of a session the user may see, in one indexed query; else None.

    The same scope as sessions_for (active staff, the cohort's facilitators, participants
    of the group's category). The board polls this every 2 s per person, so it is one
    hand-written statement: primary keys and the membership (user, cohort, role) index,
    nothing that grows with the number of cards, and no ORM compilation per request.
    """
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [user_id, session_id, Role.FACILITATOR, Role.PARTICIPANT])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def board_contributions(user, session: PeerSession, *, moderator: bool) -> QuerySet[Contribution]:
    """The cards of a session's board. Only called once the user is known to see the group.

    Members do not see hidden (off-topic) cards; facilitators do, greyed out. Cards merged
    into another one are shown inside it, not on their own.
    """
    merged = Contribution.objects.order_by("created_at")
    if not moderator:
        merged = merged.filter(hidden=False)
    qs = (
        # The card shows its author's name only: not the whole user row (password hash).
        with_user_names(
            Contribution.objects.filter(session=session, merged_into__isnull=True), "author"
        )
        .prefetch_related(board_contributions_hint_prefetch(), Prefetch("merged", queryset=merged))
        .order_by("theme", "created_at", "pk")
    )
    if not moderator:
        qs = qs.filter(hidden=False)
    return qs


@dataclass(frozen=True)
class BoardEntry:
    """A card's place and versions on its board, without its text: enough to key its
    cached fragment, count and order the board and tell what changed since a version."""

    pk: int
    kind: str
    theme: str
    merged: bool
    hidden: bool
    changed: int
    created: int
    placed: int
    hidden_at: int
    stamp: str
    author_id: int | None
    author: str

    def visible(self, moderator: bool) -> bool:
        """On the board itself (merged cards show inside another; members never see
        hidden ones): the same rule as board_contributions."""
        return not self.merged and (moderator or not self.hidden)

    def came(self, since: int, moderator: bool) -> bool:
        """Took its place on this viewer's board after `since` (created, moved, shown)."""
        return self.placed > since or (not moderator and self.hidden_at > since)


def board_entries(session: PeerSession) -> list[BoardEntry]:
    """Every card of a session as BoardEntry, in board order, in one query of small
    columns (no text, no user row: the author's display name only, for the cache key)."""
    rows = (
        Contribution.objects.filter(session=session)
        .order_by("theme", "created_at", "pk")
        .values_list(
            "pk",
            "kind",
            "theme",
            "merged_into_id",
            "hidden",
            "changed_version",
            "created_version",
            "placed_version",
            "hidden_version",
            "updated_at",
            "author_id",
            "author__full_name",
            "author__email",
            "author__erased_at",
        )
    )
    return [
        BoardEntry(
            pk=pk,
            kind=kind,
            theme=theme,
            merged=merged is not None,
            hidden=hidden,
            changed=changed,
            created=created,
            placed=placed,
            hidden_at=hidden_at,
            stamp=f"{updated_at.timestamp():.6f}",
            author_id=author_id,
            author=f"{name or email}|{bool(erased)}" if author_id else "",
        )
        for (
            pk,
            kind,
            theme,
            merged,
            hidden,
            changed,
            created,
            placed,
            hidden_at,
            updated_at,
            author_id,
            name,
            email,
            erased,
        ) in rows
    ]


@dataclass(frozen=True)
class BoardDelta:
    """What a board showing version `since` must do to show the current one."""

    removed: list[int]
    replaced: list[BoardEntry]
    appended: list[BoardEntry]


def board_delta(
    session: PeerSession, entries: list[BoardEntry], *, moderator: bool, since: int | None
) -> BoardDelta | None:
    """The cards to remove, replace in place and append at the end of their row since
    the client's version `since`, in one more query; None when the client must get the
    whole board: an unknown version, one too far behind, too many changes, or a card
    that moved to a place other than the end of its row (a new row or theme, shown
    again, unmerged)."""
    if (
        since is None
        or not 1 <= since <= session.version
        or session.version - since > BOARD_DELTA_VERSIONS
    ):
        return None
    removed = list(
        BoardRemoval.objects.filter(session=session, version__gt=since).values_list(
            "contribution_id", flat=True
        )
    )
    replaced: list[BoardEntry] = []
    appended: list[BoardEntry] = []
    for entry in entries:
        if entry.changed <= since:
            continue
        if not entry.visible(moderator):
            # It left this board after `since`, or it was never on it.
            left = entry.placed > since or (not moderator and entry.hidden_at > since)
            if left and entry.created <= since:
                removed.append(entry.pk)
        elif not entry.came(since, moderator):
            replaced.append(entry)
        elif entry.created > since and not entry.theme and entry.kind in GRID_KINDS:
            appended.append(entry)
        else:
            return None
    # New cards go at the end of their row's unthemed cards: only when that is their place.
    for kind in {entry.kind for entry in appended}:
        news = [
            e.created > since
            for e in entries
            if e.kind == kind and not e.theme and e.visible(moderator)
        ]
        if news != sorted(news):
            return None
    if len(removed) + len(replaced) + len(appended) > BOARD_DELTA_CARDS:
        return None
    return BoardDelta(removed=removed, replaced=replaced, appended=appended)


def board_contributions_hint_prefetch() -> Prefetch:
    """Cards' axes with the balises each relates to: the referential's hints on a card."""
    return Prefetch("axes", queryset=Axis.objects.prefetch_related("balises"))


def cohort_grid(cohort, *, session_number: int | None = None, shared_only: bool = False) -> dict:
    """The facilitator's cross view (DOMAIN §3.7): the grid's rows (constraints,
    expectations of the other categories, expectations towards one's own category, own
    commitments) × one column per category, across the four groups, in three queries.

    Hidden (off-topic) and merged cards are left out, as on the boards; cards of the
    former "learnings" row are counted apart (`legacy`). Authors are not loaded: the
    cross view reads a category's voice, not a person's.
    """
    qs = (
        Contribution.objects.filter(
            session__group__cohort=cohort, hidden=False, merged_into__isnull=True
        )
        .select_related("session__group")
        .prefetch_related("axes")
        .order_by("session__number", "theme", "created_at", "pk")
    )
    if session_number:
        qs = qs.filter(session__number=session_number)
    if shared_only:
        qs = qs.filter(shared=True)
    categories = list(ActorCategory.choices)
    cells: dict[tuple[str, str], list[Contribution]] = {}
    legacy = 0
    for card in qs:
        if card.kind not in GRID_KINDS:
            legacy += 1
            continue
        cells.setdefault((card.kind, card.session.group.category), []).append(card)
    return {
        "categories": categories,
        "rows": [
            {
                "kind": kind.value,
                "label": kind.label,
                "cells": [cells.get((kind, code), []) for code, _label in categories],
            }
            for kind in GRID_KINDS
        ],
        "count": sum(len(v) for v in cells.values()),
        "legacy": legacy,
    }


@dataclass(frozen=True)
class SharedContribution:
    """A contribution as seen outside its group: a category, never a person."""

    id: int
    kind: str
    kind_label: str
    text: str
    category: str
    category_label: str
    target_category: str
    target_category_label: str
    axes: tuple[str, ...]


def shared_contributions(cohort, *, ids: Iterable[int] | None = None) -> list[SharedContribution]:
    """What the peer groups of a cohort shared with the agora: the only way out of a group
    (with `ids`, only those of them still shared).

    Returns plain records without any author field, so no page, partial or PDF built on
    them can name a person.
    """
    # Plain rows and one query for the axes: the agora polls this on every change, and
    # model instances with a per-row axes prefetch cost ~1 ms a card (200 cards: 200 ms).
    qs = Contribution.objects.filter(
        session__group__cohort=cohort, shared=True, hidden=False, merged_into__isnull=True
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    rows = list(
        qs.order_by("session__group__category", "kind", "created_at", "pk").values_list(
            "pk", "kind", "text", "target_category", "session__group__category"
        )
    )
    axes: dict[int, list[str]] = {}
    for contribution_id, code in (
        Contribution.axes.through.objects.filter(contribution_id__in=[r[0] for r in rows])
        .order_by("axis__principle__number", "axis__letter")
        .values_list("contribution_id", "axis__code")
    ):
        axes.setdefault(contribution_id, []).append(code)
    categories = {code: str(label) for code, label in ActorCategory.choices}
    kinds = {code: str(label) for code, label in ContributionKind.choices}
    return [
        SharedContribution(
            id=pk,
            kind=kind,
            kind_label=kinds[kind],
            text=text,
            category=category,
            category_label=categories[category],
            target_category=target,
            target_category_label=categories.get(target, ""),
            axes=tuple(axes.get(pk, ())),
        )
        for pk, kind, text, target, category in rows
    ]


def contributors_by_delegation(cohort) -> dict[int, tuple[int, int]]:
    """{delegation_id: (participants who contributed, participants)} in one query.

    Anonymous cards are not counted: with one member of a category in a territory, a
    figure moved by an anonymous card would name its author.
    """
    rows = (
        Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT, delegation__isnull=False)
        .values("delegation_id")
        .annotate(
            total=Count("user", distinct=True),
            contributed=Count(
                "user",
                distinct=True,
                filter=Q(
                    user__peer_contributions__session__group__cohort=cohort,
                    user__peer_contributions__anonymous=False,
                ),
            ),
        )
    )
    return {r["delegation_id"]: (r["contributed"], r["total"]) for r in rows}


@dataclass(frozen=True)
class ResearchSegment:
    """One contribution text as the research corpus sees it: never a name.

    `author_id` exists only so the research app can replace it with a pseudonym keyed
    per export project; it must never be shown or exported as such.
    """

    id: str
    source: str
    kind: str
    text: str
    category: str
    target_category: str
    axes: tuple[str, ...]
    session_number: int
    session_date: dt.date | None
    shared: bool
    author_id: int | None
    created_at: dt.datetime


RESEARCH_SOURCE = "peergroups.contribution"


def research_segments(cohort) -> Iterator[ResearchSegment]:
    """Every contribution text of a cohort's peer groups that research may read.

    The one public read the research app uses (it never imports our models). Only
    consenting members' words enter the corpus: a contribution is yielded when its
    author holds a membership in that cohort with research consent and none without
    (consent is set for every role at once; a mixed state is read as "no"). Hidden
    (off-topic) cards and duplicates merged into another card are left out, as on the
    board. An anonymous card keeps its text but not its author: the person chose not to
    be linked to it even inside the group, so no pseudonym may link it to their other
    words either.
    """
    memberships = Membership.objects.filter(user_id=OuterRef("author_id"), cohort=cohort)
    qs = (
        Contribution.objects.filter(
            session__group__cohort=cohort, hidden=False, merged_into__isnull=True
        )
        .filter(Exists(memberships.filter(research_consent=True)))
        .exclude(Exists(memberships.filter(research_consent=False)))
        .select_related("session__group")
        .prefetch_related("axes")
        .order_by("pk")
    )
    for c in qs.iterator(chunk_size=500):
        starts_at = c.session.starts_at
        yield ResearchSegment(
            id=f"{RESEARCH_SOURCE}:{c.pk}",
            source=RESEARCH_SOURCE,
            kind=c.kind,
            text=c.text,
            category=c.session.group.category,
            target_category=c.target_category,
            axes=tuple(a.code for a in c.axes.all()),
            session_number=c.session.number,
            session_date=timezone.localdate(starts_at) if starts_at else None,
            shared=c.shared,
            author_id=None if c.anonymous else c.author_id,
            created_at=c.created_at,
        )
