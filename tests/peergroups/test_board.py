import html

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peergroups.models import Contribution, PeerSession
from tests.peergroups.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(peer):
    """The persona world with cohort A's peer groups open (PeerScene reads as the world)."""
    return peer


HTMX = {"HTTP_HX_REQUEST": "true"}


def _create_url(world, number=1):
    return reverse("peergroups:contribution-create", args=[world.session(number=number).pk])


def test_a_member_posts_a_card_that_appears_on_the_board(client, world):
    client.force_login(world.elu)
    response = client.post(
        _create_url(world),
        {"kind": "expectation", "text": "Un droit à l'erreur", "target_category": "AGENT_ETAT"},
    )
    assert response.status_code == 302
    board = client.get(response.url).content.decode()
    assert "Un droit à l&#x27;erreur" in board
    assert "Agent·e de l&#x27;État" in board


def test_an_htmx_post_returns_a_fresh_form_and_the_board_out_of_band(client, world):
    client.force_login(world.elu)
    response = client.post(_create_url(world), {"kind": "commitment", "text": "Appris"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="post-form"' in body and 'hx-swap-oob="true"' in body and "Appris" in body


@pytest.mark.parametrize(
    "text, message",
    [("   ", "La contribution est vide"), ("x" * 2001, "dépasse 2000 caractères")],
)
def test_an_empty_or_too_long_contribution_gets_a_clear_message(client, world, text, message):
    client.force_login(world.elu)
    response = client.post(_create_url(world), {"kind": "constraint", "text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    htmx = client.post(_create_url(world), {"kind": "constraint", "text": text}, **HTMX)
    assert message in htmx.content.decode()
    assert not Contribution.objects.exists()


def test_an_expectation_without_its_target_category_is_refused(client, world):
    client.force_login(world.elu)
    response = client.post(_create_url(world), {"kind": "expectation", "text": "Attente"})
    assert "Indiquez à quelle catégorie" in response.content.decode()
    assert not Contribution.objects.exists()


def test_posting_to_a_closed_session_gets_403_with_an_explanation(client, world):
    client.force_login(world.elu)
    response = client.post(_create_url(world, number=2), {"kind": "constraint", "text": "Trop tôt"})
    assert response.status_code == 403
    assert "pas ouverte" in response.content.decode()
    htmx = client.post(_create_url(world, number=2), {"kind": "constraint", "text": "x"}, **HTMX)
    assert htmx.status_code == 403 and "pas ouverte" in htmx.json()["error"]


def test_the_refresh_answers_304_when_nothing_changed_and_the_board_after_a_post(client, world):
    session = world.session()
    url = reverse("peergroups:session-refresh", args=[session.pk])
    client.force_login(world.elu2)
    assert client.get(url, {"v": session.version}).status_code == 304
    ContributionFactory(session=session, text="Nouvelle carte")
    # Factories bypass services: bump as a service would.
    session.refresh_from_db()
    client.force_login(world.elu)
    client.post(_create_url(world), {"kind": "constraint", "text": "Via le service"})
    client.force_login(world.elu2)
    response = client.get(url, {"v": session.version})
    assert response.status_code == 200
    assert "Via le service" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    new_version = response.content.decode().split('data-version="', 1)[1].split('"', 1)[0]
    assert client.get(url, {"v": new_version}).status_code == 304


def _poll_url(client, session) -> str:
    """The refresh URL the board itself polls (with its poll token)."""
    page = client.get(reverse("peergroups:session-board", args=[session.pk])).content.decode()
    return html.unescape(
        page.split('id="board-poll"', 1)[1].split('hx-get="', 1)[1].split('"', 1)[0]
    )


def _refresh_queries(client, world, cards: int) -> int:
    session = world.session()
    Contribution.objects.bulk_create(
        Contribution(session=session, kind="constraint", text=f"carte {i}") for i in range(cards)
    )
    PeerSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    url = _poll_url(client, session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 304
    return len(queries)


def test_the_refresh_query_count_does_not_grow_with_the_number_of_cards(client, world):
    client.force_login(world.elu)
    few = _refresh_queries(client, world, 1)
    many = _refresh_queries(client, world, 200)
    assert few == many == 1  # the poll token spares loading the session row and the user


def test_without_a_poll_token_the_refresh_still_works_through_ordinary_authentication(
    client, world
):
    session = world.session()
    client.force_login(world.elu)
    url = reverse("peergroups:session-refresh", args=[session.pk])
    assert client.get(url, {"v": session.version}).status_code == 304
    assert client.get(url, {"v": 0}).status_code == 200
    client.logout()
    assert client.get(url, {"v": session.version}).status_code == 401


def test_a_poll_token_is_useless_with_another_cookie_or_for_another_session(client, world):
    session = world.session()
    client.force_login(world.elu)
    url = _poll_url(client, session)
    client.force_login(world.etat)  # another person, another session cookie
    assert client.get(url).status_code == 404
    etat_url = _poll_url(client, world.session("AGENT_ETAT"))
    forged = url.split("?", 1)[0] + "?" + etat_url.split("?", 1)[1]
    # The État participant's own valid token does not open the élu·es' board.
    assert client.get(forged).status_code == 404


def test_a_member_removed_from_the_cohort_stops_getting_304(client, world):
    session = world.session()
    client.force_login(world.elu)
    url = _poll_url(client, session)
    world.elu.memberships.all().delete()
    assert client.get(url).status_code == 404


def test_a_participant_cannot_moderate(client, world):
    card = ContributionFactory(session=world.session())
    client.force_login(world.elu)
    url = reverse("peergroups:contribution-flag", args=[card.pk])
    assert client.post(url, {"flag": "shared", "value": "1"}).status_code == 403
    assert client.get(reverse("peergroups:contribution-edit", args=[card.pk])).status_code == 403
    card.refresh_from_db()
    assert not card.shared


def test_the_facilitator_marks_shares_and_hides_cards(client, world):
    card = ContributionFactory(session=world.session(), text="Carte à modérer")
    client.force_login(world.facilitator)
    url = reverse("peergroups:contribution-flag", args=[card.pk])
    for flag in ("is_key", "shared", "hidden"):
        response = client.post(url, {"flag": flag, "value": "1"}, **HTMX)
        assert response.status_code == 200 and 'id="board"' in response.content.decode()
    card.refresh_from_db()
    assert card.is_key and card.shared and card.hidden
    bad = client.post(url, {"flag": "author", "value": "1"}, **HTMX)
    assert bad.status_code == 400 and bad.json()["error"]


def test_a_facilitator_edit_over_a_newer_one_is_refused_with_409(client, world):
    card = ContributionFactory(session=world.session(), text="v1")
    client.force_login(world.facilitator)
    url = reverse("peergroups:contribution-edit", args=[card.pk])
    data = {"kind": "constraint", "text": "v2", "theme": "Gouvernance", "revision": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "text": "v3"})
    assert response.status_code == 409
    assert "modifiée entre-temps" in response.content.decode()
    card.refresh_from_db()
    assert card.text == "v2" and card.theme == "Gouvernance"


def test_the_facilitator_merges_a_duplicate_which_stays_readable_inside_the_other(client, world):
    a = ContributionFactory(session=world.session(), text="Original")
    b = ContributionFactory(session=world.session(), text="Doublon")
    client.force_login(world.facilitator)
    response = client.post(reverse("peergroups:contribution-merge", args=[b.pk]), {"into": a.pk})
    assert response.status_code == 302
    board = client.get(response.url).content.decode()
    assert "1 doublon fusionné" in board and "Doublon" in board


def test_the_facilitator_opens_and_closes_a_session(client, world):
    session = world.session(number=2)
    client.force_login(world.facilitator)
    url = reverse("peergroups:session-status", args=[session.pk])
    client.post(url, {"status": "open"})
    session.refresh_from_db()
    assert session.is_open
    client.force_login(world.elu)
    assert client.post(url, {"status": "closed"}).status_code == 403


def test_the_facilitator_edits_a_session_date_and_a_bad_duration_gets_a_message(client, world):
    session = world.session(number=3)
    client.force_login(world.facilitator)
    url = reverse("peergroups:session-edit", args=[session.pk])
    bad = client.post(url, {"starts_at": "2026-03-04T09:00", "duration_minutes": 5, "place": ""})
    assert "entre 15 et 600 minutes" in bad.content.decode()
    ok = client.post(
        url, {"starts_at": "2026-03-04T09:00", "duration_minutes": 180, "place": "Arras"}
    )
    assert ok.status_code == 302
    session.refresh_from_db()
    assert session.place == "Arras" and session.starts_at.day == 4


def test_posting_once_the_peer_groups_stage_is_closed_gets_403_with_an_explanation(client, world):
    from transitions.services import stage_set_status

    stage_set_status(stage=world.cohort.stages.get(kind="peer_groups"), status="closed")
    client.force_login(world.elu)
    response = client.post(_create_url(world), {"kind": "constraint", "text": "Trop tard"})
    assert response.status_code == 403
    assert "Groupes de pairs » n&#x27;est pas ouverte" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_hidden_duplicate_merged_into_a_visible_card_stays_hidden_from_members(client, world):
    visible = ContributionFactory(session=world.session(), text="Carte visible")
    ContributionFactory(
        session=world.session(), text="Doublon masqué", hidden=True, merged_into=visible
    )
    client.force_login(world.elu2)
    board = client.get(reverse("peergroups:session-board", args=[world.session().pk]))
    assert "Carte visible" in board.content.decode()
    assert "Doublon masqué" not in board.content.decode()
