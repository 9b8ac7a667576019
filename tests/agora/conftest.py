import pytest

from tests.factories import open_stage
from tests.peergroups.factories import peer_world


@pytest.fixture
def world(db):
    world = peer_world()
    open_stage(world.cohort, "agora")
    return world
