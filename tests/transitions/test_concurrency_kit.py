"""The one optimistic-concurrency kit (transitions.concurrency): the stale exception
carries the row as saved now, the differences helper compares saved and typed values per
field with the form's labels, and the one partial shows them with both ways out."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string

from tests.factories import CohortFactory
from transitions.concurrency import (
    StaleChoice,
    StaleEdit,
    check_fresh,
    differences,
    fingerprint,
    refused_edit,
)
from transitions.forms import CohortForm
from transitions.models import COHORT_FIELDS, Cohort

pytestmark = pytest.mark.django_db


def _typed(cohort, **changes) -> dict:
    data = {
        "name": cohort.name,
        "year": cohort.year,
        "starts_on": cohort.starts_on or "",
        "ends_on": cohort.ends_on or "",
        "description": cohort.description,
        "fingerprint": fingerprint(cohort, COHORT_FIELDS),
    }
    return data | changes


def test_the_stale_exception_carries_the_row_as_saved_now():
    cohort = CohortFactory(name="Avant")
    loaded = fingerprint(cohort, COHORT_FIELDS)
    Cohort.objects.filter(pk=cohort.pk).update(name="Renommée par une collègue")
    saved = Cohort.objects.get(pk=cohort.pk)
    with pytest.raises(StaleEdit) as stale:
        check_fresh(saved, COHORT_FIELDS, loaded)
    assert stale.value.current is saved
    assert stale.value.current.name == "Renommée par une collègue"


def test_a_fresh_row_passes_the_check():
    cohort = CohortFactory()
    check_fresh(cohort, COHORT_FIELDS, fingerprint(cohort, COHORT_FIELDS))


def test_differences_list_each_changed_field_with_its_label_saved_and_typed_values():
    cohort = CohortFactory(name="Avant", year=2026, description="")
    form = CohortForm(
        _typed(cohort, name="Ma cohorte", ends_on="2026-12-31", description=""),
        instance=Cohort.objects.get(pk=cohort.pk),
    )
    assert form.is_valid(), form.errors
    saved = {"name": "Leur cohorte", "year": 2026, "starts_on": None, "ends_on": None}
    rows = differences(form, saved | {"description": None})
    # An empty column and a blank field are the same: no row for the description.
    assert rows == [
        {"label": form.fields["name"].label, "saved": "Leur cohorte", "mine": "Ma cohorte"},
        {"label": form.fields["ends_on"].label, "saved": "—", "mine": "31 décembre 2026"},
    ]


def test_an_edit_page_gets_the_typed_values_back_on_the_saved_fingerprint():
    cohort = CohortFactory(name="Avant")
    form = CohortForm(_typed(cohort, name="Ma cohorte"), instance=cohort)
    assert form.is_valid()
    Cohort.objects.filter(pk=cohort.pk).update(name="Leur cohorte")
    current = Cohort.objects.get(pk=cohort.pk)
    rebased, choice = refused_edit(form, StaleEdit(current), take_theirs_url="/edit/")
    assert rebased["name"].value() == "Ma cohorte"
    assert rebased["fingerprint"].value() == fingerprint(current, COHORT_FIELDS)
    assert [d["saved"] for d in choice.differences] == ["Leur cohorte"]


def test_the_partial_shows_the_message_the_differences_and_both_choices():
    choice = StaleChoice(
        message="Quelqu'un a enregistré entre-temps.",
        differences=[{"label": "nom", "saved": "Leur <b>nom</b>", "mine": "Mon nom"}],
        take_theirs_url="/reprendre/",
        keep_mine_name="keep_mine",
        keep_mine_value="3",
    )
    html = render_to_string("includes/stale.html", {"stale": choice})
    assert 'class="conflict errors stale-box" role="alert"' in html
    assert '<th scope="row">Nom</th><td>Leur &lt;b&gt;nom&lt;/b&gt;</td><td>Mon nom</td>' in html
    assert 'name="keep_mine" value="3"' in html
    assert 'href="/reprendre/"' in html


def test_dates_and_choices_are_shown_as_people_read_them():
    from transitions.concurrency import display
    from transitions.forms import MeetingForm

    field = MeetingForm().fields["kind"]
    value, label = field.choices[1]
    assert display(field, value) == str(label)
    assert display(None, datetime.date(2026, 3, 1)) == "1er mars 2026"
    assert display(None, "") == "—"


def test_a_stale_cohort_edit_shows_the_box_and_keeping_mine_saves_it(client):
    from django.urls import reverse

    from tests.factories import MembershipFactory

    cohort = CohortFactory(name="Avant")
    client.force_login(MembershipFactory(cohort=cohort, role="facilitator").user)
    url = reverse("transitions:cohort-update", args=[cohort.pk])
    token = client.get(url).context["form"].initial["fingerprint"]
    Cohort.objects.filter(pk=cohort.pk).update(name="Leur nom")
    mine = _typed(cohort, name="Mon nom", fingerprint=token)
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "<td>Leur nom</td><td>Mon nom</td>" in html
    assert "Enregistrer ma version" in html and f'href="{url}"' in html
    assert Cohort.objects.get(pk=cohort.pk).name == "Leur nom"
    # "Keep mine": the page now carries the saved row's fingerprint.
    again = response.context["form"]["fingerprint"].value()
    assert client.post(url, mine | {"fingerprint": again}).status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).name == "Mon nom"


def test_a_multiple_choice_reads_as_its_labels_joined():
    from django import forms

    from transitions.concurrency import display

    field = forms.MultipleChoiceField(choices=[("a", "Locaux"), ("b", "Subvention")])
    assert display(field, ["a", "b"]) == "Locaux, Subvention"
    assert display(field, []) == "—"
