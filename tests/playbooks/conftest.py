"""Playbook tests generate far ahead of the frozen 'now' (2026-11-23 10:00 Shanghai)."""
from __future__ import annotations

import datetime as dt

import pytest

from store import generate

FAR = dt.date(2027, 8, 1)


@pytest.fixture
def gen(store):
    """Run generation through a far date (or the one given) and return the result."""
    def run(through: dt.date = FAR, **kw):
        return generate.run(through=through, **kw)
    return run
