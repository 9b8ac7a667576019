from __future__ import annotations

import pytest

from tests.diagnostics.factories import open_diagnostic


@pytest.fixture
def diagnostic(world):
    """Territory A's diagnostic with the diagnostic stage open, built on the persona world.

    It is also set as `world.diagnostic`, so the modules' helpers that take the world
    find it."""
    world.diagnostic = open_diagnostic(world)
    return world.diagnostic
