"""Peer-group test data, built on the shared persona world (tests/factories.py)."""

from __future__ import annotations

import factory

from peergroups.models import Contribution, PeerGroup, PeerSession
from tests.factories import World, build_world, open_stage
from transitions.models import ActorCategory


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    kind = "constraint"
    text = factory.Sequence(lambda n: f"Contribution numéro {n}")
    author = None
    anonymous = False


class PeerScene:
    """The persona world with cohort A's peer-groups stage open: its four groups exist
    (created by the stage-opened hook) and, unless asked otherwise, their first session
    is open. Every persona of the world is reachable through it (`peer.elu`)."""

    def __init__(self, world: World, groups: dict[str, PeerGroup]):
        self.world = world
        self.groups = groups

    def __getattr__(self, name: str):
        return getattr(self.world, name)

    def session(self, category: str = ActorCategory.ELU, number: int = 1) -> PeerSession:
        return self.groups[category].sessions.get(number=number)


def open_peer_groups(world: World, *, open_session: bool = True) -> PeerScene:
    open_stage(world.cohort, "peer_groups")
    groups = {g.category: g for g in PeerGroup.objects.filter(cohort=world.cohort)}
    assert len(groups) == len(ActorCategory.values)
    if open_session:
        PeerSession.objects.filter(group__in=groups.values(), number=1).update(status="open")
    return PeerScene(world, groups)


def peer_world(*, open_session: bool = True) -> PeerScene:
    """A fresh persona world with its peer groups, for tests that need a second cohort."""
    return open_peer_groups(build_world(), open_session=open_session)
