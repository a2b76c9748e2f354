"""Async Pilot tests in this folder run under asyncio (the suite has no async pytest plugin)."""
from __future__ import annotations

import asyncio
import inspect

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture(autouse=True)
def _quiet_generation(request, monkeypatch):
    """The small fixture center is hand-made, not generated: keep the playbook engine from
    re-planning it after each outcome (it would cancel the hand-made tasks as unscheduled).
    Tests marked `real_generation` run the engine for real; `generated` records the calls."""
    calls: list = []
    if request.node.get_closest_marker("real_generation") is None:
        from store import generate

        monkeypatch.setattr(generate, "run", lambda *a, **kw: calls.append(kw.get("guest_ids")))
    return calls


def pytest_configure(config):
    config.addinivalue_line("markers", "real_generation: outcomes re-plan the guest with the real playbook engine")
