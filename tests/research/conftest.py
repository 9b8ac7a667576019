import pytest

from tests.research.factories import research_scene


@pytest.fixture
def scene(world):
    """Cohort A with texts in every source (see ResearchScene)."""
    return research_scene(world)
