import pytest

from tests.peergroups.factories import open_peer_groups


@pytest.fixture
def peer(world):
    """Cohort A's peer groups on the shared persona world (see PeerScene)."""
    return open_peer_groups(world)


# Transitional: these two modules are being fixed on main (messages after the
# "one stage predicate" change) and must not be edited here meanwhile; they still ask
# `world.session()`. Once main's fix lands, rewrite them to take `peer` like the other
# modules and delete this override.
_NOT_YET_ON_PEER = {"tests.peergroups.test_board", "tests.peergroups.test_services"}


@pytest.fixture
def world(world, request):
    if request.module.__name__ in _NOT_YET_ON_PEER:
        return open_peer_groups(world)
    return world
