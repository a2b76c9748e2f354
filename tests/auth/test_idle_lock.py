"""Idle lock with time travel: any input resets it, N idle minutes lock, Ctrl+L locks at once."""
from __future__ import annotations

from textual import events

from screens.login import LoginScreen
from store import auth
from tests.auth.apps import build, pilot_test, settle, stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_staff
from tests.auth.stub_screens import VisitsStub


def _app(frozen_clock, minutes: float = 5):
    staff_id = add_staff("1001", "Li", "nurse")
    app = build(frozen_clock, actor=auth.actor_for(staff_id, "tty1"), idle_minutes=minutes)
    app.idle.check_seconds = 0.02  # check often; the clock, not the wait, decides
    return app


async def _tick(pilot) -> None:
    await pilot.pause(0.1)
    await settle(pilot)


@pilot_test
async def test_locks_after_five_idle_minutes_and_a_key_resets_the_count(sqlite_store, frozen_clock, stub_homes):
    app = _app(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, VisitsStub)
        frozen_clock.advance(minutes=4)
        await pilot.press("x")  # a key nobody binds still counts as someone being there
        frozen_clock.advance(minutes=4, seconds=59)
        await _tick(pilot)
        assert app.actor is not None and isinstance(app.screen, VisitsStub)
        frozen_clock.advance(seconds=1)
        await _tick(pilot)
        assert app.actor is None and isinstance(app.screen, LoginScreen)
        assert not any(getattr(s, "GUEST_DATA", False) for s in app.screen_stack)


@pilot_test
async def test_mouse_movement_also_counts(sqlite_store, frozen_clock, stub_homes):
    app = _app(frozen_clock, minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        frozen_clock.advance(seconds=50)
        # as the terminal driver does (Pilot's own mouse helpers skip the app and go to the screen)
        app.post_message(events.MouseMove(None, 5, 5, 1, 0, 0, False, False, False, screen_x=5, screen_y=5))
        await pilot.pause()
        frozen_clock.advance(seconds=50)
        await _tick(pilot)
        assert app.actor is not None


@pilot_test
async def test_ctrl_l_locks_at_once_and_the_next_person_signs_in(sqlite_store, frozen_clock, stub_homes):
    add_staff("M1", "Chen", "manager", pin="2468")
    app = _app(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.actor is None and isinstance(app.screen, LoginScreen)
        await pilot.press(*"M1", "enter", *"2468", "enter")
        await settle(pilot)
        assert app.actor.name == "Chen"


@pilot_test
async def test_zero_minutes_turns_the_idle_lock_off(sqlite_store, frozen_clock, stub_homes):
    app = _app(frozen_clock, minutes=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        frozen_clock.advance(hours=3)
        await _tick(pilot)
        assert app.actor is not None


@pilot_test
async def test_login_screen_itself_never_locks(sqlite_store, frozen_clock, stub_homes):
    add_staff("1001", "Li", "nurse")
    app = build(frozen_clock, idle_minutes=1)
    app.idle.check_seconds = 0.02
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        frozen_clock.advance(minutes=10)
        await _tick(pilot)
        assert app.screen is screen
