"""Territories: validated by kind, French errors beside the field, nothing saved on error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from territories.models import Delegation, Territory
from territories.validators import luhn_valid
from tests.factories import CohortFactory, DelegationFactory, MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Val-Fleuri",
    "kind": "commune",
    "code": "2a004",
    "population": "1700",
    "region": "COR",
    "geography": "rural",
    "maturity": "beginner",
    "ess_integration": "low",
    "political_label": "",
}


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def facilitator(client, cohort):
    user = MembershipFactory(cohort=cohort, role="facilitator").user
    client.force_login(user)
    return user


def field_errors(response, name: str) -> list[str]:
    return response.context["form"].errors.get(name, [])


def test_a_facilitator_creates_a_commune_with_a_corsican_insee_code(client, facilitator):
    response = client.post(reverse("territories:territory-create"), VALID)
    territory = Territory.objects.get()
    assert response["Location"] == reverse("territories:territory-detail", args=[territory.pk])
    assert territory.code == "2A004"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "5901"}, "code", "Le code INSEE d'une commune compte 5 caractères"),
        ({"code": "2C004"}, "code", "Le code INSEE d'une commune compte 5 caractères"),
        ({"kind": "ca", "code": "24590901"}, "code", "exactement 9 chiffres"),
        ({"kind": "cc", "code": "245909016"}, "code", "clé de contrôle"),
        ({"population": "-5"}, "population", "négative"),
        ({"region": "XXX"}, "region", "Sélectionnez un choix valide"),
        ({"name": ""}, "name", "Ce champ est obligatoire"),
    ],
)
def test_a_bad_value_is_a_french_error_beside_the_field_and_nothing_is_saved(
    client, facilitator, changes, field, message
):
    response = client.post(reverse("territories:territory-create"), VALID | changes)
    assert response.status_code == 200
    errors = " ".join(field_errors(response, field))
    assert message.replace("’", "'") in errors.replace("’", "'"), errors
    assert 'class="field field-error"' in response.content.decode()
    assert not Territory.objects.exists()


def test_a_grouping_with_a_valid_siren_is_accepted(client, facilitator):
    assert luhn_valid("245909015")
    client.post(
        reverse("territories:territory-create"),
        VALID | {"kind": "cu", "code": "245909015", "population": "108000"},
    )
    assert Territory.objects.get().kind == "cu"


def test_the_same_official_code_twice_is_refused_beside_the_field(client, facilitator):
    TerritoryFactory(kind="commune", code="59350")
    response = client.post(reverse("territories:territory-create"), VALID | {"code": "59350"})
    assert "porte déjà ce code" in " ".join(field_errors(response, "code"))
    assert Territory.objects.count() == 1


def test_an_edit_with_a_bad_code_changes_nothing(client, cohort, facilitator):
    territory = TerritoryFactory(name="Avant", code="59350")
    DelegationFactory(cohort=cohort, territory=territory)
    url = reverse("territories:territory-update", args=[territory.pk])
    token = client.get(url).context["form"].initial["fingerprint"]
    data = VALID | {"name": "Après", "code": "ABCDE", "region": "HDF", "fingerprint": token}
    response = client.post(url, data)
    assert field_errors(response, "code")
    territory.refresh_from_db()
    assert territory.name == "Avant"


def test_concurrent_territory_edits_never_silently_overwrite(client, cohort, facilitator):
    territory = TerritoryFactory(name="Avant", code="59350")
    DelegationFactory(cohort=cohort, territory=territory)
    url = reverse("territories:territory-update", args=[territory.pk])
    token = client.get(url).context["form"].initial["fingerprint"]
    Territory.objects.filter(pk=territory.pk).update(population=999)
    response = client.post(url, VALID | {"code": "59350", "fingerprint": token})
    assert "Quelqu&#x27;un d&#x27;autre a modifié" in response.content.decode()
    territory.refresh_from_db()
    assert (territory.name, territory.population) == ("Avant", 999)


def test_a_facilitator_adds_territories_to_their_cohort_once(client, cohort, facilitator):
    territory = TerritoryFactory(name="Nouveau")
    url = reverse("territories:delegation-create", args=[cohort.pk])
    assert client.post(url, {"territory": territory.pk}).status_code == 302
    assert Delegation.objects.filter(cohort=cohort, territory=territory).exists()
    response = client.post(url, {"territory": territory.pk})
    assert "Choisissez un territoire de la liste" in response.content.decode()
    assert Delegation.objects.filter(cohort=cohort).count() == 1


def test_the_territory_list_filters_by_kind_and_region(client, facilitator):
    TerritoryFactory(name="Lille-sur-Mer", region="HDF")
    TerritoryFactory(name="Tours-les-Bains", region="CVL", code="37261")
    content = client.get(reverse("territories:territory-list"), {"region": "CVL"}).content.decode()
    assert "Tours-les-Bains" in content and "Lille-sur-Mer" not in content
