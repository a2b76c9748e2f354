"""Running the app on the small daily center: signed in as a given person, frozen clock, one language."""
from __future__ import annotations

import asyncio

from screens.dialogs import drafting
from tui.app import make_app


def daily_app(center, who: str, lang: str = "en"):
    return make_app(None, lang=lang, actor=center.actor(who))


async def settle(pilot, screen=None, loads: int | None = None, timeout: float = 5.0) -> None:
    """Wait until workers are done and (optionally) the screen finished `loads` loads."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if loads is None or (screen is not None and screen.loads >= loads):
            break
        await asyncio.sleep(0.01)
    await pilot.pause()
    drafting.flush()


async def wait_until(pilot, predicate, timeout: float = 5.0) -> None:
    """Pause until `predicate()` holds (a worker's result reached the screen), then settle."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        assert loop.time() < end, "the screen never reached the expected state"
        await pilot.pause(0.02)
    await settle(pilot)


def home(pilot, cls):
    """The screen of type `cls` once it is the active one (after sign-in pushed it)."""
    screen = pilot.app.screen
    return screen if isinstance(screen, cls) else None
