"""Growing lists: the shared pagination and search helpers, the members page, choice
labels computed once per process, and one membership query per page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import MembershipFactory, UserFactory
from transitions import labels
from transitions.models import Invitation, Membership, Role
from transitions.pagination import keyset, paginate

pytestmark = pytest.mark.django_db


def _members(cohort, n: int, *, category="ELU", prefix="Personne"):
    users = [UserFactory(full_name=f"{prefix} {i:03d}") for i in range(n)]
    Membership.objects.bulk_create(
        Membership(user=u, cohort=cohort, role=Role.PARTICIPANT, category=category) for u in users
    )
    return users


def _member_page(client, world, **params):
    client.force_login(world.facilitator)
    return client.get(reverse("transitions:member-list", args=[world.cohort.pk]), params)


# --- The helpers -----------------------------------------------------------------------------


def test_a_bad_or_missing_page_number_gives_the_first_page_and_past_the_end_the_last(world):
    rows = Membership.objects.order_by("pk")
    for value, expected in [("", 1), ("abc", 1), ("-3", 1), ("²", 1), ("2", 2), ("9" * 40, 3)]:
        request = RequestFactory().get("/x/", {"page": value, "q": "a"})
        assert paginate(request, rows, per_page=5).number == expected


def test_page_links_keep_the_search_and_filters(world):
    request = RequestFactory().get("/x/", {"q": "é lu", "role": "agent", "page": "2"})
    page = paginate(request, Membership.objects.order_by("pk"), per_page=5)
    assert "q=%C3%A9+lu" in page.next_url and "role=agent" in page.next_url
    assert "page=3" in page.next_url and "page=1" in page.previous_url
    assert "page" not in page.first_url


def test_keyset_pages_cover_the_rows_once_newest_first_and_a_bad_cursor_gives_the_first(world):
    from research.models import Observation

    day = datetime.date(2024, 1, 1)
    Observation.objects.bulk_create(
        Observation(
            cohort=world.cohort, observed_on=day + datetime.timedelta(days=i // 3), text=str(i)
        )
        for i in range(11)
    )
    rows = Observation.objects.filter(cohort=world.cohort)
    for bad in ("nonsense", "2024-01-01_" + "9" * 30, "2024-02-30_4", "2024-01-01_²"):
        request = RequestFactory().get("/x/", {"apres": bad})
        assert keyset(request, Observation.objects.all(), date_field="observed_on").items
    seen, url = [], "/x/?apres=nonsense"
    while url:
        path, _, query = url.partition("?")
        page = keyset(
            RequestFactory().get(f"/x/?{query}"), rows, date_field="observed_on", per_page=4
        )
        seen += [(o.observed_on, o.pk) for o in page]
        url = page.next_url
    assert len(seen) == 11 and len(set(seen)) == 11
    assert seen == sorted(seen, reverse=True)


def test_labels_are_computed_once_per_language_and_follow_the_active_language():
    from territories.models import TerritoryKind

    labels._maps.clear()
    with translation.override("fr"):
        french = labels.label(TerritoryKind, "commune")
    with translation.override("en"):
        english = labels.label(TerritoryKind, "commune")
    assert french == "Commune" and english
    assert {lang for (_cls, lang) in labels._maps} == {"fr", "en"}
    assert labels.label(TerritoryKind, "") == ""
    assert labels.label(TerritoryKind, "gone") == "gone"


def test_a_field_label_is_what_get_display_says(world):
    membership = Membership.objects.filter(cohort=world.cohort).exclude(category="").first()
    for field in ("role", "category"):
        method = getattr(membership, f"get_{field}_display")
        assert labels.field_label(membership, field) == method()


# --- The members page ------------------------------------------------------------------------


def test_the_members_page_groups_members_by_actor_category(client, world):
    response = _member_page(client, world)
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Élu·e", "Agent·e de collectivité", "Animation et recherche"):
        assert f"<h3>{heading}</h3>" in html


def test_the_members_page_filters_by_category_role_and_status(client, world):
    response = _member_page(client, world, categorie="AGENT_ETAT")
    names = {m.user.full_name for m in response.context["memberships"]}
    assert names == {"Éric État"}
    response = _member_page(client, world, role="agent")
    assert {m.role for m in response.context["memberships"]} == {"agent"}
    response = _member_page(client, world, statut="membre")
    assert response.context["invitations"] is None
    Invitation.objects.create(
        cohort=world.cohort,
        email="revoque@exemple.fr",
        role=Role.AGENT,
        token="t1",
        expires_at=timezone.now() + datetime.timedelta(days=3),
        revoked_at=timezone.now(),
    )
    Invitation.objects.create(
        cohort=world.cohort,
        email="attente@exemple.fr",
        role=Role.AGENT,
        token="t2",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    response = _member_page(client, world, statut="revoked")
    assert response.context["memberships"] is None
    assert [i.email for i in response.context["invitations"]] == ["revoque@exemple.fr"]
    response = _member_page(client, world, statut="pending")
    assert [i.email for i in response.context["invitations"]] == ["attente@exemple.fr"]


def test_the_members_search_finds_names_and_addresses_of_this_cohort_only(client, world):
    MembershipFactory(
        cohort=world.other_cohort, role=Role.AGENT, user=UserFactory(full_name="Zoé Ailleurs")
    )
    response = _member_page(client, world, q="zoé")
    assert list(response.context["memberships"]) == []
    assert "Aucun membre ne répond à cette recherche." in response.content.decode()
    response = _member_page(client, world, q=world.elu.email)
    assert [m.user for m in response.context["memberships"]] == [world.elu]


def test_the_members_page_has_a_second_page_and_a_bad_page_number_is_not_an_error(client, world):
    _members(world.cohort, 60)
    second = _member_page(client, world, page="2")
    assert second.status_code == 200 and second.context["memberships"].number == 2
    for bad in ("x", "0", "99999", "1e9"):
        assert _member_page(client, world, page=bad).status_code == 200


def test_the_members_search_swaps_only_the_list_for_htmx(client, world):
    client.force_login(world.facilitator)
    url = reverse("transitions:member-list", args=[world.cohort.pk])
    html = client.get(url, {"q": "Élise"}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_the_members_page_costs_the_same_queries_with_60_or_600_members(client, world):
    client.force_login(world.facilitator)
    url = reverse("transitions:member-list", args=[world.cohort.pk])
    _members(world.cohort, 60)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _members(world.cohort, 540, category="AGENT_ETAT", prefix="Autre")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large) <= 12


# --- Navigation -------------------------------------------------------------------------------


def _reads_memberships(sql: str) -> bool:
    return sql.split(" FROM ", 1)[-1].startswith('"transitions_membership"')


@pytest.mark.parametrize("persona", ["facilitator", "agent_a", "elu", "researcher", "staff"])
def test_a_page_reads_the_memberships_once_for_navigation_and_rules(client, world, persona):
    client.force_login(getattr(world, persona))
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200 and response.context["nav_items"]
    # Reads of the memberships themselves (a subquery naming the table, such as the
    # erasure requests of a cohort's members, is another question).
    membership_reads = [q for q in ctx if _reads_memberships(q["sql"])]
    assert len(membership_reads) <= 1


def test_the_facilitators_pages_read_the_memberships_once(client, world):
    client.force_login(world.facilitator)
    urls = [
        reverse("transitions:cohort-detail", args=[world.cohort.pk]),
        reverse("transitions:member-list", args=[world.cohort.pk]),
        reverse("territories:territory-list"),
        reverse("diagnostics:diagnostic-list"),
    ]
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        reads = [q for q in ctx if 'FROM "transitions_membership"' in q["sql"]]
        # The members page lists memberships (count + page): those two are its content.
        allowed = 3 if "membres" in url else 1
        assert len(reads) <= allowed, url
