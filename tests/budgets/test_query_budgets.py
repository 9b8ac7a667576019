"""Query budgets: every key page issues the same number of queries whatever the amount of
data, and no more than its stated maximum (issue 12, item 2).

The data come from `seed_scale`'s builder at two sizes: a small database (one cohort of
2 territories × 8 members, 4 contributions per peer session…) and a larger one (two more
cohorts of 4 territories × 16 members, 12 contributions per session, more statements,
participants, cards and observations). Each page is requested on the small cohort, then
on the same page of the large cohort (the third), once to warm the caches and once
counted (django's CaptureQueriesContext): a page whose count differs between the two has
a per-row query or a list that grows with the data.

The data are built once for the module inside a transaction rolled back at the end, so
the other tests still see an empty database.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import give_mfa

# Marked so that pytest-django sets the test database up for this module's fixture.
pytestmark = pytest.mark.django_db

# Stated maximum per page (queries of one warm request). A page that needs more must say
# why here; the equality between the two sizes is the rule that does not bend.
BUDGETS: dict[str, int] = {
    "home_facilitator": 12,
    "home_participant": 12,
    "home_agent": 12,
    "home_researcher": 12,
    "home_staff": 12,
    "cohort_page": 20,
    "dashboard": 30,
    "members": 15,
    "territory_directory": 12,
    "territory_directory_staff": 12,
    "diagnostics_list": 15,
    "principle_page": 20,
    "results": 20,
    "peer_board_participant": 15,
    "peer_board_facilitator": 15,
    "peer_refresh_unchanged": 1,
    "peer_refresh_changed": 15,
    "agora_page": 20,
    "agora_matrix_refresh": 15,
    "agora_refresh_unchanged": 5,
    "cafe_wall": 15,
    "projector": 15,
    "projector_refresh_unchanged": 1,
    "projector_refresh_changed": 15,
    "forum_summary": 20,
    "research_corpus_page": 15,
    "research_export_start": 15,
    "staff_diagnostics_list": 12,
    "staff_peer_group_list": 12,
    "staff_cohort_list": 12,
}


@dataclass
class Scene:
    """The objects and personas of one cohort the pages are requested on."""

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


def _scene(cohort, staff) -> Scene:
    from agora.models import Forum
    from diagnostics.models import Diagnostic, DiagnosticStatus
    from peergroups.models import PeerSession
    from research import selectors as research
    from transitions.models import Membership, Role

    seats = Membership.objects.filter(cohort=cohort).select_related("user", "delegation")
    by_role = {}
    for seat in seats.order_by("pk"):
        by_role.setdefault(seat.role, seat)
    participant = by_role[Role.PARTICIPANT]
    diagnostics = Diagnostic.objects.filter(delegation__cohort=cohort)
    session = PeerSession.objects.get(
        group__cohort=cohort, group__category=participant.category, number=3
    )
    page, cursor = research.corpus_page(cohort, filters=research.Filters(), size=60)
    assert cursor, "the corpus must run to a second page"
    return Scene(
        cohort=cohort,
        facilitator=by_role[Role.FACILITATOR].user,
        researcher=by_role[Role.RESEARCHER].user,
        participant=participant.user,
        agent=by_role[Role.AGENT].user,
        staff=staff,
        draft_diagnostic=diagnostics.get(
            status=DiagnosticStatus.DRAFT, delegation=participant.delegation
        ),
        validated_diagnostic=diagnostics.filter(status=DiagnosticStatus.VALIDATED).first(),
        session=session,
        forum=Forum.objects.get(delegation=participant.delegation),
        corpus_cursor=cursor,
    )


def _poll_url(client: Client, page_url: str, marker: str) -> str:
    """The live page's own poll URL (with its signed token), read from its HTML."""
    body = client.get(page_url).content.decode()
    match = re.search(r'hx-get="([^"]*' + re.escape(marker) + r'[^"]*)"', body)
    assert match, f"no poll URL for {marker} on {page_url}"
    return html.unescape(match.group(1))


def _with_version(url: str, version: str) -> str:
    return re.sub(r"v=[^&]*", f"v={version}", url)


