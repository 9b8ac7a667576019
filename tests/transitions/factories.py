"""Factories and a shared 'world' of personas for the parcours core's tests."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import (
    CohortFactory,
    DelegationFactory,
    MembershipFactory,
    TerritoryFactory,
    UserFactory,
)

MARKER = "MARQUEUR-SECRET-A-7f3c"


@dataclass
class World:
    cohort: object
    other_cohort: object
    delegation_a: object
    delegation_b: object
    territory_a: object
    territory_b: object
    facilitator: object
    other_facilitator: object
    agent_a: object
    agent_b: object
    participant: object
    researcher: object
    staff: object
    meeting: object
    invitation: object

    def persona(self, name: str):
        return None if name == "anonymous" else getattr(self, name)


def build_world() -> World:
    from transitions.models import Meeting
    from transitions.services import invitation_create

    cohort = CohortFactory(name="Cohorte principale")
    other_cohort = CohortFactory(name="Autre cohorte")
    territory_a = TerritoryFactory(name=f"Territoire A {MARKER}", political_label=MARKER)
    territory_b = TerritoryFactory(name="Territoire B")
    delegation_a = DelegationFactory(cohort=cohort, territory=territory_a)
    delegation_b = DelegationFactory(cohort=cohort, territory=territory_b)
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    other_facilitator = MembershipFactory(cohort=other_cohort, role="facilitator").user
    agent_a = MembershipFactory(
        cohort=cohort, role="agent", category="AGENT_COLLECTIVITE", delegation=delegation_a
    ).user
    agent_b = MembershipFactory(
        cohort=cohort, role="agent", category="AGENT_COLLECTIVITE", delegation=delegation_b
    ).user
    participant = MembershipFactory(
        cohort=cohort, role="participant", category="ELU", delegation=delegation_a
    ).user
    researcher = MembershipFactory(cohort=cohort, role="researcher").user
    staff = UserFactory(is_staff=True)
    stage = cohort.stages.get(kind="peer_groups")
    from django.utils import timezone

    meeting = Meeting.objects.create(
        stage=stage,
        kind="peer_session",
        title="Séance 1",
        starts_at=timezone.now() + timezone.timedelta(days=3),
        place="Salle du conseil",
    )
    invitation = invitation_create(
        cohort=cohort,
        email="invitee@exemple.fr",
        full_name="Invitée",
        role="participant",
        category="ELU",
        delegation=delegation_a,
        invited_by=facilitator,
    )
    return World(
        cohort=cohort,
        other_cohort=other_cohort,
        delegation_a=delegation_a,
        delegation_b=delegation_b,
        territory_a=territory_a,
        territory_b=territory_b,
        facilitator=facilitator,
        other_facilitator=other_facilitator,
        agent_a=agent_a,
        agent_b=agent_b,
        participant=participant,
        researcher=researcher,
        staff=staff,
        meeting=meeting,
        invitation=invitation,
    )
