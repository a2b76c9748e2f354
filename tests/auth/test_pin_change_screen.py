"""With Pilot: change my PIN from F2, the palette and ? help; a manager unlocks on the staff screen."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from screens.dialogs.change_pin import ChangePinDialog
from screens.help import HelpScreen
from screens.staff_admin import StaffAdminScreen
from screens.staff_dialogs import UnlockDialog
from store import auth
from store.models import Event, Staff
from tests.auth.apps import build, pilot_test, settle, stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_staff


def _error(dialog) -> str:
    return str(dialog.query_one(".dialog-error", Static).render())


def _box(dialog, box_id: str) -> Input:
    return dialog.query_one(f"#{box_id}", Input)


async def _type(pilot, *texts: str) -> None:
    for text in texts:
        await pilot.press(*text, "enter")
    await settle(pilot)


@pilot_test
async def test_f2_changes_my_pin_after_a_wrong_current_pin_and_a_mismatch(sqlite_store, frozen_clock, stub_homes):
    nurse = add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock, actor=auth.actor_for(nurse, "tty1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChangePinDialog)
        await _type(pilot, "2222", "5678", "5678")
        assert app.screen is dialog and "current PIN is wrong: 4 more" in _error(dialog)
        assert _box(dialog, "old-pin").value == "" and _box(dialog, "old-pin").has_focus
        await _type(pilot, "1111")  # the new ones are still there: Enter submits
        await settle(pilot)
        assert app.screen is not dialog
    assert auth.login("N1", "5678").name == "Lin"
    changed = Event.get(Event.action == "staff.change_own_pin")
    assert changed.after == {"pin": "changed"} and changed.terminal == "tty1"


@pilot_test
async def test_two_different_new_pins_are_refused_in_the_dialog(sqlite_store, frozen_clock, stub_homes):
    nurse = add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock, actor=auth.actor_for(nurse))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        await _type(pilot, "1111", "5678", "5679")
        assert app.screen is dialog and "differ" in _error(dialog)
        assert _box(dialog, "pin2").value == "" and _box(dialog, "pin").value == "5678"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not dialog
    assert auth.login("N1", "1111").name == "Lin"
    assert not Event.select().where(Event.action.startswith("staff.change_own_pin")).exists()


@pilot_test
async def test_the_palette_and_help_offer_change_my_pin_only_when_signed_in(sqlite_store, frozen_clock, stub_homes):
    add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Change my PIN" not in [does for _, does in HelpScreen.for_screen(app.screen).rows]
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, ChangePinDialog)  # nobody to change it for
        await pilot.press(*"N1", "tab", *"1111", "enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and ("F2", "Change my PIN") in app.screen.rows
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Change my PIN")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangePinDialog)


@pilot_test
async def test_locking_the_account_with_wrong_current_pins_signs_out(sqlite_store, frozen_clock, stub_homes):
    from screens.login import LoginScreen

    nurse = add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock, actor=auth.actor_for(nurse))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await _type(pilot, "0000", "5678", "5678")
        for _ in range(auth.LOCKOUT_ATTEMPTS - 1):
            await _type(pilot, "0000")
        assert isinstance(app.screen, LoginScreen) and app.actor is None
    assert Staff.get_by_id(nurse).locked_until is not None


def _rows(screen) -> list[list[str]]:
    table = screen.query_one("#staff-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pilot_test
async def test_a_manager_unlocks_a_locked_nurse_on_the_staff_screen(sqlite_store, frozen_clock, stub_homes):
    manager = add_staff("M1", "Chen", "manager", pin="9999")
    add_staff("N1", "Lin", "nurse", pin="1111")
    for _ in range(auth.LOCKOUT_ATTEMPTS):
        try:
            auth.login("N1", "0000")
        except auth.LoginFailed:
            pass
    app = build(frozen_clock, actor=auth.actor_for(manager, "tty1"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = StaffAdminScreen()
        await app.push_screen(screen)
        await settle(pilot)
        assert _rows(screen)[1] == ["N1", "Lin", "Nurse", "locked until 10:05"]
        await pilot.press("down", "u")
        await pilot.pause()
        assert isinstance(app.screen, UnlockDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and _rows(screen)[1] == ["N1", "Lin", "Nurse", "active"]
    assert auth.login("N1", "1111").name == "Lin"
    unlock = Event.get(Event.action == "staff.unlock")
    assert (unlock.staff, unlock.entity_id) == (manager, 2)


@pilot_test
async def test_the_three_pins_typed_in_one_burst_land_in_their_boxes(sqlite_store, frozen_clock, stub_homes):
    """'1111<Enter>5678<Enter>5678<Enter>' in one packet (tmux, ssh, a fast typist)."""
    from textual import events

    nurse = add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock, actor=auth.actor_for(nurse))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        for text in ("1111", "5678", "5678"):
            for char in text:
                app._driver.send_message(events.Key(char, char))
            app._driver.send_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert not isinstance(app.screen, ChangePinDialog)
    assert auth.login("N1", "5678").name == "Lin"


@pilot_test
async def test_ctrl_l_closes_the_pin_dialog_with_what_was_typed(sqlite_store, frozen_clock, stub_homes):
    """The next person at the terminal must not find (or finish) someone else's PIN change."""
    from screens.login import LoginScreen

    nurse = add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock, actor=auth.actor_for(nurse))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"1111", "enter", *"56")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        assert not any(isinstance(s, ChangePinDialog) for s in app.screen_stack)
