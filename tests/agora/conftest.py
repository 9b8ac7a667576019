import pytest

from tests.factories import open_stage
from tests.peergroups.factories import open_peer_groups


@pytest.fixture
def peer(world):
    """Cohort A's peer groups (first sessions open) and its agora stage open."""
    scene = open_peer_groups(world)
    open_stage(world.cohort, "agora")
    return scene
