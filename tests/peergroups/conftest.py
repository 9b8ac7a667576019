import pytest

from tests.peergroups.factories import open_peer_groups


@pytest.fixture
def peer(world):
    """Cohort A's peer groups on the shared persona world (see PeerScene)."""
    return open_peer_groups(world)
