"""Core objects the parcours tests add to the shared persona world (tests/factories.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone


def meeting_for(world):
    """A peer session planned in three days in cohort A's peer-groups stage."""
    from transitions.models import Meeting

    return Meeting.objects.create(
        stage=world.cohort.stages.get(kind="peer_groups"),
        kind="peer_session",
        title="Séance 1",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Salle du conseil",
    )


def invitation_for(world):
    """A pending invitation of an élue to delegation A."""
    from transitions.services import invitation_create

    return invitation_create(
        cohort=world.cohort,
        email="invitee@exemple.fr",
        full_name="Invitée",
        role="participant",
        category="ELU",
        delegation=world.delegation_a,
        invited_by=world.facilitator,
    )


def subgroup_for(world):
    """A thematic learning-community subgroup of cohort A holding delegation A only."""
    from transitions.services import subgroup_create

    return subgroup_create(
        cohort=world.cohort,
        name="Alimentation",
        basis="theme",
        delegations=[world.delegation_a],
    )


def subgroup_meeting_for(world):
    """A workshop of that subgroup in cohort A's inspiration stage."""
    from transitions.services import meeting_create

    return meeting_create(
        stage=world.cohort.stages.get(kind="inspiration"),
        kind="workshop",
        title="Atelier du sous-groupe",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        duration_minutes=120,
        place="En ligne",
        subgroup=subgroup_for(world),
    )


def attachment_for(meeting, *, name: str = "programme.txt", content: bytes = b"Programme"):
    from django.core.files.base import ContentFile

    from transitions.services import meeting_attachment_add

    return meeting_attachment_add(
        meeting=meeting, upload=ContentFile(content, name=name), user=None
    )
