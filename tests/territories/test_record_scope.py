"""Outside the cohorts they run, a facilitator reads only a territory's public
administrative facts (name, kind, official code, population, region); inside them, and
for staff, the whole record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import (
    CohortFactory,
    DelegationFactory,
    MembershipFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PRIVATE = {
    "political_label": "divers",
    "political_label_detail": "Divers gauche",
    "maturity": "experienced",
    "geography": "rural",
}


@pytest.fixture
def world():
    cohort_a, cohort_b = CohortFactory(name="Cohorte A"), CohortFactory(name="Cohorte B")
    own = TerritoryFactory(name="Territoire A", population=4321, **PRIVATE)
    other = TerritoryFactory(name="Territoire B", population=8765, **PRIVATE)
    DelegationFactory(cohort=cohort_a, territory=own)
    DelegationFactory(cohort=cohort_b, territory=other)
    facilitator = MembershipFactory(cohort=cohort_a, role="facilitator").user
    return cohort_a, cohort_b, own, other, facilitator


def _detail(client, territory):
    return client.get(reverse("territories:territory-detail", args=[territory.pk]))


def test_a_facilitator_sees_only_the_public_facts_of_another_cohorts_territory(client, world):
    _a, cohort_b, _own, other, facilitator = world
    client.force_login(facilitator)
    response = _detail(client, other)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Territoire B" in html and "8\u202f765" in html  # grouped as French writes it
    for label in ("Divers gauche", "Déjà expérimenté", "Maturité en transition", "Rural"):
        assert label not in html
    # Enforced in the context, not only the template: nothing private reaches it.
    record = response.context["territory"]
    assert not record.full
    assert (record.political_label, record.maturity, record.geography) == ("", "", "")
    assert record.political_label_detail == ""
    assert not hasattr(record, "ess_integration") or record.ess_integration == ""
    # No link into the other cohort.
    assert reverse("transitions:cohort-detail", args=[cohort_b.pk]) not in html


def test_their_own_cohorts_territory_shows_everything(client, world):
    cohort_a, _b, own, _other, facilitator = world
    client.force_login(facilitator)
    response = _detail(client, own)
    html = response.content.decode()
    assert response.context["territory"].full
    assert "Divers gauche" in html and "Déjà expérimenté" in html and "4\u202f321" in html
    assert reverse("transitions:cohort-detail", args=[cohort_a.pk]) in html


def test_the_directory_hides_the_geography_of_other_cohorts_territories(client, world):
    _a, _b, own, other, facilitator = world
    client.force_login(facilitator)
    response = client.get(reverse("territories:territory-list"))
    records = {t.name: t for t in response.context["territories"]}
    assert records["Territoire A"].full and records["Territoire A"].geography == "rural"
    assert not records["Territoire B"].full and records["Territoire B"].geography == ""
    assert records["Territoire B"].population == 8765


def test_a_territory_in_no_cohort_is_shown_whole_to_facilitators_who_may_enrol_it(client, world):
    *_rest, facilitator = world
    fresh = TerritoryFactory(name="Nouveau", **PRIVATE)
    client.force_login(facilitator)
    assert _detail(client, fresh).context["territory"].full


def test_staff_see_every_record_whole(client, world):
    *_rest, other, _facilitator = world
    client.force_login(UserFactory(is_staff=True))
    response = _detail(client, other)
    assert response.context["territory"].full
    assert "Divers gauche" in response.content.decode()
