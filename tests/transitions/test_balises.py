"""The referential is more than titles: each of the 23 balises has a description (FR and
EN) and the work axes it relates to, within the principle its dimension maps to
(DOMAIN §2.2), and together they cover every axis."""

from __future__ import annotations

import pytest
from django.urls import reverse

from transitions.models import Axis, Balise
from transitions.selectors import balise_hints

pytestmark = pytest.mark.django_db

# DOMAIN §2.2, written out here rather than read from the data under test.
DIMENSION_TO_PRINCIPLE = {
    "engagement": "P1",
    "cooperation": "P2",
    "systemic": "P3",
    "value": "P4",
}


def test_there_are_23_balises_each_with_a_description_in_both_languages():
    balises = list(Balise.objects.all())
    assert len(balises) == 23
    for balise in balises:
        assert len(balise.description_fr) > 60, balise.code
        assert len(balise.description_en) > 60, balise.code
        assert balise.description_fr != balise.title_fr
    assert len({b.description_fr for b in balises}) == 23
    assert len({b.description_en for b in balises}) == 23


def test_every_balise_relates_to_axes_of_the_principle_its_dimension_maps_to():
    for balise in Balise.objects.select_related("principle").prefetch_related("axes"):
        expected = DIMENSION_TO_PRINCIPLE[balise.code.split("-")[0]]
        assert balise.principle.code == expected, balise.code
        codes = [a.code for a in balise.axes.all()]
        assert codes, f"{balise.code} relates to no axis"
        assert all(code.startswith(f"{expected}-") for code in codes), (balise.code, codes)


def test_every_one_of_the_33_axes_is_named_by_at_least_one_balise():
    orphans = Axis.objects.filter(balises__isnull=True).values_list("code", flat=True)
    assert list(orphans) == []
    assert Axis.objects.count() == 33


def test_hints_give_the_balises_of_an_axis_from_the_process_copy_of_the_referential(
    django_assert_num_queries,
):
    p2d = Axis.objects.get(code="P2-d")
    p4i = Axis.objects.get(code="P4-i")
    balise_hints([p2d.pk])  # the first read loads the referential for this process
    with django_assert_num_queries(0):
        hints = balise_hints([p2d.pk, p4i.pk])
    assert [b.code for b in hints[p2d.pk]] == ["cooperation-1"]
    assert [b.code for b in hints[p4i.pk]] == ["value-5"]


def test_an_edited_balise_is_read_again_by_the_next_request(django_assert_num_queries):
    from transitions.selectors import referential_principles

    balise = Balise.objects.get(code="cooperation-1")
    referential_principles()
    with django_assert_num_queries(0):
        referential_principles()
    balise.title_fr = "Coopérer, autrement"
    balise.save()
    titles = {b.code: b.title_fr for p in referential_principles() for b in p.balises.all()}
    assert titles["cooperation-1"] == "Coopérer, autrement"


def test_the_referential_page_shows_descriptions_and_related_axes(client, django_user_model):
    user = django_user_model.objects.create_user("lectrice@example.org", "x")
    client.force_login(user)
    html = client.get(reverse("transitions:referential")).content.decode()
    balise = Balise.objects.get(code="cooperation-1")
    assert balise.description_fr in html.replace("&#x27;", "'")
    assert 'id="cooperation-1"' in html and 'href="#cooperation-1"' in html
    assert "Axes liés" in html


def test_the_referential_page_shows_english_descriptions_when_asked(client, django_user_model):
    user = django_user_model.objects.create_user("reader@example.org", "x")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("transitions:referential")).content.decode()
    balise = Balise.objects.get(code="value-1")
    assert balise.description_en in html.replace("&#x27;", "'")
    assert balise.description_fr not in html
