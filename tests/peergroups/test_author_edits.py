"""A contribution belongs to its author: they edit or withdraw it while the session is open;
another member cannot; the facilitator's moderation (edit with grouping, merge, share) keeps
working; a withdrawn shared card leaves the agora's feed; no edit silently overwrites."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from audit.models import EVENT_MODELS
from peergroups import services
from peergroups.models import Contribution, PeerSession
from tests.peergroups.factories import ContributionFactory
from transitions.models import Axis

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(peer):
    return services.contribution_create(
        session=peer.session(), author=peer.elu, kind="constraint", text="Ma première version"
    )


def _edit(card):
    return reverse("peergroups:contribution-edit", args=[card.pk])


def _withdraw(card):
    return reverse("peergroups:contribution-withdraw", args=[card.pk])


def _board(card):
    return reverse("peergroups:session-board", args=[card.session_id])


def test_the_author_edits_their_own_card_while_the_session_is_open(client, peer, card):
    client.force_login(peer.elu)
    page = client.get(_edit(card)).content.decode()
    assert "Modifier ma contribution" in page and 'name="theme"' not in page
    axis = Axis.objects.get(code="P2-a")
    response = client.post(
        _edit(card),
        {"kind": "commitment", "text": "Version revue", "axes": [axis.pk], "revision": 1},
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.kind, card.text, card.revision) == ("commitment", "Version revue", 2)
    assert list(card.axes.values_list("code", flat=True)) == ["P2-a"]


@pytest.mark.parametrize("url", [_edit, _withdraw])
def test_another_member_of_the_group_is_refused_with_the_reason(client, peer, card, url):
    client.force_login(peer.elu2)
    for response in (client.get(url(card)), client.post(url(card), {"revision": 1})):
        assert response.status_code == 403
        assert "vos propres contributions" in response.content.decode()
    card.refresh_from_db()
    assert card.text == "Ma première version"


@pytest.mark.parametrize("url", [_edit, _withdraw])
def test_the_author_cannot_touch_their_card_after_the_session_closed(client, peer, card, url):
    PeerSession.objects.filter(pk=card.session_id).update(status="closed")
    client.force_login(peer.elu)
    response = client.post(url(card), {"kind": "constraint", "text": "Trop tard", "revision": 1})
    assert response.status_code == 403
    assert Contribution.objects.get(pk=card.pk).text == "Ma première version"


def test_a_close_between_page_and_save_is_refused_by_the_service(peer, card):
    PeerSession.objects.filter(pk=card.session_id).update(status="closed")
    stale_view = Contribution.objects.get(pk=card.pk)
    stale_view.session.status = "open"  # the page was loaded while it was open
    with pytest.raises(Exception, match="vos propres contributions"):
        services.contribution_withdraw(contribution=stale_view, author=peer.elu, revision=1)
    assert Contribution.objects.filter(pk=card.pk).exists()


def test_the_facilitator_still_edits_with_the_grouping(client, peer, card):
    client.force_login(peer.facilitator)
    page = client.get(_edit(card)).content.decode()
    assert 'name="theme"' in page
    response = client.post(
        _edit(card), {"kind": "constraint", "text": "Reformulée", "theme": "Temps", "revision": 1}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.text, card.theme) == ("Reformulée", "Temps")
    # The facilitator moderates; withdrawing is the author's alone.
    assert client.post(_withdraw(card), {"revision": 2}).status_code == 403


def test_an_author_edit_from_a_stale_page_never_overwrites_the_facilitators(client, peer, card):
    services.contribution_update(
        contribution=card,
        revision=1,
        kind="constraint",
        text="Reformulée par l'animation",
        target_category="",
        theme="",
        axes=[],
    )
    client.force_login(peer.elu)
    response = client.post(
        _edit(card), {"kind": "constraint", "text": "Ma retouche", "revision": 1}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "modifiée entre-temps" in body and "Reformulée par l&#x27;animation" in body
    card.refresh_from_db()
    assert card.text == "Reformulée par l'animation"
    # "Keep mine" sends again from the version now shown.
    assert re.search(r'name="revision" value="2"', body)
    assert (
        client.post(
            _edit(card), {"kind": "constraint", "text": "Ma retouche", "revision": 2}
        ).status_code
        == 302
    )


def test_a_withdrawal_from_a_stale_page_asks_again(client, peer, card):
    services.contribution_set_flag(contribution=card, flag="shared", value=True)
    client.force_login(peer.elu)
    response = client.post(_withdraw(card), {"revision": 1})
    assert response.status_code == 409
    assert "rien n'a été retiré" in response.content.decode()
    assert Contribution.objects.filter(pk=card.pk).exists()


def test_duplicates_merged_into_a_withdrawn_card_come_back_on_their_own(client, peer, card):
    duplicate = ContributionFactory(session=peer.session(), author=peer.elu2, text="Un doublon")
    services.contribution_merge(contribution=duplicate, into=card)
    client.force_login(peer.elu)
    assert client.post(_withdraw(card), {"revision": 1}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    board = client.get(_board(card)).content.decode()
    assert f'id="card-{duplicate.pk}"' in board


def test_the_audit_history_keeps_the_edit_and_the_withdrawal(client, peer, card):
    events = EVENT_MODELS["peergroups.Contribution"].objects.filter(pgh_obj_id=card.pk)
    client.force_login(peer.elu)
    client.post(_edit(card), {"kind": "constraint", "text": "Revue", "revision": 1})
    client.post(_withdraw(card), {"revision": 2})
    assert list(events.order_by("pgh_id").values_list("pgh_label", flat=True)) == [
        "insert",
        "update",
        "delete",
    ]


def test_the_board_offers_edit_and_withdraw_on_the_viewers_own_cards_only(client, peer, card):
    other = ContributionFactory(session=peer.session(), author=peer.elu2, text="Pas la mienne")
    client.force_login(peer.elu)
    board = client.get(_board(card)).content.decode()
    assert _withdraw(card) in board and _edit(card) in board
    assert _withdraw(other) not in board and _edit(other) not in board


def test_the_axes_picker_is_grouped_checkboxes_by_principle(client, peer):
    client.force_login(peer.elu)
    board = client.get(reverse("peergroups:session-board", args=[peer.session().pk]))
    body = board.content.decode()
    picker = body[body.index("data-axis-picker") :]
    picker = picker[: picker.index("</div>")]
    assert picker.count('<fieldset class="axis-group">') == 4
    assert picker.count('type="checkbox" name="axes"') == Axis.objects.count() == 33
    assert "<legend>P1 · " in picker and "<select" not in picker
    # The filter box is there for the script to reveal; the page works without it.
    assert "data-axis-filter" in picker and "hidden" in picker


def test_the_server_refuses_an_axis_outside_the_referential(client, peer):
    client.force_login(peer.elu)
    url = reverse("peergroups:contribution-create", args=[peer.session().pk])
    response = client.post(url, {"kind": "constraint", "text": "Avec un axe", "axes": ["999999"]})
    assert response.status_code == 400
    assert "n&#x27;existe pas dans le référentiel" in response.content.decode()
    assert not Contribution.objects.filter(text="Avec un axe").exists()


@pytest.mark.parametrize("url", [_edit, _withdraw])
def test_an_empty_post_says_what_is_missing_and_changes_nothing(client, peer, card, url):
    client.force_login(peer.elu)
    response = client.post(url(card), {})
    assert response.status_code == 400
    assert Contribution.objects.get(pk=card.pk).text == "Ma première version"
