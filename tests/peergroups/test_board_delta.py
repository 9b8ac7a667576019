"""The board's refresh sends only what changed since the client's version: new and changed
cards, removals (deletions, merges, hiding), and the whole board when the client is too
far behind or its version unknown; card fragments are cached per viewer scope."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peergroups import selectors, services
from peergroups.models import BOARD_DELTA_VERSIONS, Contribution, PeerSession
from transitions.fragments import CSRF_MARK

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<article[^>]* id="card-(\d+)"')


def _post(world, text: str, *, author=None, session=None) -> Contribution:
    return services.contribution_create(
        session=session or world.session(), author=author or world.elu, kind="constraint", text=text
    )


def _poll_url(client, session) -> str:
    page = client.get(reverse("peergroups:session-board", args=[session.pk])).content.decode()
    return html.unescape(
        page.split('id="board-poll"', 1)[1].split('hx-get="', 1)[1].split('"', 1)[0]
    )


def _refresh(client, session, version) -> str:
    url = reverse("peergroups:session-refresh", args=[session.pk])
    response = client.get(url, {"v": version})
    assert response.status_code == 200
    return response.content.decode()


def _cards(body: str) -> set[int]:
    return {int(pk) for pk in CARD.findall(body)}


def _version(session) -> int:
    return PeerSession.objects.get(pk=session.pk).version


def _is_whole_board(body: str) -> bool:
    return '<section id="board"' in body and 'hx-swap-oob="true"' in body


def test_a_participants_refresh_after_one_new_card_holds_exactly_that_card(client, peer):
    session = peer.session()
    for i in range(5):
        _post(peer, f"Carte ancienne {i}")
    since = _version(session)
    card = _post(peer, "La carte nouvelle", author=peer.elu2)
    client.force_login(peer.elu)
    body = _refresh(client, session, since)
    assert _cards(body) == {card.pk}
    assert not _is_whole_board(body)
    # Appended to its row's unthemed cards, with the new count and the next version.
    assert 'hx-swap-oob="beforeend:#cards-constraint"' in body
    assert "6 contributions" in body
    assert f'data-version="{_version(session)}"' in body


def test_a_change_to_one_card_replaces_only_that_card_in_place(client, peer):
    session = peer.session()
    cards = [_post(peer, f"Carte {i}") for i in range(4)]
    since = _version(session)
    services.contribution_set_flag(contribution=cards[2], flag="is_key", value=True)
    client.force_login(peer.elu2)
    body = _refresh(client, session, since)
    assert _cards(body) == {cards[2].pk}
    assert f'<article hx-swap-oob="true" class="board-card is-key" id="card-{cards[2].pk}"' in body


def test_a_deleted_card_is_removed_from_the_boards_that_showed_it(client, peer):
    session = peer.session()
    keep, gone = _post(peer, "Je reste"), _post(peer, "Je pars")
    since, gone_id = _version(session), gone.pk
    services.contribution_delete(contribution=gone)
    client.force_login(peer.elu2)
    body = _refresh(client, session, since)
    assert f'<div id="card-{gone_id}" hx-swap-oob="delete"></div>' in body
    assert _cards(body) == set() and "Je pars" not in body
    assert keep.pk not in _cards(body)


def test_a_merged_duplicate_leaves_the_board_and_its_target_shows_it(client, peer):
    session = peer.session()
    target, duplicate = _post(peer, "Le temps manque"), _post(peer, "Pas le temps")
    since = _version(session)
    services.contribution_merge(contribution=duplicate, into=target)
    client.force_login(peer.elu)
    body = _refresh(client, session, since)
    assert f'<div id="card-{duplicate.pk}" hx-swap-oob="delete"></div>' in body
    assert _cards(body) == {target.pk}
    assert "1 doublon fusionné" in body


def test_a_hidden_card_leaves_members_boards_and_greys_on_the_facilitators(client, peer):
    session = peer.session()
    card = _post(peer, "Hors sujet")
    since = _version(session)
    services.contribution_set_flag(contribution=card, flag="hidden", value=True)
    client.force_login(peer.elu2)
    member = _refresh(client, session, since)
    assert f'<div id="card-{card.pk}" hx-swap-oob="delete"></div>' in member
    assert "Hors sujet" not in member
    client.force_login(peer.facilitator)
    facilitator = _refresh(client, session, since)
    assert _cards(facilitator) == {card.pk} and "is-hidden" in facilitator
    # Shown again: it goes back to its place among the others, so members get the board.
    services.contribution_set_flag(contribution=card, flag="hidden", value=False)
    client.force_login(peer.elu2)
    assert _is_whole_board(_refresh(client, session, since))


def test_sharing_or_unsharing_never_sends_a_card_to_another_groups_refresh(client, peer):
    elu_session, etat_session = peer.session(), peer.session("AGENT_ETAT")
    _post(peer, "Dite entre élu·es", session=elu_session)
    card = _post(peer, "Secret des élu·es", session=elu_session)
    etat_since = _version(etat_session)
    mine = _post(peer, "Dite entre agents de l'État", author=peer.etat, session=etat_session)
    services.contribution_set_flag(contribution=card, flag="shared", value=True)
    services.contribution_set_flag(contribution=card, flag="shared", value=False)
    client.force_login(peer.etat)
    for since in (etat_since, 0, "x"):
        body = _refresh(client, etat_session, since)
        assert "élu·es" not in body
        assert card.pk not in _cards(body) and mine.pk in _cards(body)


@pytest.mark.parametrize("since", ["", "abc", "-1", "0", "999999"])
def test_an_unknown_version_gets_the_whole_board(client, peer, since):
    session = peer.session()
    cards = {_post(peer, f"Carte {i}").pk for i in range(3)}
    client.force_login(peer.elu2)
    body = _refresh(client, session, since)
    assert _is_whole_board(body) and _cards(body) == cards


def test_a_client_too_far_behind_gets_the_whole_board(client, peer):
    session = peer.session()
    first = _post(peer, "Première")
    since = _version(session)
    for _ in range(BOARD_DELTA_VERSIONS + 1):
        services.contribution_set_flag(contribution=first, flag="is_key", value=True)
    client.force_login(peer.elu2)
    assert _is_whole_board(_refresh(client, session, since))
    assert not _is_whole_board(_refresh(client, session, _version(session) - 1))


def test_a_recategorised_card_sends_the_whole_board(client, peer):
    session = peer.session()
    card = _post(peer, "À reclasser")
    since = _version(session)
    services.contribution_update(
        contribution=card,
        revision=card.revision,
        kind="commitment",
        text=card.text,
        target_category="",
        theme="",
        axes=[],
    )
    client.force_login(peer.elu)
    assert _is_whole_board(_refresh(client, session, since))


def _queries(client, url: str, status: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == status
    return len(queries)


def _refresh_costs(client, peer, cards: int) -> tuple[int, int, int]:
    """Queries of the 304, the one-change and the whole-board refreshes, warm cache."""
    session = peer.session()
    Contribution.objects.filter(session=session).delete()
    for i in range(cards):
        _post(peer, f"Carte {i}")
    poll = _poll_url(client, session)  # renders (and caches) every card
    not_modified = _queries(client, poll, 304)
    since = _version(session)
    _post(peer, "Une de plus", author=peer.elu2)
    delta = _queries(client, poll, 200)  # the poll URL still holds the version before it
    whole = _queries(client, poll.replace(f"v={since}", "v=zero"), 200)
    return not_modified, delta, whole


def test_each_refresh_path_costs_the_same_queries_for_3_and_120_cards(client, peer):
    client.force_login(peer.elu)
    few = _refresh_costs(client, peer, 3)
    many = _refresh_costs(client, peer, 120)
    assert few == many, (few, many)
    assert few[0] == 1  # the poll token spares loading the session and the user


@pytest.mark.shared_cache
def test_a_facilitators_cached_card_never_reaches_a_participant(client, peer):
    """With the configured cache (Redis when REDIS_URL is set): the facilitator's board,
    rendered first, caches cards with moderation buttons and a hidden card; the
    participant then gets none of them."""
    session = peer.session()
    shown = _post(peer, "Visible de tous")
    hidden = _post(peer, "Masquée pour les membres")
    services.contribution_set_flag(contribution=hidden, flag="hidden", value=True)
    client.force_login(peer.facilitator)
    facilitator = client.get(reverse("peergroups:session-board", args=[session.pk]))
    body = facilitator.content.decode()
    assert "Masquer (hors sujet)" in body and "Masquée pour les membres" in body
    assert CSRF_MARK not in body  # the viewer's own token replaced the marker
    client.force_login(peer.elu)
    for response in (
        client.get(reverse("peergroups:session-board", args=[session.pk])),
        client.get(reverse("peergroups:session-refresh", args=[session.pk]), {"v": 0}),
    ):
        member = response.content.decode()
        assert _cards(member) == {shown.pk}
        assert "Masquer (hors sujet)" not in member and "Masquée pour les membres" not in member
        assert "contribution-flag" not in member


@pytest.mark.shared_cache
def test_a_cached_card_holds_no_ones_csrf_token(client, peer):
    from django.core.cache import cache

    from peergroups.views import card_keys

    session = peer.session()
    _post(peer, "Avec des boutons")
    client.force_login(peer.facilitator)
    page = client.get(reverse("peergroups:session-board", args=[session.pk])).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    keys = card_keys(
        peer.facilitator.pk, selectors.board_entries(session), moderator=True, can_moderate=True
    )
    stored = list(cache.get_many(list(keys.values())).values())
    assert stored and all(token not in text and CSRF_MARK in text for text in stored)
