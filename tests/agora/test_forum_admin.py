"""The forum admin attributes cards to tables, never to a person: no writer, no anchor
or rapporteur shown, and no search or filter singles them out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agora import services
from agora.models import CafeTable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RAPPORTEUR = "Agnès Agent"  # world.agent_a, rapporteur of table 1
ANCHOR = "Paulette Présente"  # anchor of table 1


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def card(cafe, world):
    return services.card_add(
        table=cafe["tables"][0],
        cafe_round=cafe["round"],
        kind="key_idea",
        text="Un marché de producteurs mensuel.",
        user=world.agent_a,
    )


def test_every_forum_model_has_an_admin_page(staff, card):
    for model in ("forum", "participant", "cafetable", "caferound", "card", "opportunity"):
        assert staff.get(reverse(f"admin:agora_{model}_changelist")).status_code == 200


def test_a_card_and_its_table_show_neither_writer_nor_anchor_nor_rapporteur(staff, card):
    table = CafeTable.objects.get(pk=card.table_id)
    pages = [
        reverse("admin:agora_card_changelist"),
        reverse("admin:agora_card_change", args=[card.pk]),
        reverse("admin:agora_cafetable_changelist"),
        reverse("admin:agora_cafetable_change", args=[table.pk]),
    ]
    for page in pages:
        html = staff.get(page).content.decode()
        assert RAPPORTEUR not in html and ANCHOR not in html, page
    assert "Un marché de producteurs mensuel." in staff.get(pages[0]).content.decode()
    detail = staff.get(pages[1]).content.decode()
    assert 'name="written_by"' not in detail


def test_no_filter_on_a_card_s_writer_or_a_table_s_people_is_accepted(staff, world, card):
    table = CafeTable.objects.get(pk=card.table_id)
    cards = reverse("admin:agora_card_changelist")
    for param, value in [
        ("written_by", world.agent_a.pk),
        ("written_by__id__exact", world.agent_a.pk),
        ("table__rapporteur", world.agent_a.pk),
        ("table__anchor", table.anchor_id),
    ]:
        assert staff.get(cards, {param: value}).status_code == 400, param
    tables = reverse("admin:agora_cafetable_changelist")
    for param, value in [("anchor", table.anchor_id), ("rapporteur", world.agent_a.pk)]:
        assert staff.get(tables, {param: value}).status_code == 400, param
    assert "Un marché" not in staff.get(cards, {"q": "Agnès"}).content.decode()
