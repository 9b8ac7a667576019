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