def _pages(s: Scene, client: Client) -> dict[str, tuple[object, str, dict, int]]:
    """page name → (who, URL, extra headers, expected status)."""
    htmx = {"HTTP_HX_REQUEST": "true"}
    c = s.cohort.pk
    pages = {
        "home_facilitator": (s.facilitator, reverse("home"), {}, 200),
        "home_participant": (s.participant, reverse("home"), {}, 200),
        "home_agent": (s.agent, reverse("home"), {}, 200),
        "home_researcher": (s.researcher, reverse("home"), {}, 200),
        "home_staff": (s.staff, reverse("home"), {}, 200),
        "cohort_page": (s.facilitator, reverse("transitions:cohort-detail", args=[c]), {}, 200),
        "dashboard": (s.facilitator, reverse("transitions:cohort-dashboard", args=[c]), {}, 200),
        "members": (s.facilitator, reverse("transitions:member-list", args=[c]), {}, 200),
        "territory_directory": (s.facilitator, reverse("territories:territory-list"), {}, 200),
        "territory_directory_staff": (s.staff, reverse("territories:territory-list"), {}, 200),
        "diagnostics_list": (s.facilitator, reverse("diagnostics:diagnostic-list"), {}, 200),
        "principle_page": (
            s.participant,
            reverse("diagnostics:principle-edit", args=[s.draft_diagnostic.pk, 1]),
            {},
            200,
        ),
        "results": (
            s.facilitator,
            reverse("diagnostics:results-detail", args=[s.validated_diagnostic.pk]),
            {},
            200,
        ),
        "peer_board_participant": (
            s.participant,
            reverse("peergroups:session-board", args=[s.session.pk]),
            {},
            200,
        ),
        "peer_board_facilitator": (
            s.facilitator,
            reverse("peergroups:session-board", args=[s.session.pk]),
            {},
            200,
        ),
        "agora_page": (s.facilitator, reverse("agora:agora-detail", args=[c]), {}, 200),
        "agora_matrix_refresh": (
            s.facilitator,
            reverse("agora:agora-refresh", args=[c]) + "?v=0",
            htmx,
            200,
        ),
        "cafe_wall": (s.facilitator, reverse("agora:cafe-run", args=[s.forum.pk]), {}, 200),
        "projector": (s.facilitator, reverse("agora:projector", args=[s.forum.pk]), {}, 200),
        "forum_summary": (
            s.facilitator,
            reverse("agora:forum-summary", args=[s.forum.pk]),
            {},
            200,
        ),
        "research_corpus_page": (
            s.researcher,
            reverse("research:corpus", args=[c]) + f"?after={s.corpus_cursor}",
            {},
            200,
        ),
        "research_export_start": (s.researcher, reverse("research:export", args=[c]), {}, 200),
        "staff_diagnostics_list": (s.staff, reverse("diagnostics:diagnostic-list"), {}, 200),
        "staff_peer_group_list": (s.staff, reverse("peergroups:group-list"), {}, 200),
        "staff_cohort_list": (s.staff, reverse("transitions:cohort-list"), {}, 200),
    }
    # The live pages' polls, with the token their page handed out.
    client.force_login(s.participant)
    board = _poll_url(
        client, reverse("peergroups:session-board", args=[s.session.pk]), "actualiser"
    )
    pages["peer_refresh_unchanged"] = (s.participant, board, htmx, 304)
    pages["peer_refresh_changed"] = (s.participant, _with_version(board, "0"), htmx, 200)
    client.force_login(s.facilitator)
    wall = _poll_url(client, reverse("agora:projector", args=[s.forum.pk]), "projecteur/etat")
    pages["projector_refresh_unchanged"] = (s.facilitator, wall, htmx, 304)
    pages["projector_refresh_changed"] = (s.facilitator, _with_version(wall, "0"), htmx, 200)
    agora = _poll_url(client, reverse("agora:agora-detail", args=[c]), "actualiser")
    pages["agora_refresh_unchanged"] = (s.facilitator, agora, htmx, 304)
    return pages


def _count(client: Client, who, url: str, headers: dict, status: int) -> int:
    client.force_login(who)
    client.get(url, **headers)  # warm: caches filled, as on a live server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == status, (url, response.status_code)
    return len(queries)


def _measure(scene: Scene) -> dict[str, int]:
    client = Client()
    return {name: _count(client, *spec) for name, spec in _pages(scene, client).items()}


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    from diagnostics.models import Questionnaire
    from research.management.commands.seed_scale import Seeder, Sizes
    from transitions.models import Cohort, User

    small = Sizes(
        territories=2,
        members=8,
        contributions=4,
        statements=3,
        forum_participants=8,
        cards=2,
        observations_per_100=4000,
    )
    large = Sizes(
        territories=4,
        members=16,
        contributions=12,
        statements=7,
        forum_participants=16,
        cards=5,
        observations_per_100=12000,
    )
    with django_db_blocker.unblock(), transaction.atomic():
        staff = User.objects.create(email="staff@echelle.example", full_name="S", is_staff=True)
        give_mfa(staff)
        questionnaire = Questionnaire.objects.order_by("-version").first()
        Seeder(questionnaire, 1, small).cohort(1)
        first = _measure(_scene(Cohort.objects.get(), staff))
        seeder = Seeder(questionnaire, 3, large, researched=3)
        seeder.cohort(2)
        seeder.cohort(3)
        third = _measure(_scene(Cohort.objects.order_by("-pk").first(), staff))
        transaction.set_rollback(True)
    return first, third


def test_every_key_page_has_a_stated_budget(counts):
    first, _third = counts
    assert set(first) == set(BUDGETS)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_a_key_page_issues_as_many_queries_on_a_larger_database_within_its_budget(counts, name):
    first, third = counts
    assert first[name] == third[name], (
        f"{name}: {first[name]} queries on the small database, {third[name]} on the larger "
        "one (a query per row, or a list that grows with the data)"
    )
    assert third[name] <= BUDGETS[name], f"{name}: {third[name]} > budget {BUDGETS[name]}"
