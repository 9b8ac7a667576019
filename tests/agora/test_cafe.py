"""The live World Café: rapporteurs' cards, the three-key-ideas cap, read-only closed
rounds, no lost update between two phones, the projector's cheap polling."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from agora import services
from agora.models import Card, Seat
from transitions.concurrency import StaleEdit

pytestmark = pytest.mark.django_db


def _add(client, table, kind, text):
    return client.post(reverse("agora:card-add", args=[table.pk]), {"kind": kind, "text": text})


def test_a_rapporteur_records_three_key_ideas_and_a_fourth_is_refused_in_french(
    client, cafe, world
):
    table = cafe["tables"][0]
    client.force_login(world.agent_a)
    for n in range(3):
        assert _add(client, table, "key_idea", f"Idée {n}").status_code == 302
    response = _add(client, table, "key_idea", "Une quatrième")
    assert response.status_code == 400
    assert "déjà ses trois idées clés" in response.content.decode()
    assert Card.objects.filter(table=table, kind="key_idea").count() == 3


def test_divergent_ideas_are_unlimited(client, cafe, world):
    table = cafe["tables"][0]
    client.force_login(world.agent_a)
    for n in range(5):
        assert _add(client, table, "divergent", f"Divergence {n}").status_code == 302
    assert Card.objects.filter(table=table, kind="divergent").count() == 5


def test_a_rapporteur_writes_only_for_their_own_table(client, cafe, world):
    client.force_login(world.elu)  # table 2's rapporteur
    response = _add(client, cafe["tables"][0], "key_idea", "Pas ma table")
    assert response.status_code == 403
    assert not Card.objects.exists()


def test_another_territory_agent_does_not_even_see_the_table(client, cafe, world):
    client.force_login(world.agent_b)
    assert client.get(reverse("agora:table-page", args=[cafe["tables"][0].pk])).status_code == 404
    assert _add(client, cafe["tables"][0], "key_idea", "Intrus").status_code == 404


def test_when_the_round_closes_its_cards_become_read_only(client, cafe, world):
    table = cafe["tables"][0]
    card = services.card_add(
        table=table, cafe_round=cafe["round"], kind="key_idea", text="Avant", user=world.agent_a
    )
    services.round_close(forum=cafe["forum"])
    client.force_login(world.agent_a)
    response = client.post(
        reverse("agora:card-edit", args=[card.pk]), {"text": "Après", "revision": card.revision}
    )
    assert response.status_code == 403
    card.refresh_from_db()
    assert card.text == "Avant"


def test_two_phones_at_one_table_never_overwrite_each_other(cafe, world):
    table = cafe["tables"][0]
    card = services.card_add(
        table=table, cafe_round=cafe["round"], kind="key_idea", text="Première", user=world.agent_a
    )
    services.card_update(card=card, revision=1, text="Version du premier téléphone")
    with pytest.raises(StaleEdit) as stale:
        services.card_update(card=card, revision=1, text="Version du second téléphone")
    assert stale.value.current.text == "Version du premier téléphone"


def test_a_stale_card_edit_answers_409_and_keeps_both_versions_visible(client, cafe, world):
    table = cafe["tables"][0]
    card = services.card_add(
        table=table, cafe_round=cafe["round"], kind="key_idea", text="Première", user=world.agent_a
    )
    services.card_update(card=card, revision=1, text="Enregistrée ailleurs")
    client.force_login(world.agent_a)
    response = client.post(
        reverse("agora:card-edit", args=[card.pk]),
        {"text": "Ma saisie", "revision": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Enregistrée ailleurs" in page and "Ma saisie" in page


def test_the_projector_answers_304_when_nothing_changed_and_shows_new_cards(
    client, cafe, world, django_assert_max_num_queries
):
    forum = cafe["forum"]
    client.force_login(world.facilitator)
    url = reverse("agora:projector-refresh", args=[forum.pk])
    client.get(reverse("agora:projector", args=[forum.pk]))  # session and roles warm
    # The session, the user, their roles, then one query for the forum's version.
    with django_assert_max_num_queries(4):
        assert client.get(url, {"v": forum.version}).status_code == 304
    services.card_add(
        table=cafe["tables"][1],
        cafe_round=cafe["round"],
        kind="divergent",
        text="Un carton tout neuf",
        user=world.elu,
    )
    response = client.get(url, {"v": forum.version})
    assert response.status_code == 200
    assert "Un carton tout neuf" in response.content.decode()
    assert "Idée divergente" in response.content.decode()


def _poll_url(client, page_url: str) -> str:
    """The poll URL a live page carries (its version and its poll token)."""
    page = client.get(page_url).content.decode()
    return html.unescape(re.search(r'hx-get="([^"]*/etat/\?v=[^"]*)"', page).group(1))


@pytest.mark.parametrize("live_page", ["agora:projector", "agora:cafe-run", "agora:table-page"])
def test_a_live_page_s_poll_with_its_token_answers_304_in_one_query(
    client, cafe, world, live_page, django_assert_num_queries
):
    client.force_login(world.facilitator)
    target = cafe["tables"][0].pk if live_page == "agora:table-page" else cafe["forum"].pk
    poll = _poll_url(client, reverse(live_page, args=[target]))
    assert "&t=" in poll
    # No session row, no user, no roles: the one scoped version query.
    with django_assert_num_queries(1):
        assert client.get(poll).status_code == 304


def test_a_poll_token_is_worth_nothing_in_another_session_or_after_signing_out(client, cafe, world):
    forum = cafe["forum"]
    client.force_login(world.facilitator)
    poll = _poll_url(client, reverse("agora:projector", args=[forum.pk]))
    client.logout()
    response = client.get(poll)
    assert response.status_code == 401
    assert "Reconnectez-vous" in response.json()["error"]
    client.force_login(world.agent_b)  # another territory's agent, another session
    assert client.get(poll).status_code == 404


def test_a_poll_sees_the_new_version_once_a_card_is_written(client, cafe, world):
    client.force_login(world.facilitator)
    poll = _poll_url(client, reverse("agora:projector", args=[cafe["forum"].pk]))
    services.card_add(
        table=cafe["tables"][0],
        cafe_round=cafe["round"],
        kind="key_idea",
        text="Une idée toute fraîche",
        user=world.agent_a,
    )
    response = client.get(poll)
    assert response.status_code == 200
    assert "Une idée toute fraîche" in response.content.decode()


def test_the_seating_plan_seats_everyone_present_and_keeps_anchors(cafe):
    seats = dict(Seat.objects.filter(round=cafe["round"]).values_list("participant_id", "table_id"))
    assert set(seats) == {p.pk for p in cafe["people"]}
    assert seats[cafe["people"][0].pk] == cafe["tables"][0].pk


def test_the_next_round_starts_after_closing_and_its_plan_keeps_anchors(cafe):
    forum = cafe["forum"]
    services.round_close(forum=forum)
    round_2 = forum.rounds.get(number=2)
    services.seating_propose(cafe_round=round_2)
    started = services.round_start(forum=forum)
    assert started.pk == round_2.pk and started.status == "running"
    seats = dict(Seat.objects.filter(round=round_2).values_list("participant_id", "table_id"))
    assert seats[cafe["people"][0].pk] == cafe["tables"][0].pk
    assert seats[cafe["people"][1].pk] == cafe["tables"][1].pk


def test_a_forum_that_could_not_be_held_keeps_its_reason(client, world):
    from tests.factories import open_stage

    open_stage(world.cohort, "forums")
    forum = services.forum_ensure(delegation=world.delegation_a)
    client.force_login(world.agent_a)
    page = client.get(reverse("agora:forum-not-held", args=[forum.pk]))
    fingerprint = page.context["form"].initial["fingerprint"]
    response = client.post(
        reverse("agora:forum-not-held", args=[forum.pk]),
        {"not_held_reason": "calendar", "not_held_detail": "", "fingerprint": fingerprint},
    )
    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.status == "not_held" and forum.not_held_reason == "calendar"


def test_the_dashboard_cell_shows_the_forum_and_links_to_it(cafe, world):
    from agora.providers import forum_cells

    cells = forum_cells(world.cohort, [world.delegation_a, world.delegation_b])
    assert cells[world.delegation_a.pk].url == reverse(
        "agora:forum-detail", args=[cafe["forum"].pk]
    )
    assert world.delegation_b.pk not in cells
