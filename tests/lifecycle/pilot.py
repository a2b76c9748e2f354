"""Pilot helpers shared by the lifecycle screen tests: wait for workers, open a form, type, read errors."""
from __future__ import annotations

import asyncio

from textual.widgets import Static

from screens.forms.base import FormScreen


async def settle(pilot):
    """Until no worker runs (loads, saves), then one more frame."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        await pilot.pause()
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive reload replaced an older one while waiting: wait again
            continue
        await asyncio.sleep(0.01)
        if not any(w.is_running for w in pilot.app.workers):
            break
    await pilot.pause()


async def open_form(pilot, name, **kw):
    await settle(pilot)
    pilot.app.show_screen(name, **kw)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for _ in range(200):  # a staff box's directory (read in a worker) is in before the test types
        if form.staff_directory is not None or not form.query(".staff-box"):
            break
        await pilot.pause(0.01)
    return form


async def type_text(pilot, text):
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def error_of(screen, key):
    """The reason shown under field `key`."""
    return str(screen.query_one(f"#e-{key}", Static).render())


def form_error(screen):
    """The refusal shown above the buttons."""
    return str(screen.query_one("#form-error", Static).render())


def info_of(screen):
    return str(screen.query_one("#form-info", Static).render())
