"""The admin never names the author of an anonymous contribution: not in the list, not
in the detail, and no search or filter can single them out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peergroups.services import contribution_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(peer):
    """The persona world with cohort A's peer groups open (PeerScene reads as the world)."""
    return peer


@pytest.fixture
def cards(world):
    world.elu.full_name = "Zoé Secrète"
    world.elu.save(update_fields=["full_name"])
    world.elu2.full_name = "Yves Visible"
    world.elu2.save(update_fields=["full_name"])
    session = world.session()
    anonymous = contribution_create(
        session=session, author=world.elu, kind="constraint", text="Carte sans nom.", anonymous=True
    )
    named = contribution_create(
        session=session, author=world.elu2, kind="constraint", text="Carte signée."
    )
    return world, anonymous, named


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_list_and_the_detail_say_anonyme_not_the_author(staff, cards):
    world, anonymous, named = cards
    listing = staff.get(reverse("admin:peergroups_contribution_changelist")).content.decode()
    assert "Zoé Secrète" not in listing and "anonyme" in listing
    assert "Yves Visible" in listing
    detail = staff.get(
        reverse("admin:peergroups_contribution_change", args=[anonymous.pk])
    ).content.decode()
    assert "Zoé Secrète" not in detail and "anonyme" in detail
    assert 'name="author"' not in detail


def test_no_search_or_filter_singles_out_the_author(staff, cards):
    world, anonymous, named = cards
    changelist = reverse("admin:peergroups_contribution_changelist")
    assert "Carte sans nom." not in staff.get(changelist, {"q": "Zoé"}).content.decode()
    for param in ("author", "author__id__exact", "author_id", "author__full_name"):
        response = staff.get(changelist, {param: world.elu.pk})
        assert response.status_code == 400
    users = reverse("admin:transitions_user_changelist")
    response = staff.get(users, {"peer_contributions": anonymous.pk})
    assert response.status_code == 400
