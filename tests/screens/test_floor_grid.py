"""A floor's cards drawn as whole lines: column widths, rows, and what each line shows."""
from __future__ import annotations

import pytest

from screens.widgets.room_card import CARD_GUTTER, ROW_HEIGHT, column_spans
from tests.screens.center import actor
from tests.screens.helpers import build_app, run, settle


@pytest.mark.parametrize("width,columns", [(79, 5), (159, 10), (80, 5), (14, 1), (100, 7)])
def test_columns_share_the_width_with_one_gutter_between(width, columns):
    spans = column_spans(width, columns)
    widths = [end - start for start, end in spans]
    assert len(spans) == columns and spans[0][0] == 0 and spans[-1][1] == width
    assert max(widths) - min(widths) <= 1  # equal shares, the remainder spread
    assert all(b[0] - a[1] == CARD_GUTTER for a, b in zip(spans, spans[1:]))


@run
async def test_a_floor_grid_draws_its_cards_and_the_cursor_row(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = app.screen.sections[0].grid
        assert grid.size.height == 2 * ROW_HEIGHT  # ten rooms, five a row
        first = grid.render_line(0).text
        assert first.split()[0] == "601" and "605" in first and len(first) == grid.size.width
        assert grid.render_line(ROW_HEIGHT - 1).text.strip() == ""  # the gutter under a row
        cursor_style = grid.render_line(0)._segments[1].style
        other_style = grid.render_line(ROW_HEIGHT)._segments[1].style  # 606, not under the cursor
        assert cursor_style.bgcolor != other_style.bgcolor
        await pilot.press("down")  # 606: only the two rows change
        assert grid.render_line(ROW_HEIGHT)._segments[1].style.bgcolor == cursor_style.bgcolor


@run
async def test_a_theme_change_recolours_the_flags(center, frozen_clock):
    """Switching to the high-contrast theme must not leave the old theme's flag colour behind."""
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = app.screen.sections[0].grid

        def vip_colour():
            return next(s.style.color for s in grid.render_line(4)._segments if "VIP" in s.text)

        before = vip_colour()
        app.theme = "carefloor-contrast"
        await settle(pilot)
        assert vip_colour() != before
