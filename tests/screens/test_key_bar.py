"""KeyBar, the footer: the shown keys of the screen in front, one per action; clicks press them."""
from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from screens.widgets.key_bar import KeyBar
from tests.screens.helpers import run


class Keys(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open file"),
        Binding("o", "open", "Open again"),  # a second key for the same action: listed once
        Binding("d", "discharge", "Discharge"),
        Binding("x", "secret", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self.discharge_allowed = True

    def compose(self):
        yield KeyBar()

    def action_open(self) -> None:
        self.done.append("open")

    def action_discharge(self) -> None:
        self.done.append("discharge")

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "discharge" and not self.discharge_allowed else True


class KeysApp(App):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


@run
async def test_lists_each_shown_action_once_in_the_footers_words():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith(" ⏎ Open file  d Discharge ") or text.startswith(" enter Open file  d Discharge ")
        assert "Open again" not in text and "Hidden" not in text


@run
async def test_a_disabled_key_is_dimmed_and_a_click_on_it_only_rings():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        screen = app.screen
        redrawn = []
        original = screen.query_one(KeyBar).refresh
        screen.query_one(KeyBar).refresh = lambda *a, **k: redrawn.append(1) or original(*a, **k)
        screen.discharge_allowed = False
        screen.refresh_bindings()
        await pilot.pause()
        assert redrawn  # the bindings changed: the bar draws again
        line = screen.query_one(KeyBar).render()
        start = line.plain.index("Discharge")
        assert any(span.start <= start < span.end and "dim" in str(span.style) for span in line.spans)
        bar = screen.query_one(KeyBar)
        d_span = next(s for s in bar.spans if s.key == "d")
        await pilot.click(KeyBar, offset=(d_span.start + 1, 0))
        assert "discharge" not in screen.done


@run
async def test_a_click_on_a_key_presses_it():
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        bar.render()
        d_span = next(s for s in bar.spans if s.key == "d")
        await pilot.click(KeyBar, offset=(d_span.start + 1, 0))
        await pilot.pause()
        assert app.screen.done == ["discharge"]
