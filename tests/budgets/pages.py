"""The key pages of issue 12, in one list: the query-budget tests request them through
django's test client, `make bench` (tests/bench/bench_pages.py) through gunicorn and wrk.

A page is (persona, path, htmx?, expected status); a live poll is read from its page's
HTML (the URL carries a signed token bound to the session it was handed out in), then
requested as is (nothing changed: 304) or with `v=0` (something changed: the new state).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

PERSONAS = ("facilitator", "researcher", "participant", "agent", "staff")


@dataclass(frozen=True)
class Page:
    who: str  # one of PERSONAS
    path: str
    htmx: bool = False
    status: int = 200


@dataclass(frozen=True)
class Poll:
    who: str
    page_path: str  # the live page whose HTML holds the poll URL
    marker: str  # a piece of the poll URL
    changed: bool  # False: the client's version is current (304); True: v=0
    status: int


@dataclass
class Scene:
    """The objects and personas of the cohort the pages are requested on."""

    cohort: object
    facilitator: object
    researcher: object
    participant: object
    agent: object
    staff: object
    draft_diagnostic: object
    validated_diagnostic: object
    session: object
    forum: object
    corpus_cursor: str
    principle_number: int  # a principle the participant answered in the draft diagnostic


def scene_for(cohort, staff, *, corpus_position: int) -> Scene:
    """The cohort's personas (first seat of each role, the participant in the delegation
    whose diagnostic is still a draft) and the corpus cursor after `corpus_position`
    segments (page 500 at 50 a page: 25,000)."""
    from itertools import islice

    from agora.models import Forum
    from diagnostics.models import Answer, Diagnostic, DiagnosticStatus
    from peergroups.models import PeerSession
    from research import selectors as research
    from transitions.models import Membership, Role

    draft = Diagnostic.objects.get(delegation__cohort=cohort, status=DiagnosticStatus.DRAFT)
    seats = Membership.objects.filter(cohort=cohort).select_related("user").order_by("pk")
    by_role = {}
    for seat in seats:
        if (
            seat.role in (Role.PARTICIPANT, Role.AGENT)
            and seat.delegation_id != draft.delegation_id
        ):
            continue
        by_role.setdefault(seat.role, seat)
    participant = by_role[Role.PARTICIPANT]
    segments = research.corpus(cohort, filters=research.Filters())
    cursor = next(islice(segments, corpus_position - 1, None)).id
    return Scene(
        cohort=cohort,
        facilitator=by_role[Role.FACILITATOR].user,
        researcher=by_role[Role.RESEARCHER].user,
        participant=participant.user,
        agent=by_role[Role.AGENT].user,
        staff=staff,
        draft_diagnostic=draft,
        validated_diagnostic=Diagnostic.objects.filter(
            delegation__cohort=cohort, status=DiagnosticStatus.VALIDATED
        ).first(),
        session=PeerSession.objects.get(
            group__cohort=cohort, group__category=participant.category, number=3
        ),
        forum=Forum.objects.get(delegation=draft.delegation),
        corpus_cursor=cursor,
        principle_number=Answer.objects.filter(diagnostic=draft, respondent=participant.user)
        .values_list("question__axis__principle__number", flat=True)
        .first(),
    )


def key_pages(s: Scene) -> dict[str, Page]:
    from django.urls import reverse

    c = s.cohort.pk
    board = reverse("peergroups:session-board", args=[s.session.pk])
    return {
        "home_facilitator": Page("facilitator", reverse("home")),
        "home_participant": Page("participant", reverse("home")),
        "home_agent": Page("agent", reverse("home")),
        "home_researcher": Page("researcher", reverse("home")),
        "home_staff": Page("staff", reverse("home")),
        "cohort_page": Page("facilitator", reverse("transitions:cohort-detail", args=[c])),
        "dashboard": Page("facilitator", reverse("transitions:cohort-dashboard", args=[c])),
        "members": Page("facilitator", reverse("transitions:member-list", args=[c])),
        "territory_directory": Page("facilitator", reverse("territories:territory-list")),
        "territory_directory_staff": Page("staff", reverse("territories:territory-list")),
        "diagnostics_list": Page("facilitator", reverse("diagnostics:diagnostic-list")),
        "principle_page": Page(
            "participant",
            reverse("diagnostics:principle-edit", args=[s.draft_diagnostic.pk, s.principle_number]),
        ),
        "results": Page(
            "facilitator",
            reverse("diagnostics:results-detail", args=[s.validated_diagnostic.pk]),
        ),
        "peer_board_participant": Page("participant", board),
        "peer_board_facilitator": Page("facilitator", board),
        "agora_page": Page("facilitator", reverse("agora:agora-detail", args=[c])),
        "agora_matrix_refresh": Page(
            "facilitator", reverse("agora:agora-refresh", args=[c]) + "?v=0", htmx=True
        ),
        "cafe_wall": Page("facilitator", reverse("agora:cafe-run", args=[s.forum.pk])),
        "projector": Page("facilitator", reverse("agora:projector", args=[s.forum.pk])),
        "forum_summary": Page("facilitator", reverse("agora:forum-summary", args=[s.forum.pk])),
        "research_corpus_page": Page(
            "researcher", reverse("research:corpus", args=[c]) + f"?after={s.corpus_cursor}"
        ),
        "research_export_start": Page("researcher", reverse("research:export", args=[c])),
        "staff_diagnostics_list": Page("staff", reverse("diagnostics:diagnostic-list")),
        "staff_peer_group_list": Page("staff", reverse("peergroups:group-list")),
        "staff_cohort_list": Page("staff", reverse("transitions:cohort-list")),
    }


def live_polls(s: Scene) -> dict[str, Poll]:
    from django.urls import reverse

    board = reverse("peergroups:session-board", args=[s.session.pk])
    projector = reverse("agora:projector", args=[s.forum.pk])
    agora = reverse("agora:agora-detail", args=[s.cohort.pk])
    return {
        "peer_refresh_unchanged": Poll("participant", board, "actualiser", False, 304),
        "peer_refresh_changed": Poll("participant", board, "actualiser", True, 200),
        "projector_refresh_unchanged": Poll(
            "facilitator", projector, "projecteur/etat", False, 304
        ),
        "projector_refresh_changed": Poll("facilitator", projector, "projecteur/etat", True, 200),
        "agora_refresh_unchanged": Poll("facilitator", agora, "actualiser", False, 304),
    }


def poll_url(page_html: str, poll: Poll) -> str:
    """The poll URL the page hands out (with its token), as the poll requests it."""
    match = re.search(r'hx-get="([^"]*' + re.escape(poll.marker) + r'[^"]*)"', page_html)
    if match is None:
        raise LookupError(f"no poll URL with {poll.marker!r} on {poll.page_path}")
    url = html.unescape(match.group(1))
    return re.sub(r"v=[^&]*", "v=0", url) if poll.changed else url
