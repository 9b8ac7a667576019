import pytest

from tests.peergroups.factories import peer_world


@pytest.fixture
def world(db):
    return peer_world()
