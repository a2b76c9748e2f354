"""A small deterministic center in a temp-file SQLite database (see center.py)."""
from __future__ import annotations

import pytest

from tests.screens.center import build_center


@pytest.fixture
def center(sqlite_store):
    """Guest ids by room number, in an open database holding the fixture center."""
    return build_center()
