"""Fixtures for handover, reports, exports and wall tests: one demo center per session, copied per test."""
from __future__ import annotations

import datetime as dt
import pytest

from store import db as store_db
from tests.centers import copy_center

DEMO_DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The postpartum demo built for 2026-11-23 (its clock stands at 07:30 local while it builds)."""
    from seeds import demo

    path = tmp_path_factory.mktemp("demo9") / "demo.db"
    demo.build(str(path), today=DEMO_DAY)
    store_db.close()
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path, frozen_clock):
    """An open copy of the demo center, the frozen clock installed (move it to travel in time)."""
    path = copy_center(demo_template, tmp_path / "demo.db")
    database = store_db.open_database(str(path))
    yield database
    store_db.close()
