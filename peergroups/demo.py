"""Demo peer contributions for `make run` (idempotent; only if the demo cohort exists).

The four groups' cards in their three sessions, written through the services (the same
rules as a participant's post); the texts live in peergroups/demo_content.py.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from peergroups.demo_content import CARDS, KEY, SESSIONS, SHARED
from peergroups.models import SessionStatus
from peergroups.services import (
    contribution_create,
    contribution_set_flag,
    peer_groups_ensure,
    peer_session_set_status,
    peer_session_update,
)
from transitions.demo import demo_cohort
from transitions.models import Membership, Role, StageKind
from transitions.selectors import stage_allows_writes

PARIS = ZoneInfo("Europe/Paris")


def _authors(cohort, category: str) -> list:
    """One author per delegation (its first member of the category), so the cards of a
    group come from people of several territories."""
    seen, authors = set(), []
    memberships = (
        Membership.objects.filter(
            cohort=cohort, role=Role.PARTICIPANT, category=category, delegation__isnull=False
        )
        .select_related("user")
        .order_by("delegation_id", "pk")
    )
    for membership in memberships:
        if membership.delegation_id not in seen:
            seen.add(membership.delegation_id)
            authors.append(membership.user)
    return authors


def _session_start(days: int, at: datetime.time) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, at, tzinfo=PARIS)


def load_peer_demo() -> None:
    """Cards of the three sessions of the four groups; a session that already has cards
    is left alone. Sessions 1 and 2 are held (closed), session 3 is under way."""
    cohort = demo_cohort()
    if cohort is None:
        return
    if not stage_allows_writes(cohort.pk, StageKind.PEER_GROUPS):
        return
    groups = {g.category: g for g in peer_groups_ensure(cohort=cohort)}
    for category, sessions in CARDS.items():
        authors = _authors(cohort, category)
        if not authors:
            continue
        for number, cards in sessions.items():
            session = groups[category].sessions.get(number=number)
            if session.contributions.exists():
                continue
            days, at, place, final_status = SESSIONS[number]
            session = peer_session_update(
                session=session,
                starts_at=_session_start(days, at),
                duration_minutes=180,
                place=place,
            )
            if session.status != SessionStatus.OPEN:
                session = peer_session_set_status(session=session, status=SessionStatus.OPEN)
            for index, (kind, text, target, flags, _ref) in enumerate(cards):
                card = contribution_create(
                    session=session,
                    author=authors[(number + index) % len(authors)],
                    kind=kind,
                    text=text,
                    target_category=target,
                )
                if SHARED in flags:
                    contribution_set_flag(contribution=card, flag="shared", value=True)
                if KEY in flags:
                    contribution_set_flag(contribution=card, flag="is_key", value=True)
            if final_status != SessionStatus.OPEN:
                peer_session_set_status(session=session, status=final_status)
