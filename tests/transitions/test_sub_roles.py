"""Sub-roles: reference data valid per category, set on invitation and membership edit,
shown next to the category."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from transitions import services
from transitions.concurrency import fingerprint
from transitions.models import (
    MEMBERSHIP_FIELDS,
    SUB_ROLES_BY_CATEGORY,
    ActorCategory,
    Membership,
    SubRole,
)

pytestmark = pytest.mark.django_db


def test_every_sub_role_belongs_to_a_category_and_the_seed_lists_are_all_there():
    listed = {s for subs in SUB_ROLES_BY_CATEGORY.values() for s in subs}
    assert listed == set(SubRole.values)
    assert set(SUB_ROLES_BY_CATEGORY[ActorCategory.ELU]) == {
        "maire",
        "adjoint",
        "conseiller_delegue",
        "vice_president",
    }


def test_an_invitation_with_a_sub_role_of_another_category_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            cohort=world.cohort,
            email="x@exemple.fr",
            full_name="X",
            role="participant",
            category="ELU",
            sub_role="dgs",
            delegation=world.delegation_a,
            invited_by=world.facilitator,
        )
    assert "ne correspond pas" in " ".join(error.value.messages)


def test_the_sub_role_of_an_invitation_becomes_the_members(world):
    invitation = services.invitation_create(
        cohort=world.cohort,
        email="maire@exemple.fr",
        full_name="Mme la Maire",
        role="participant",
        category="ELU",
        sub_role="maire",
        delegation=world.delegation_a,
        invited_by=world.facilitator,
    )
    from tests.factories import UserFactory

    user = UserFactory(email="maire@exemple.fr")
    membership = services.invitation_accept(
        invitation=invitation, user=user, research_consent=False
    )
    assert membership.sub_role == "maire"
    assert membership.category_with_sub_role == "Élu·e (Maire)"


def test_the_facilitator_edits_a_members_sub_role_and_the_list_shows_it(client, world):
    membership = Membership.objects.get(user=world.socio, cohort=world.cohort)
    url = reverse("transitions:membership-update", args=[world.cohort.pk, membership.pk])
    client.force_login(world.facilitator)
    token = fingerprint(membership, MEMBERSHIP_FIELDS)
    response = client.post(
        url, {"category": "ACTEUR_SOCIO_ECONOMIQUE", "sub_role": "maire", "fingerprint": token}
    )
    assert response.status_code == 400
    assert "ne correspond pas" in response.content.decode()
    response = client.post(
        url,
        {"category": "ACTEUR_SOCIO_ECONOMIQUE", "sub_role": "tete_de_reseau", "fingerprint": token},
    )
    assert response.status_code == 302
    html = client.get(reverse("transitions:member-list", args=[world.cohort.pk])).content.decode()
    assert "Acteur·rice socio-économique (Tête de réseau)" in html
    client.force_login(world.socio)
    assert client.get(url).status_code == 403
