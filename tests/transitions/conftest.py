import pytest

from tests.transitions.factories import build_world


@pytest.fixture
def world(db):
    return build_world()
