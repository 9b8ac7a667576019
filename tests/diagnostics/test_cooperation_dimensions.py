"""Axis P2-d is rated on each of the three dimensions of cooperation (questionnaire
version 2): the items, the scores (axis, principle and one row per dimension), the
results page and the PDF report. Diagnostics begun on version 1 keep their single item."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from diagnostics import reports, scores
from diagnostics.models import Answer, Diagnostic, Level, Questionnaire
from diagnostics.selectors import current_questionnaire
from tests.diagnostics.factories import member
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db

DK = Level.DONT_KNOW


def _answer(diagnostic, user, category, code, level, text=""):
    Answer.objects.create(
        diagnostic=diagnostic,
        question=diagnostic.questionnaire.questions.get(code=code),
        respondent=user,
        category=category,
        level=level,
        text=text,
        updated_by=user,
    )


def test_version_2_rates_p2d_on_three_dimensions_and_keeps_every_other_item():
    v1, v2 = Questionnaire.objects.get(version=1), Questionnaire.objects.get(version=2)
    assert current_questionnaire() == v2
    p2d = list(v2.questions.filter(axis__code="P2-d").order_by("order"))
    assert [(q.code, q.cooperation_dimension) for q in p2d] == [
        ("P2-d.horizontal", "horizontal"),
        ("P2-d.vertical", "vertical"),
        ("P2-d.transversal", "transversal"),
    ]
    assert all(q.prompt_fr and q.prompt_en for q in p2d)
    assert v2.questions.filter(section="axis").count() == 35
    others = {q.code: (q.prompt_fr, q.prompt_en) for q in v1.questions.exclude(code="P2-d")}
    assert {
        q.code: (q.prompt_fr, q.prompt_en) for q in v2.questions.exclude(axis__code="P2-d")
    } == others
    # Version 1 keeps its single P2-d item.
    assert list(v1.questions.filter(axis__code="P2-d").values_list("code", flat=True)) == ["P2-d"]
    assert not v1.questions.exclude(cooperation_dimension="").exists()


def test_a_respondents_three_dimension_levels_count_once_for_the_axis():
    rows = [
        (1, "P2-d", "P2", "ELU", 2, "horizontal"),
        (1, "P2-d", "P2", "ELU", 4, "vertical"),
        (1, "P2-d", "P2", "ELU", DK, "transversal"),
        (2, "P2-d", "P2", "ACTEUR_SOCIO_ECONOMIQUE", DK, "horizontal"),
        (2, "P2-d", "P2", "ACTEUR_SOCIO_ECONOMIQUE", DK, "vertical"),
        (2, "P2-a", "P2", "ACTEUR_SOCIO_ECONOMIQUE", 1, ""),
    ]
    axis_rows, dimension_rows = scores.fold_dimensions(rows)
    assert sorted(axis_rows, key=str) == sorted(
        [
            ("P2-a", "P2", "ACTEUR_SOCIO_ECONOMIQUE", 1),
            ("P2-d", "P2", "ELU", 3.0),
            ("P2-d", "P2", "ACTEUR_SOCIO_ECONOMIQUE", DK),
        ],
        key=str,
    )
    assert len(dimension_rows) == 5


def test_scores_show_each_dimension_per_category_and_the_axis_as_their_mean(world, diagnostic):
    c = world.cohort
    elu2 = member(c, "participant", "ELU", world.delegation_a)
    socio = world.socio
    # ESS actors rate transversal cooperation lower than elected officials do.
    for user, levels in ((world.elu, (3, 2, 4)), (elu2, (1, 2, 4)), (socio, (2, 2, 0))):
        for dimension, level in zip(("horizontal", "vertical", "transversal"), levels, strict=True):
            _answer(diagnostic, user, user_category(world, user), f"P2-d.{dimension}", level)
    _answer(diagnostic, socio, "ACTEUR_SOCIO_ECONOMIQUE", "P2-a", 4)

    result = scores.diagnostic_results(diagnostic)
    assert result.dimension_axis.code == "P2-d"
    by_code = {row.item.code: row for row in result.dimensions}
    assert list(by_code) == ["horizontal", "vertical", "transversal"]
    assert by_code["horizontal"].category_mean("ELU") == 2.0
    assert by_code["transversal"].category_mean("ELU") == 4.0
    assert by_code["transversal"].category_mean("ACTEUR_SOCIO_ECONOMIQUE") == 0.0
    assert by_code["vertical"].overall.n == 3
    p2d = next(r for r in result.axes if r.item.code == "P2-d")
    # Each respondent counts once: ELU (3+2+4)/3 = 3 and (1+2+4)/3 = 7/3; socio 4/3.
    assert p2d.overall.n == 3
    assert p2d.category_mean("ELU") == pytest.approx((3 + 7 / 3) / 2)
    assert p2d.category_mean("ACTEUR_SOCIO_ECONOMIQUE") == pytest.approx(4 / 3)
    p2 = next(r for r in result.principles if r.item.code == "P2")
    assert p2.overall.n == 4  # three P2-d respondents, one P2-a answer
    assert p2.category_mean("ACTEUR_SOCIO_ECONOMIQUE") == pytest.approx((4 / 3 + 4) / 2)


def user_category(world, user) -> str:
    return "ACTEUR_SOCIO_ECONOMIQUE" if user == world.socio else "ELU"


def test_a_version_1_diagnostic_has_no_dimension_rows(world):
    from tests.factories import open_stage

    open_stage(world.cohort, "diagnostic")
    old = Diagnostic.objects.create(
        delegation=DelegationFactory(cohort=world.cohort),
        questionnaire=Questionnaire.objects.get(version=1),
    )
    _answer(old, world.elu, "ELU", "P2-d", 3)
    result = scores.diagnostic_results(old)
    assert result.dimensions == [] and result.dimension_axis is None
    p2d = next(r for r in result.axes if r.item.code == "P2-d")
    assert p2d.category_mean("ELU") == 3


def test_the_results_page_shows_the_three_dimensions(client, world, diagnostic):
    _answer(diagnostic, world.elu, "ELU", "P2-d.transversal", 3, "Avec les asso, ça avance.")
    client.force_login(world.facilitator)
    html = client.get(reverse("diagnostics:results-detail", args=[diagnostic.pk])).content
    html = html.decode()
    assert 'id="dimension-table"' in html
    for label in ("Horizontale", "Verticale", "Transversale"):
        assert label in html
    assert 'data-dimension="transversal"' in html
    assert "P2-d</strong> · transversale" in html


def test_the_report_shows_the_three_dimensions_and_quotes_them_under_p2d(world, diagnostic):
    _answer(diagnostic, world.socio, "ACTEUR_SOCIO_ECONOMIQUE", "P2-d.vertical", 1, "Tout remonte.")
    context = reports.report_context(diagnostic)
    html = render_to_string("diagnostics/pdf/report.html", context)
    assert "Dimension de la coopération" in html
    for label in ("Horizontale", "Verticale", "Transversale"):
        assert label in html
    assert "Tout remonte." in html
    assert "Acteur·rice socio-économique · verticale" in html


def test_the_filling_page_shows_each_dimension_with_the_related_balise(client, world, diagnostic):
    client.force_login(world.agent_a)
    url = reverse("diagnostics:principle-edit", args=[diagnostic.pk, 2])
    html = client.get(url).content.decode()
    assert "Dimension horizontale" in html and "Dimension transversale" in html
    assert "Avec les acteurs extérieurs à la collectivité." in html
    assert "Coopérer ne signifie pas être alignés" in html  # the balise hint of P2-d
    assert 'href="/referentiel/#cooperation-1"' in html or "#cooperation-1" in html
