import pytest

from tests.transitions.factories import invitation_for, meeting_for


@pytest.fixture
def meeting(world):
    return meeting_for(world)


@pytest.fixture
def invitation(world):
    return invitation_for(world)
