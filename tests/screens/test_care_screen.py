"""CareScreen: a screen popped (lock, home) while its load worker runs takes the late result quietly."""
from __future__ import annotations

from textual.widgets import Static

from screens.base import CareScreen
from tests.screens.center import actor
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
