"""The safe-space rule as a matrix: who sees a group's contributions, and whose names."""

import pytest
from django.urls import reverse

from peergroups import services
from peergroups.selectors import shared_contributions
from tests.peergroups.factories import ContributionFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = ["etat", "agent_a", "researcher", "other_facilitator"]
SECRET = "Texte confidentiel du groupe des élu·es"


@pytest.fixture
def secret(world, peer):
    return ContributionFactory(session=peer.session(), author=world.elu, text=SECRET)


def _pages(peer, card):
    session = peer.session()
    return [
        reverse("peergroups:group-list"),
        reverse("peergroups:group-detail", args=[session.group_id]),
        reverse("peergroups:session-board", args=[session.pk]),
        reverse("peergroups:session-refresh", args=[session.pk]),
        reverse("peergroups:contribution-edit", args=[card.pk]),
        reverse("peergroups:contribution-merge", args=[card.pk]),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_sees_no_unshared_contribution_nor_the_authors_name(
    client, world, peer, secret, who
):
    client.force_login(getattr(world, who))
    for url in _pages(peer, secret):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert SECRET not in body, url
        assert world.elu.full_name not in body, url


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_gets_404_on_the_groups_board_and_refresh(client, world, peer, secret, who):
    client.force_login(getattr(world, who))
    session = peer.session()
    assert client.get(reverse("peergroups:session-board", args=[session.pk])).status_code == 404
    assert client.get(reverse("peergroups:session-refresh", args=[session.pk])).status_code == 404


def test_an_agent_does_not_enter_the_group_of_their_own_category(client, world, peer):
    # agent_a holds the AGENT_COLLECTIVITE category through their agent seat: the group of
    # the participants of that category is still not theirs.
    session = peer.session("AGENT_COLLECTIVITE")
    ContributionFactory(session=session, author=world.collectivite, text=SECRET)
    client.force_login(world.agent_a)
    assert client.get(reverse("peergroups:session-board", args=[session.pk])).status_code == 404
    assert client.get(reverse("peergroups:session-refresh", args=[session.pk])).status_code == 404
    body = client.get(reverse("peergroups:group-list")).content.decode()
    assert SECRET not in body and world.collectivite.full_name not in body


def test_a_participant_of_category_a_posting_to_group_b_gets_404(client, world, peer):
    client.force_login(world.etat)
    url = reverse("peergroups:contribution-create", args=[peer.session().pk])
    response = client.post(url, {"kind": "constraint", "text": "intrusion"})
    assert response.status_code == 404
    assert not peer.session().contributions.exists()


@pytest.mark.parametrize("who", ["elu2", "facilitator"])
def test_group_members_and_the_cohort_facilitator_see_the_contribution(
    client, world, peer, secret, who
):
    client.force_login(getattr(world, who))
    response = client.get(reverse("peergroups:session-board", args=[peer.session().pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert world.elu.full_name in response.content.decode()


@pytest.mark.parametrize("who", ["elu", "elu2", "facilitator"])
def test_an_anonymous_contribution_names_nobody_even_inside_the_group(client, world, peer, who):
    ContributionFactory(
        session=peer.session(), author=world.elu, anonymous=True, text="Anonyme ici"
    )
    client.force_login(getattr(world, who))
    page = client.get(reverse("peergroups:session-board", args=[peer.session().pk]))
    body = page.content.decode().split('id="board"', 1)[1]  # the header names the viewer
    assert "Anonyme ici" in body
    assert world.elu.full_name not in body


def test_only_shared_contributions_leave_the_group_and_without_any_author(world, peer, secret):
    shared = ContributionFactory(session=peer.session(), author=world.elu, text="Partagée")
    services.contribution_set_flag(contribution=shared, flag="shared", value=True)
    hidden = ContributionFactory(
        session=peer.session(), author=world.elu, text="Masquée", shared=True, hidden=True
    )
    records = shared_contributions(world.cohort)
    assert [r.text for r in records] == ["Partagée"]
    assert records[0].category == "ELU"
    assert not hasattr(records[0], "author")
    assert hidden.pk not in [r.id for r in records]


def test_a_hidden_card_is_invisible_to_members_but_greyed_for_the_facilitator(client, world, peer):
    ContributionFactory(session=peer.session(), text="Hors sujet", hidden=True)
    url = reverse("peergroups:session-board", args=[peer.session().pk])
    client.force_login(world.elu2)
    assert "Hors sujet" not in client.get(url).content.decode()
    client.force_login(world.facilitator)
    assert "Hors sujet" in client.get(url).content.decode()
