"""The peer-group session's output is the grid (DOMAIN §3.7): rows constraints /
expectations of the other categories / expectations towards one's own category (kept
apart) / own commitments; the facilitator's cross view puts one column per category
across the four groups. Learnings are no longer a row of the grid."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from peergroups import selectors, services
from peergroups.models import Contribution
from tests.factories import build_world
from tests.peergroups.factories import ContributionFactory, open_peer_groups
from transitions.models import Axis

pytestmark = pytest.mark.django_db

ELU, AGENT, ETAT, SOCIO = "ELU", "AGENT_COLLECTIVITE", "AGENT_ETAT", "ACTEUR_SOCIO_ECONOMIQUE"


def _grid_cells(grid) -> dict[tuple[str, str], list[str]]:
    codes = [code for code, _label in grid["categories"]]
    return {
        (row["kind"], codes[index]): [c.text for c in cards]
        for row in grid["rows"]
        for index, cards in enumerate(row["cells"])
        if cards
    }


def test_the_cross_view_puts_each_card_in_its_row_and_its_groups_column(world):
    peer = open_peer_groups(world)
    ContributionFactory(session=peer.session(ELU), kind="constraint", text="Peur de l'échec")
    ContributionFactory(
        session=peer.session(SOCIO),
        kind="expectation",
        target_category=AGENT,
        text="Du temps d'agent pour nous",
    )
    ContributionFactory(session=peer.session(SOCIO), kind="self_expectation", text="Oser dire")
    ContributionFactory(session=peer.session(AGENT, 2), kind="commitment", text="Incarner")
    ContributionFactory(
        session=peer.session(ETAT), kind="constraint", text="Hors sujet", hidden=True
    )
    ContributionFactory(session=peer.session(ETAT), kind="learning", text="Ancienne carte")

    grid = selectors.cohort_grid(world.cohort)
    assert [row["kind"] for row in grid["rows"]] == [
        "constraint",
        "expectation",
        "self_expectation",
        "commitment",
    ]
    assert _grid_cells(grid) == {
        ("constraint", ELU): ["Peur de l'échec"],
        ("expectation", SOCIO): ["Du temps d'agent pour nous"],
        ("self_expectation", SOCIO): ["Oser dire"],
        ("commitment", AGENT): ["Incarner"],
    }
    assert grid["count"] == 4 and grid["legacy"] == 1
    # One session, or only what was shared with the agora.
    assert _grid_cells(selectors.cohort_grid(world.cohort, session_number=2)) == {
        ("commitment", AGENT): ["Incarner"]
    }
    assert _grid_cells(selectors.cohort_grid(world.cohort, shared_only=True)) == {}


def test_the_cross_view_is_the_facilitators_and_names_nobody(client, world):
    peer = open_peer_groups(world)
    ContributionFactory(session=peer.session(ELU), author=world.elu, text="Une contrainte d'élu")
    url = reverse("peergroups:cohort-grid", args=[world.cohort.pk])
    client.force_login(world.facilitator)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="peer-grid"' in html and "Une contrainte d&#x27;élu" in html
    assert str(world.elu) not in html
    client.force_login(world.elu)
    assert client.get(url).status_code == 403
    client.force_login(world.other_facilitator)
    assert client.get(url).status_code == 404


def test_an_expectation_towards_ones_own_category_is_kept_apart(client, world):
    peer = open_peer_groups(world)
    session = peer.session(ELU)
    with pytest.raises(ValidationError) as refused:
        services.contribution_create(
            session=session, author=world.elu, kind="expectation", text="x", target_category=ELU
        )
    assert "propre catégorie" in str(refused.value)
    client.force_login(world.elu)
    board = client.get(reverse("peergroups:session-board", args=[session.pk])).content.decode()
    # The group's own category is not offered as a target of expectations towards others.
    assert 'value="ELU"' not in board.split('name="target_category"')[1].split("</select>")[0]
    response = client.post(
        reverse("peergroups:contribution-create", args=[session.pk]),
        {"kind": "self_expectation", "text": "Être plus cohérents entre nous"},
    )
    assert response.status_code == 302
    card = Contribution.objects.get()
    assert (card.kind, card.target_category) == ("self_expectation", "")


def test_a_learning_is_no_longer_a_row_of_the_grid(client, world):
    peer = open_peer_groups(world)
    session = peer.session(ELU)
    with pytest.raises(ValidationError):
        services.contribution_create(session=session, author=world.elu, kind="learning", text="x")
    client.force_login(world.elu)
    response = client.post(
        reverse("peergroups:contribution-create", args=[session.pk]),
        {"kind": "learning", "text": "Appris"},
    )
    assert response.status_code == 400
    assert not Contribution.objects.exists()
    # Cards written before the grid stay on the board, apart, for the facilitator.
    ContributionFactory(session=session, kind="learning", text="Carte d'avant la grille")
    client.force_login(world.facilitator)
    html = client.get(reverse("peergroups:session-board", args=[session.pk])).content.decode()
    assert "Apprentissages (ancienne rubrique)" in html and "Reclasser" in html


def test_a_card_shows_the_balises_of_its_axes_as_hints(client, world):
    peer = open_peer_groups(world)
    session = peer.session(ELU)
    card = ContributionFactory(session=session, kind="constraint", text="On ne se dit rien")
    card.axes.set([Axis.objects.get(code="P2-g")])
    client.force_login(world.elu)
    html = client.get(reverse("peergroups:session-board", args=[session.pk])).content.decode()
    assert "Construire et animer des dispositifs de réflexivité" in html
    assert "Repères : les balises du référentiel" in html


def test_the_migration_moves_expectations_a_group_addressed_to_itself():
    world = build_world()
    peer = open_peer_groups(world)
    own = ContributionFactory(
        session=peer.session(SOCIO), kind="expectation", target_category=SOCIO, text="Nous"
    )
    other = ContributionFactory(
        session=peer.session(SOCIO), kind="expectation", target_category=ELU, text="Eux"
    )
    migration = importlib.import_module("peergroups.migrations.0002_grid_rows_self_expectations")
    migration.self_expectations_apart(django_apps, None)
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.kind, own.target_category) == ("self_expectation", "")
    assert (other.kind, other.target_category) == ("expectation", ELU)
