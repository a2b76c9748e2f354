"""The board mounts the floors in view first and the rest one per frame (start time, issue 4)."""
from __future__ import annotations

from types import SimpleNamespace

from screens.board import BoardScreen
from screens.board_grid import floors_in_view
from tests.screens.center import actor
from tests.screens.helpers import build_app, run, screen_text, settle


def _floors(*rooms: int):
    return [SimpleNamespace(cards=[None] * n) for n in rooms]


def test_floors_in_view_counts_title_rows_and_gutters():
    # 10 rooms at 5 columns: title + 2 rows of (6 lines + gutter) = 15 lines a floor
    assert floors_in_view(_floors(10, 10, 10), columns=5, height=15) == 1
    assert floors_in_view(_floors(10, 10, 10), columns=5, height=16) == 2
    assert floors_in_view(_floors(10, 10, 10), columns=10, height=30) == 3
    assert floors_in_view(_floors(10, 10), columns=5, height=0) == 1  # not laid out yet: still one


@run
async def test_every_floor_is_mounted_after_start(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen) and len(screen.sections) == 3
        assert all(section.is_mounted for section in screen.sections)
        assert [s.floor.number for s in screen.query("FloorSection")] == [6, 7, 8]  # in floor order


@run
async def test_jump_to_a_floor_not_mounted_yet_mounts_it_and_scrolls_there(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen._rebuild(screen.board)  # as on the first show: only floor 6 fits in 24 lines
        assert not screen.sections[2].is_mounted
        screen.action_floor(8)
        await settle(pilot)
        assert screen.current_card().card.number == "801"
        assert "801 D2/26" in screen_text(app)
        assert [s.floor.number for s in screen.query("FloorSection")] == [6, 7, 8]


@run
async def test_a_live_reload_before_every_floor_is_mounted_updates_them_all(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        board = screen.board
        screen._rebuild(board)
        screen.show(board)  # same layout: updated in place, floors 7 and 8 still waiting
        await settle(pilot)
        assert all(section.is_mounted for section in screen.sections)
        assert sum(len(g.slots) for g in screen.query("FloorGrid")) == sum(len(f.rooms) for f in board.floors)
