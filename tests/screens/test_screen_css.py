"""A screen's first opening parses its own stylesheet only, in the theme of the moment (tui/app.py
_load_screen_css; Textual re-parsed every stylesheet of the app each time)."""
from __future__ import annotations

import textual.css.stylesheet as textual_stylesheet

from tests.screens.center import actor
from tests.screens.helpers import build_app, run, settle


def _count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = textual_stylesheet.parse

    def counting(scope, css, read_from, *args, **kwargs):
        parsed.append(str(read_from[0]))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return parsed


@run
async def test_opening_a_screen_parses_only_its_own_stylesheet(center, frozen_clock, monkeypatch):
    parsed = _count_parses(monkeypatch)
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any(p.endswith("board.tcss") for p in parsed)
        parsed.clear()
        app.action_help()
        await settle(pilot)
        names = [p.rsplit("/", 1)[-1] for p in parsed]
        assert "help.tcss" in names and "board.tcss" not in names and "app.py" not in names, names
        assert len(names) <= 2, names  # help.tcss and ModalScreen's own, met for the first time
        box = app.screen.query_one("#help-box")
        assert box.styles.width.value == 60 and box.styles.border_top[0] == "round"


@run
async def test_a_screen_first_opened_after_a_theme_change_takes_the_new_theme(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "carefloor-contrast"
        await settle(pilot)
        app.action_help()
        await settle(pilot)
        surface = app.get_css_variables()["surface"]
        assert app.screen.query_one("#help-box").styles.background.hex.lower() == surface.lower()[:7]
