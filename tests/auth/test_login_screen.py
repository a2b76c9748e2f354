"""The login screen with Pilot: wrong PIN inline, right PIN lands on the role's home, first manager."""
from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from screens.login import LoginScreen
from store import auth
from store.models import Event, Staff
from tests.auth.apps import build, pilot_test, settle, stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_guest, add_staff


async def _sign_in(pilot, number: str, pin: str) -> None:
    await pilot.click("#login-number")
    await pilot.press(*number, "enter", *pin, "enter")
    await settle(pilot)


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize("role,home", [("nurse", "visits"), ("customer_service", "callbacks"), ("manager", "board")])
@pilot_test
async def test_right_pin_lands_on_the_roles_home(sqlite_store, frozen_clock, stub_homes, role, home):
    add_staff("1001", "Li", role)
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await _sign_in(pilot, "1001", "1234")
        assert app.actor.name == "Li" and app.actor.role == role
        assert _text(app, "#home") == f"home:{home}"


@pilot_test
async def test_number_tab_pin_enter_in_one_burst_signs_in(sqlite_store, frozen_clock, stub_homes):
    """'1001<Tab>1234<Enter>' in one packet (ssh, tmux, a fast typist): the PIN goes in the PIN box."""
    from textual import events

    add_staff("1001", "Li", "manager")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [(c, c) for c in "1001"] + [("tab", None)] + [(c, c) for c in "1234"] + [("enter", "\r")]
        for key, char in keys:
            app._driver.send_message(events.Key(key, char))  # no wait between keys
        await settle(pilot)
        assert app.actor is not None and app.actor.name == "Li"
        assert _text(app, "#home") == "home:board"


@pilot_test
async def test_number_enter_pin_enter_in_one_burst_signs_in(sqlite_store, frozen_clock, stub_homes):
    """The hint says Enter: '1001<Enter>1234<Enter>' in one packet puts the PIN in the PIN box."""
    from textual import events

    add_staff("1001", "Li", "manager")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [(c, c) for c in "1001"] + [("enter", "\r")] + [(c, c) for c in "1234"] + [("enter", "\r")]
        for key, char in keys:
            app._driver.send_message(events.Key(key, char))  # no wait between keys
        await settle(pilot)
        assert app.actor is not None and app.actor.name == "Li"


@pilot_test
async def test_wrong_pin_is_said_inline_and_the_pin_is_cleared(sqlite_store, frozen_clock, stub_homes):
    add_staff("1001", "Li", "nurse")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _sign_in(pilot, "1001", "9999")
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        assert "Wrong staff number or PIN" in _text(app, "#login-error")
        pin = app.screen.query_one("#login-pin", Input)
        assert pin.value == "" and pin.has_focus and pin.password
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert app.actor is not None and _text(app, "#home") == "home:visits"


@pilot_test
async def test_fifth_wrong_pin_says_locked_for_five_minutes(sqlite_store, frozen_clock, stub_homes):
    add_staff("1001", "Li", "nurse")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _sign_in(pilot, "1001", "0000")
        for _ in range(4):
            await pilot.press(*"0000", "enter")
            await settle(pilot)
        assert "locked for 5 more minute(s)" in _text(app, "#login-error")
        assert Event.select().where(Event.action == "login.locked").count() == 1


@pilot_test
async def test_pin_is_digits_masked_and_no_guest_is_on_screen(sqlite_store, frozen_clock, stub_homes):
    add_staff("1001", "Li", "nurse")
    add_guest("Zhang Xiaohong", "13812341234")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#login-pin")
        await pilot.press(*"12ab34")
        assert app.screen.query_one("#login-pin", Input).value == "1234"
        shown = app.export_screenshot()
        assert "Zhang" not in shown and "13812341234" not in shown and "1234" not in shown


@pilot_test
async def test_empty_database_asks_for_the_first_manager(sqlite_store, frozen_clock, stub_homes):
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#first-box").display and not app.screen.query_one("#login-box").display
        await pilot.press(*"M1", "enter", *"Chen", "enter", *"2468", "enter", *"2469", "enter")
        await settle(pilot)
        assert "differ" in _text(app, "#first-error") and Staff.select().count() == 0
        await pilot.press(*"2468", "enter")
        await settle(pilot)
        assert app.actor.role == "manager" and _text(app, "#home") == "home:board"
    assert auth.login("M1", "2468").name == "Chen"


@pilot_test
async def test_a_nurse_opening_a_guest_file_sees_138_masked_and_is_audited(sqlite_store, frozen_clock, stub_homes):
    """The shell's guest file, read as a nurse: the store masks the phone, and the view is logged."""
    from screens.guest_file import GuestFileScreen

    staff_id = add_staff("1001", "Li", "nurse")
    guest = add_guest("Zhang Xiaohong", "13812341234", health_notes="GDM, diet controlled")
    app = build(frozen_clock, actor=auth.actor_for(staff_id, "tty1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(GuestFileScreen(guest))
        await settle(pilot)
        shown = app.export_screenshot()
        assert "138****1234" in shown and "13812341234" not in shown
    views = list(Event.select().where(Event.action == "guest.view"))
    assert [(v.staff, v.guest, v.terminal) for v in views] == [(staff_id, guest, "tty1")]


BURST_AT_START = [("M", "M"), ("1", "1"), ("tab", "\t"), *[(c, c) for c in "9999"]]


@pytest.mark.parametrize("enter", [("enter", "\r"), ("ctrl+j", "\n")], ids=["cr", "lf-from-line-mode"])
@pilot_test
async def test_sign_in_typed_in_one_burst_at_start_lands_on_home(sqlite_store, frozen_clock, stub_homes, enter):
    """'M1<Tab>9999<Enter>' sent the moment the app starts, before its first load. An Enter typed
    while the terminal was still in line mode arrives as a line feed (Ctrl+J): it signs in too."""
    from textual import events

    add_staff("M1", "Chen", "manager", pin="9999")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [*BURST_AT_START, enter]:
            app._driver.send_message(events.Key(key, char))  # no wait: all queued at once
        await settle(pilot)
        await settle(pilot)
        assert app.actor is not None and app.actor.name == "Chen"
        assert _text(app, "#home") == "home:board"


@pilot_test
async def test_a_slow_first_load_does_not_pull_the_focus_back_from_typed_ahead_keys(sqlite_store, frozen_clock,
                                                                                   stub_homes, monkeypatch):
    """The screen's first read (is there any staff yet?) can come late, e.g. from a busy server:
    keys typed meanwhile stay where the typist put them."""
    import threading

    from textual import events

    add_staff("M1", "Chen", "manager", pin="9999")
    loaded = threading.Event()
    real_load = LoginScreen.load
    monkeypatch.setattr(LoginScreen, "load", lambda self: loaded.wait(10) and real_load(self))
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [("M", "M"), ("1", "1"), ("tab", "\t"), ("9", "9"), ("9", "9")]:
            app._driver.send_message(events.Key(key, char))
        await pilot.pause()
        loaded.set()
        await settle(pilot)
        for key, char in [("9", "9"), ("9", "9"), ("enter", "\r")]:
            app._driver.send_message(events.Key(key, char))
        await settle(pilot)
        assert app.actor is not None and app.actor.name == "Chen"
