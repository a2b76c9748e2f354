"""Build the real app over the test database, with stand-in home screens."""
from __future__ import annotations

import pytest

from tui.config import Config

STUBS = {name: f"tests.auth.stub_screens:{name.capitalize()}Stub" for name in ("board", "visits", "callbacks")}


@pytest.fixture
def stub_homes(monkeypatch):
    from tui import screens_registry

    for name, target in STUBS.items():
        monkeypatch.setitem(screens_registry.SCREENS, name, target)


def build(clock, lang: str = "en", actor=None, idle_minutes: float = 5, **config):
    from tui.app import make_app

    return make_app(None, clock=clock, lang=lang, config=Config(idle_lock_minutes=idle_minutes, **config),
                    actor=actor)


async def settle(pilot) -> None:
    """Let thread workers (PIN checks, loads) finish and their results reach the screen."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive reload replaced an older one: wait for the new one
            pass
        await pilot.pause()


def pilot_test(fn):
    """Run an async Pilot test body with asyncio (the suite has no async pytest plugin)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
