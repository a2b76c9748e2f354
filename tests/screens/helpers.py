"""Pilot helpers: wait for screens to load, read the screen as plain text."""
from __future__ import annotations


async def settle(pilot, rounds: int = 3) -> None:
    """Let mounts, thread workers and the refresh after them finish."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows, one line per row (wide characters count once)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def run(coro_fn):
    """Run an async Pilot test body with asyncio (the suite has no async pytest plugin)."""
    import asyncio
    import functools

    @functools.wraps(coro_fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(coro_fn(*args, **kwargs))
    return wrapper


def build_app(clock, lang: str = "en", actor=None, **config):
    from tui.app import make_app
    from tui.config import Config

    return make_app(None, clock=clock, lang=lang, config=Config(**config), actor=actor)
