"""Single invitations: sending, 14-day expiry, resend, revoke, accepting through allauth."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import CohortFactory, DelegationFactory, MembershipFactory, UserFactory
from transitions.models import Invitation, Membership, User
from transitions.services import invitation_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohorte Nord")


@pytest.fixture
def delegation(cohort):
    return DelegationFactory(cohort=cohort)


@pytest.fixture
def facilitator(cohort):
    return MembershipFactory(cohort=cohort, role="facilitator").user


@pytest.fixture
def invitation(cohort, delegation, facilitator):
    return invitation_create(
        cohort=cohort,
        email="nouvelle@exemple.fr",
        full_name="Nouvelle Personne",
        role="participant",
        category="AGENT_ETAT",
        delegation=delegation,
        invited_by=facilitator,
    )


def accept_url(invitation) -> str:
    return reverse("transitions:invitation-accept", args=[invitation.token])


SIGNUP = {
    "full_name": "Nouvelle Personne",
    "password1": "un-mot-de-passe-solide-9",
    "password2": "un-mot-de-passe-solide-9",
    "research_consent": "yes",
}


def test_a_facilitator_invites_a_participant_who_receives_a_link_valid_14_days(
    client, cohort, delegation, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("transitions:invitation-create", args=[cohort.pk]),
            {
                "email": "Invitee@Exemple.fr",
                "full_name": "Inès Invitée",
                "role": "participant",
                "category": "ELU",
                "delegation": delegation.pk,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "invitee@exemple.fr"
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=13, hours=23)
    assert len(mail.outbox) == 1
    assert "Cohorte Nord" in mail.outbox[0].subject
    assert f"/invitation/{invitation.token}/" in mail.outbox[0].body


def test_an_agent_invitation_without_category_or_delegation_gets_french_errors(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("transitions:invitation-create", args=[cohort.pk]),
        {"email": "x@exemple.fr", "full_name": "X", "role": "agent"},
    )
    assert response.status_code == 200
    assert "Indiquez la catégorie" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_accept_page_is_in_french_and_asks_for_research_consent(client, invitation):
    response = client.get(accept_url(invitation))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Invitation à rejoindre « Cohorte Nord »" in content
    assert "Consentement à la recherche" in content
    assert "nouvelle@exemple.fr" in content


def test_the_consent_choice_is_a_fieldset_whose_legend_asks_the_question(client, invitation):
    content = client.get(accept_url(invitation)).content.decode()
    fieldset = content[content.index('<fieldset class="field choice-group') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "<legend>" in fieldset
    assert 'type="radio"' in fieldset
    assert "checked" not in fieldset  # an explicit choice: nothing is preselected


def test_accepting_creates_a_verified_account_signed_in_with_the_consent_choice(client, invitation):
    response = client.post(accept_url(invitation), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.category) == ("participant", "AGENT_ETAT")
    assert membership.delegation == invitation.delegation
    assert membership.research_consent is True
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_consent_must_be_chosen_explicitly_and_nothing_is_created_without_it(client, invitation):
    response = client.post(accept_url(invitation), SIGNUP | {"research_consent": ""})
    assert "Choisissez explicitement oui ou non" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_mismatched_passwords_save_nothing(client, invitation):
    response = client.post(accept_url(invitation), SIGNUP | {"password2": "autre-chose-123"})
    assert "ne correspondent pas" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_an_expired_invitation_cannot_be_used_but_can_be_resent(
    client, invitation, facilitator, cohort, django_capture_on_commit_callbacks
):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.post(accept_url(invitation), SIGNUP)
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()

    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transitions:invitation-resend", args=[cohort.pk, invitation.pk]))
    assert len(mail.outbox) == 1
    client.logout()
    assert client.post(accept_url(invitation), SIGNUP).status_code == 302


def test_a_revoked_invitation_link_no_longer_works(client, invitation, facilitator, cohort):
    client.force_login(facilitator)
    client.post(
        reverse("transitions:invitation-revoke", args=[cohort.pk, invitation.pk]),
        {"confirme": "oui"},
    )
    client.logout()
    response = client.post(accept_url(invitation), SIGNUP)
    assert response.status_code == 410
    assert "annulée" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_an_accepted_invitation_cannot_be_used_twice(client, invitation):
    client.post(accept_url(invitation), SIGNUP)
    client.logout()
    response = client.get(accept_url(invitation))
    assert response.status_code == 410
    assert "déjà été acceptée" in response.content.decode()


def test_a_person_with_an_account_signs_in_then_accepts(client, invitation):
    existing = UserFactory(email="nouvelle@exemple.fr")
    response = client.get(accept_url(invitation))
    assert "Un compte existe déjà" in response.content.decode()
    client.force_login(existing)
    response = client.post(accept_url(invitation), {"research_consent": "no"})
    assert response.status_code == 302
    assert Membership.objects.get(user=existing).research_consent is False


def test_public_signup_stays_closed_outside_an_invitation(client):
    response = client.get("/accounts/signup/")
    assert "Inscriptions fermées" in response.content.decode()


def test_a_member_changes_research_consent_on_the_profile_page(client, cohort):
    membership = MembershipFactory(cohort=cohort, role="participant", research_consent=True)
    client.force_login(membership.user)
    page = client.get(reverse("transitions:profile")).content.decode()
    assert "Cohorte Nord" in page and "Vous consentez actuellement" in page
    client.post(reverse("transitions:profile"), {"cohort": cohort.pk, "research_consent": "no"})
    membership.refresh_from_db()
    assert membership.research_consent is False
    assert membership.research_consent_at is not None


def test_a_member_cannot_change_consent_in_a_cohort_they_do_not_belong_to(client, cohort):
    other = MembershipFactory(role="participant", research_consent=True)
    outsider = MembershipFactory(cohort=cohort, role="participant").user
    client.force_login(outsider)
    client.post(
        reverse("transitions:profile"), {"cohort": other.cohort_id, "research_consent": "no"}
    )
    other.refresh_from_db()
    assert other.research_consent is True


def test_the_invitation_email_link_leads_to_the_accept_page(
    client, cohort, delegation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            cohort=cohort,
            email="lien@exemple.fr",
            full_name="",
            role="researcher",
            category="",
            delegation=None,
            invited_by=None,
        )
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200


def test_a_researchers_invitation_asks_no_research_consent(client, cohort, facilitator):
    invitation = invitation_create(
        cohort=cohort,
        email="chercheuse@exemple.fr",
        full_name="Chloé Chercheuse",
        role="researcher",
        category="",
        delegation=None,
        invited_by=facilitator,
    )
    page = client.get(accept_url(invitation)).content.decode()
    assert 'name="research_consent"' not in page

    signup = {k: v for k, v in SIGNUP.items() if k != "research_consent"}
    response = client.post(accept_url(invitation), signup)

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="chercheuse@exemple.fr", cohort=cohort)
    assert membership.role == "researcher" and membership.research_consent is False
