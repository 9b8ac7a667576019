"""Factories and a ready-made cohort for the peer-group and agora tests."""

from __future__ import annotations

from dataclasses import dataclass

import factory

from peergroups.models import Contribution, PeerGroup, PeerSession
from peergroups.services import peer_groups_ensure
from tests.factories import CohortFactory, DelegationFactory, MembershipFactory, open_stage
from transitions.models import ActorCategory, Cohort, Membership, User


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    kind = "constraint"
    text = factory.Sequence(lambda n: f"Contribution numéro {n}")
    author = None
    anonymous = False


@dataclass
class PeerWorld:
    cohort: Cohort
    facilitator: User
    elu: User  # participant, category ELU
    elu2: User  # another ELU participant
    etat: User  # participant of another group (AGENT_ETAT)
    agent: User  # territory agent with the ELU category: not a group member
    researcher: User
    other_facilitator: User  # facilitates another cohort
    groups: dict[str, PeerGroup]

    def session(self, category: str = ActorCategory.ELU, number: int = 1) -> PeerSession:
        return self.groups[category].sessions.get(number=number)


def _member(cohort, role: str, category: str = "", delegation=None) -> User:
    return MembershipFactory(
        cohort=cohort, role=role, category=category, delegation=delegation
    ).user


def peer_world(*, open_session: bool = True) -> PeerWorld:
    cohort = CohortFactory()
    open_stage(cohort, "peer_groups")
    delegation = DelegationFactory(cohort=cohort)
    other = CohortFactory()
    world = PeerWorld(
        cohort=cohort,
        facilitator=_member(cohort, "facilitator"),
        elu=_member(cohort, "participant", ActorCategory.ELU, delegation),
        elu2=_member(cohort, "participant", ActorCategory.ELU, delegation),
        etat=_member(cohort, "participant", ActorCategory.AGENT_ETAT, delegation),
        agent=_member(cohort, "agent", ActorCategory.ELU, delegation),
        researcher=_member(cohort, "researcher"),
        other_facilitator=_member(other, "facilitator"),
        groups={},
    )
    world.groups = {g.category: g for g in peer_groups_ensure(cohort=cohort)}
    if open_session:
        for group in world.groups.values():
            PeerSession.objects.filter(group=group, number=1).update(status="open")
    assert Membership.objects.filter(cohort=cohort).count() == 6
    return world
