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


@run
async def test_the_home_board_is_read_before_it_is_pushed_and_read_once(center, frozen_clock, monkeypatch):
    """No empty board first: the data is in before the screen mounts, and no second read follows."""
    mounted_at_load = []
    real = BoardScreen.load

    def load(self):
        mounted_at_load.append(self.is_mounted)
        return real(self)

    monkeypatch.setattr(BoardScreen, "load", load)
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.loads == 1
        assert mounted_at_load == [False]
        assert "601" in screen_text(app)


@run
async def test_locking_while_the_home_is_read_stays_locked(center, frozen_clock, monkeypatch):
    import threading

    from screens.login import LoginScreen

    reading, release = threading.Event(), threading.Event()
    real = BoardScreen.load

    def slow(self):
        reading.set()
        release.wait(5)
        return real(self)

    monkeypatch.setattr(BoardScreen, "load", slow)
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        while not reading.is_set():
            await pilot.pause(0.01)
        app.lock()
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        assert not any(isinstance(s, BoardScreen) for s in app.screen_stack)


@run
async def test_the_filter_box_comes_after_the_first_frame_and_a_slash_before_it_still_filters(
        center, frozen_clock, monkeypatch):
    """Its mount is kept out of the start; "/zxh" typed before it is mounted waits for it."""
    real = BoardScreen._add_filter_box
    held = []

    def after_first_frame(self):
        if not held:  # the mount scheduled after the first frame has not happened yet
            held.append(self)
            return None
        return real(self)

    monkeypatch.setattr(BoardScreen, "_add_filter_box", after_first_frame)
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert held == [screen] and not screen.query("#board-filter")
        await pilot.press("slash", *"zxh")
        await settle(pilot)
        assert screen.query_text == "zxh"
        assert [c.card.number for cards in screen.visible_cards() for c in cards] == ["601"]
