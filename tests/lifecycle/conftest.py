"""Fixtures for the lifecycle tests: a floor of rooms and one staff member (and actor) per role."""
from __future__ import annotations

import pytest

from seeds.roles import load_roles
from store import clock
from store.models import Floor, Room, Staff
from store.permissions import permissions_for
from store.writes import Actor


@pytest.fixture
def center(store):
    """Rooms 601-605 vacant, staff of every role; returns {role: Actor}."""
    floor = Floor.create(number=6)
    for n in range(1, 6):
        Room.create(floor=floor, number=f"60{n}")
    actors = {}
    for i, role in enumerate(sorted(load_roles())):
        staff = Staff.create(number=f"S{i}", name=f"{role}-name", role=role, created_at=clock.now())
        actors[role] = Actor(staff.id, staff.name, role, "pts/1", permissions_for(role))
    return actors


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Async Pilot tests here run under asyncio (the suite has no async pytest plugin)."""
    import asyncio
    import inspect

    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture
def sqlite_only(request):
    """Screen tests run once, on SQLite: the store's own tests cover both backends."""
    if "pg" in request.node.name:
        pytest.skip("screens: one backend is enough")
