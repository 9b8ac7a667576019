from __future__ import annotations

import pytest

from tests.diagnostics.factories import diagnostic_world


@pytest.fixture
def world(db):
    return diagnostic_world()
