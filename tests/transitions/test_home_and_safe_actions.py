"""The core's part of the home page (open stage and next meeting, invitations waiting)
and its safe actions: revoking an invitation and closing a stage ask first, and can be
undone from the feedback message."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import open_stage
from tests.transitions.factories import invitation_for, subgroup_for
from transitions.models import Invitation, Meeting
from transitions.services import invitation_create

pytestmark = pytest.mark.django_db


def _actions(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return [f"{a.text} | {a.detail}" for a in response.context["actions"]]


def _meeting(world, title, *, subgroup=None, kind_stage="diagnostic"):
    return Meeting.objects.create(
        stage=world.cohort.stages.get(kind=kind_stage),
        kind="workshop",
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Mairie",
        subgroup=subgroup,
    )


def test_a_member_sees_the_open_stage_and_its_next_meeting(client, world):
    open_stage(world.cohort, "diagnostic")
    _meeting(world, "Atelier diagnostic")
    for persona in (world.elu, world.agent_a, world.facilitator, world.researcher):
        stage = [a for a in _actions(client, persona) if a.startswith("Étape en cours")]
        assert len(stage) == 1, persona
        assert "Cohorte principale" in stage[0]
        assert "Prochaine rencontre : Atelier diagnostic" in stage[0]


def test_a_subgroups_meeting_is_announced_only_to_its_delegations(client, world):
    open_stage(world.cohort, "diagnostic")
    _meeting(world, "Atelier du sous-groupe", subgroup=subgroup_for(world))
    assert any("Atelier du sous-groupe" in a for a in _actions(client, world.agent_a))
    assert not any("Atelier du sous-groupe" in a for a in _actions(client, world.agent_b))


def test_nothing_of_another_cohort_reaches_the_home_page(client, world):
    open_stage(world.cohort, "diagnostic")
    _meeting(world, "Atelier diagnostic")
    invitation_for(world)
    actions = _actions(client, world.other_facilitator)
    assert not any("Cohorte principale" in a or "Atelier" in a for a in actions)


def test_the_facilitator_is_told_about_waiting_and_expired_invitations(client, world):
    invitation_for(world)
    late = invitation_create(
        cohort=world.cohort,
        email="tardive@exemple.fr",
        full_name="Thierry Tardif",
        role="agent",
        category="AGENT_COLLECTIVITE",
        delegation=world.delegation_b,
        invited_by=world.facilitator,
    )
    Invitation.objects.filter(pk=late.pk).update(expires_at=timezone.now())
    invites = [a for a in _actions(client, world.facilitator) if "invitations" in a]
    assert len(invites) == 1
    assert "1 invitation attend une réponse." in invites[0]
    assert "1 invitation a expiré" in invites[0]
    assert not any("invitation" in a for a in _actions(client, world.elu))


def test_an_empty_home_says_what_comes_next(client, world):
    client.force_login(world.elu)
    page = client.get("/").content.decode()
    assert "Rien ne vous attend pour l'instant." in page
    assert "L'équipe d'animation ouvrira la prochaine étape" in page


def test_revoking_an_invitation_asks_first_then_can_be_undone(client, world):
    invitation = invitation_for(world)
    client.force_login(world.facilitator)
    url = reverse("transitions:invitation-revoke", args=[world.cohort.pk, invitation.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "invitee@exemple.fr" in asked.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    response = client.post(url, {"confirme": "oui"}, follow=True)
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    page = response.content.decode()
    restore = reverse("transitions:invitation-restore", args=[world.cohort.pk, invitation.pk])
    assert "L&#x27;invitation de Invitée a été révoquée" in page
    assert f'action="{restore}"' in page

    response = client.post(restore, {"confirme": "oui"}, follow=True)
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert "est rétablie" in response.content.decode()


def test_a_revocation_older_than_the_restore_window_is_final(client, world):
    invitation = invitation_for(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        revoked_at=timezone.now() - datetime.timedelta(hours=Invitation.RESTORE_HOURS + 1)
    )
    client.force_login(world.facilitator)
    restore = reverse("transitions:invitation-restore", args=[world.cohort.pk, invitation.pk])
    response = client.post(restore, follow=True)
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert "envoyez-en une nouvelle" in response.content.decode()


def test_closing_a_stage_asks_first_then_can_be_reopened_from_the_message(client, world):
    stage = open_stage(world.cohort, "diagnostic")
    client.force_login(world.facilitator)
    url = reverse("transitions:stage-status", args=[world.cohort.pk, stage.pk])
    asked = client.post(url, {"status": "closed"})
    assert asked.status_code == 200 and "Clore l&#x27;étape" in asked.content.decode()
    stage.refresh_from_db()
    assert stage.status == "open"

    response = client.post(url, {"status": "closed", "confirme": "oui"}, follow=True)
    stage.refresh_from_db()
    assert stage.status == "closed"
    page = response.content.decode()
    assert f'action="{url}"' in page and 'name="status" value="open"' in page

    client.post(url, {"status": "open", "confirme": "oui"})
    stage.refresh_from_db()
    assert stage.status == "open"


def test_opening_a_stage_needs_no_confirmation(client, world):
    stage = world.cohort.stages.get(kind="diagnostic")
    client.force_login(world.facilitator)
    client.post(
        reverse("transitions:stage-status", args=[world.cohort.pk, stage.pk]), {"status": "open"}
    )
    stage.refresh_from_db()
    assert stage.status == "open"
