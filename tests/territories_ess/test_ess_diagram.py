"""The ESS diagram stays readable with many organisations of one relationship type."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from territories import services as ess_services
from territories.reports import DIAGRAM_MAX_BOXES, ess_diagram_svg
from territories.selectors import organisations_with_latest

pytestmark = pytest.mark.django_db


def _add(world, name: str, relation_type: str):
    return ess_services.organisation_create(
        territory=world.territory_a,
        user=world.agent_a,
        organisation={"name": name, "legal_form": "association"},
        relationship={"relation_type": relation_type, "observed_on": datetime.date(2024, 1, 1)},
    )


def _height(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))


def test_forty_organisations_of_one_type_keep_the_diagram_short_and_list_the_rest(client, world):
    few = _add(world, "Régie de quartier", "DISTANT")
    names = [f"Association {n:02d}" for n in range(1, 41)]
    for name in names:
        _add(world, name, "TRUST_PARTNERSHIP")
    organisations = organisations_with_latest(world.territory_a)
    small = ess_diagram_svg(world.territory_a, organisations_with_latest(world.territory_a)[:1])
    svg = ess_diagram_svg(world.territory_a, organisations)
    # As tall as 12 boxes, not 40: about twice the height of a one-organisation diagram.
    assert _height(svg) <= _height(small) + DIAGRAM_MAX_BOXES * 32
    assert _height(svg) < 550
    assert svg.count('class="ess-box"') == (DIAGRAM_MAX_BOXES - 1) + 1
    assert "40 organisations" in svg
    assert "+ 29 autres ci-dessous" in svg
    drawn = names[: DIAGRAM_MAX_BOXES - 1]
    for name in drawn:
        assert f">{name}</text>" in svg

    client.force_login(world.elu)
    page = client.get(reverse("territories:ess-map", args=[world.territory_a.pk])).content.decode()
    rest = re.search(r"<p id=\"ess-rest-trust_partnership\".*?</p>", page, re.S).group(0)
    assert "et aussi 29 organisations" in rest
    for name in names[DIAGRAM_MAX_BOXES - 1 :]:
        assert f">{name}</a>" in rest
    for name in drawn:
        assert name not in rest
    assert 'href="#ess-rest-trust_partnership"' in page
    assert "ess-rest-distant" not in page  # one organisation: drawn, nothing to list
    detail = reverse("territories:organisation-detail", args=[world.territory_a.pk, few.pk])
    assert f'<a href="{detail}" class="ess-box">' in page


def test_a_long_name_is_shortened_in_its_box_and_shown_whole_in_its_tooltip(world):
    long_name = "Société coopérative d'intérêt collectif des énergies du Bocage"
    _add(world, long_name, "QUASI_DELEGATION")
    svg = ess_diagram_svg(world.territory_a, organisations_with_latest(world.territory_a))
    assert (
        "<title>Société coopérative d&#x27;intérêt collectif des énergies du Bocage</title>" in svg
    )
    shortened = html.unescape(re.search(r'fill="#1d2330">([^<]*…)</text>', svg).group(1))
    assert len(shortened) <= 28 and long_name.startswith(shortened[:-1])
