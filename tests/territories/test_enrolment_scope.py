"""Enrolling a territory opens its ESS map to the cohort's facilitators: a facilitator may
enrol new territories and those of cohorts they facilitate, never another cohort's."""

import pytest
from django.urls import reverse

from territories.models import Delegation
from tests.factories import (
    CohortFactory,
    DelegationFactory,
    MembershipFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator_of_other_cohort():
    cohort = CohortFactory()
    user = UserFactory()
    MembershipFactory(user=user, cohort=cohort, role="facilitator")
    return user, cohort


def test_a_facilitator_cannot_enrol_a_territory_of_a_cohort_they_do_not_facilitate(
    client, facilitator_of_other_cohort
):
    user, own_cohort = facilitator_of_other_cohort
    foreign = DelegationFactory(territory__name="Territoire d'autrui").territory
    client.force_login(user)
    url = reverse("territories:delegation-create", args=[own_cohort.pk])
    assert "Territoire d&#x27;autrui" not in client.get(url).content.decode()
    response = client.post(url, {"territory": foreign.pk})
    assert response.status_code == 200
    assert not Delegation.objects.filter(cohort=own_cohort).exists()
    assert client.get(reverse("territories:ess-map", args=[foreign.pk])).status_code == 404


def test_a_facilitator_can_enrol_a_new_territory_or_one_of_their_own_cohorts(
    client, facilitator_of_other_cohort
):
    user, own_cohort = facilitator_of_other_cohort
    fresh = TerritoryFactory(name="Territoire neuf")
    earlier_cohort = CohortFactory()
    MembershipFactory(user=user, cohort=earlier_cohort, role="facilitator")
    known = DelegationFactory(cohort=earlier_cohort, territory__name="Territoire connu").territory
    client.force_login(user)
    url = reverse("territories:delegation-create", args=[own_cohort.pk])
    for territory in (fresh, known):
        assert client.post(url, {"territory": territory.pk}).status_code == 302
    assert Delegation.objects.filter(cohort=own_cohort).count() == 2
