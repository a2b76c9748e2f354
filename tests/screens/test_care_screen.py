"""CareScreen: a screen popped (lock, home) while its load worker runs takes the late result quietly."""
from __future__ import annotations

import threading
import time

from textual.widgets import Static

from screens.base import CareScreen
from tests.screens.center import actor
from tests.daily.app_helpers import wait_until
from tests.screens.helpers import build_app, run, settle


class TextScreen(CareScreen):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list = []

    def compose_body(self):
        yield Static("", id="text")

    def load(self):
        return "loaded"

    def show(self, data) -> None:
        self.query_one("#text", Static).update(data)
        self.shown.append(data)


@run
async def test_a_result_landing_after_the_screen_was_popped_is_dropped(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = TextScreen()
        await app.push_screen(screen)
        await settle(pilot)
        assert screen.shown == ["loaded"] and screen.loads == 1
        app.lock()
        await settle(pilot)
        # The worker checked "not cancelled" just before the screen went; its call lands now
        # (the board crashed here with NoMatches when a sign-in replaced it mid-load).
        screen._show_loaded("late")
        assert screen.shown == ["loaded"] and screen.loads == 1
        assert type(app.screen).__name__ in {"LoginScreen", "LoginUnavailableScreen"}


class SlowScreen(TextScreen):
    """Counts how many of its loads run at once."""

    def __init__(self) -> None:
        super().__init__()
        self.running = 0
        self.most_at_once = 0
        self.calls = 0
        self.guard = threading.Lock()

    def load(self):
        with self.guard:
            self.running += 1
            self.calls += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.05)
        with self.guard:
            self.running -= 1
        return "loaded"


@run
async def test_reloads_in_quick_succession_never_overlap(center, frozen_clock):
    # A refused screen logs its refusal in load(); two overlapping loads logged it twice (CI, stop 12).
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = SlowScreen()
        await app.push_screen(screen)
        for _ in range(4):
            screen.refresh_data()
        await wait_until(pilot, lambda: screen.loads >= 1, timeout=5)
        await app.workers.wait_for_complete()
        assert screen.most_at_once == 1
        assert screen.calls <= 3  # the superseded reloads that were still waiting are skipped
        assert screen.shown == ["loaded"]  # and only the newest one is shown


@run
async def test_a_save_made_on_the_screen_above_shows_when_it_closes_without_waiting_for_the_poll(center, frozen_clock):
    # CI, stop 13: a form saved, closed, and the list under it still showed the old value: it
    # waited for the next poll tick (here an hour away, so only the resume can do it).
    from store.writes import SYSTEM, write

    app = build_app(frozen_clock, actor=actor(), poll_ms=3_600_000)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        under = TextScreen()
        await app.push_screen(under)
        await wait_until(pilot, lambda: under.loads == 1)
        await app.push_screen(TextScreen())
        await settle(pilot)
        write(SYSTEM, "test.save", lambda tx: tx.record("test", 1))
        app.pop_screen()
        await wait_until(pilot, lambda: under.loads == 2, timeout=2)
        await settle(pilot)
        assert under.loads == 2  # one reload, not one for the resume and one for the change
