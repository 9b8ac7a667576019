"""Personal-data rights (RGPD): a person downloads everything as JSON; asks for erasure;
a facilitator of their cohort (or staff) confirms; every trace goes or is anonymised."""

from __future__ import annotations

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import EVENT_MODELS
from diagnostics.models import Answer
from peergroups.models import Contribution
from research.selectors import corpus
from tests.research.factories import research_scene
from transitions import personal_data
from transitions.models import ErasureRequest, Invitation, Membership, User

pytestmark = pytest.mark.django_db


def test_every_model_with_a_foreign_key_to_the_user_is_exported_or_erased():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    registry = personal_data.registered()
    uncovered = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue  # no table of its own (pghistory's aggregate views)
        if not any(
            f.concrete and f.is_relation and f.related_model is user_model
            for f in model._meta.get_fields()
        ):
            continue
        entry = registry.get(model._meta.label)
        if entry is None or (entry.export is None and entry.erase is None):
            uncovered.append(model._meta.label)
    assert uncovered == []
    print(f"personal data: {len(registry)} models registered")


@pytest.fixture
def scene(world):
    return research_scene(world)


def test_a_person_downloads_all_their_data_as_json(client, scene):
    client.force_login(scene.elu)
    response = client.get(reverse("transitions:profile-data-export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == scene.elu.email
    texts = [row.get("text") for row in data["data"]["peergroups.Contribution"]]
    assert "Ce qui reste entre élus : parole non partagée" in texts
    assert data["data"]["diagnostics.Answer"][0]["respondent_id"] == scene.elu.pk
    assert [m["cohort_id"] for m in data["data"]["transitions.Membership"]] == [scene.cohort.pk]
    # Only theirs: another member's contribution is not in it.
    assert "Parole d'une personne sans consentement" not in response.content.decode()


def test_the_download_lists_the_authenticator_app_but_never_its_secret(client, world):
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=world.facilitator, type="totp")
    client.force_login(world.facilitator)
    response = client.get(reverse("transitions:profile-data-export"))
    assert response.status_code == 200
    rows = json.loads(response.content)["data"]["mfa.Authenticator"]
    assert [row["id"] for row in rows if row["type"] == "totp"] == [authenticator.pk]
    assert all("data" not in row for row in rows)
    assert authenticator.data["secret"] not in response.content.decode()


def test_a_facilitator_confirms_an_erasure_and_every_trace_goes_or_is_anonymised(scene):
    elu = scene.elu
    email = elu.email
    name = elu.full_name
    Invitation.objects.create(
        cohort=scene.cohort,
        email=email,
        role="participant",
        invited_by=scene.facilitator,
        token="jeton-de-test",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    person = Client()
    person.force_login(elu)
    assert person.post(reverse("transitions:profile-erasure-request")).status_code == 302
    assert ErasureRequest.objects.filter(user=elu, done_at__isnull=True).exists()
    assert any(str(elu.pk) == s.get_decoded().get("_auth_user_id") for s in Session.objects.all())
    segments_before = [s for s in corpus(scene.cohort) if s.author_id == elu.pk]
    assert segments_before  # consenting: in the research corpus until erased

    facilitator = Client()
    facilitator.force_login(scene.facilitator)
    listing = facilitator.get(reverse("transitions:erasure-list")).content.decode()
    assert email in listing
    erasure = ErasureRequest.objects.get(user=elu)
    response = facilitator.post(reverse("transitions:erasure-confirm", args=[erasure.pk]))
    assert response.status_code == 302

    elu.refresh_from_db()
    assert elu.erased_at and not elu.is_active and not elu.has_usable_password()
    assert elu.full_name == "" and email != elu.email
    assert str(elu) == "ancien·ne participant·e"
    assert not Membership.objects.filter(user=elu).exists()  # research consent ends with it
    assert not EmailAddress.objects.filter(user=elu).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not any(
        str(elu.pk) == s.get_decoded().get("_auth_user_id") for s in Session.objects.all()
    )
    assert not EVENT_MODELS["transitions.Membership"].objects.filter(user_id=elu.pk).exists()
    # The group's work stays, attributed to a former participant of its category.
    kept = Contribution.objects.get(text="Ce qui reste entre élus : parole non partagée")
    assert str(kept.author) == "ancien·ne participant·e"
    answer = Answer.objects.get(pk=scene.diagnostic_answer.pk)
    assert answer.category == "ELU" and answer.text
    # Gone from research: no segment by them any more, and no trace of who they were.
    assert not [s for s in corpus(scene.cohort) if s.author_id == elu.pk]
    assert not User.objects.filter(email=email).exists()
    assert not User.objects.filter(full_name=name).exists()
    erasure.refresh_from_db()
    assert erasure.done_at and erasure.confirmed_by == scene.facilitator


@pytest.mark.parametrize("persona", ["other_facilitator", "agent_b", "elu"])
def test_only_a_facilitator_of_their_cohort_or_staff_confirms(client, scene, persona):
    erasure = personal_data.erasure_request(user=scene.elu)
    client.force_login(getattr(scene, persona))
    response = client.post(reverse("transitions:erasure-confirm", args=[erasure.pk]))
    assert response.status_code == 404
    erasure.refresh_from_db()
    assert erasure.done_at is None
    client.force_login(scene.staff)
    assert client.post(reverse("transitions:erasure-confirm", args=[erasure.pk])).status_code == 302
