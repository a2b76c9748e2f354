"""The manager's staff screen with Pilot: add, reset PIN, change role, deactivate; refusals."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from screens.staff_admin import StaffAdminScreen
from screens.staff_dialogs import AddStaffDialog, ConfirmDialog, ResetPinDialog, RoleDialog
from store import auth
from store.models import Event, Staff
from tests.auth.apps import build, pilot_test, settle, stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_staff


async def _open(app, pilot) -> StaffAdminScreen:
    screen = StaffAdminScreen()
    await app.push_screen(screen)
    await settle(pilot)
    return screen


def _table_rows(screen) -> list[list[str]]:
    table = screen.query_one("#staff-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pilot_test
async def test_manager_adds_a_nurse_who_can_then_sign_in(sqlite_store, frozen_clock, stub_homes):
    add_staff("M1", "Chen", "manager")
    app = build(frozen_clock, actor=auth.actor_for(1, "tty1"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddStaffDialog)
        await pilot.press(*"N7", "enter", *"Wang", "enter")
        dialog.query_one("#role", Select).value = "nurse"
        dialog.query_one("#pin", Input).value = "1234"
        dialog.query_one("#pin2", Input).value = "1234"
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is screen, str(dialog.query_one(".dialog-error", Static).render())
        assert ["N7", "Wang", "Nurse", "active"] in _table_rows(screen)
    assert auth.login("N7", "1234").role == "nurse"
    added = Event.get(Event.action == "staff.add")
    assert added.staff == 1 and added.terminal == "tty1"


@pilot_test
async def test_taken_number_keeps_the_dialog_open_with_the_reason(sqlite_store, frozen_clock, stub_homes):
    add_staff("M1", "Chen", "manager")
    app = build(frozen_clock, actor=auth.actor_for(1))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"M1", "enter", *"Other", "enter")
        dialog.query_one("#role", Select).value = "nurse"
        dialog.query_one("#pin", Input).value = dialog.query_one("#pin2", Input).value = "5678"
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#name", Input).value == "Other"
        assert "already taken" in str(dialog.query_one(".dialog-error", Static).render())


@pilot_test
async def test_reset_pin_role_and_deactivate_on_the_selected_row(sqlite_store, frozen_clock, stub_homes):
    add_staff("M1", "Chen", "manager")
    nurse = add_staff("N1", "Li", "nurse", pin="1111")
    Staff.update(failed_pins=3).where(Staff.id == nurse).execute()
    app = build(frozen_clock, actor=auth.actor_for(1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("down", "p")
        await pilot.pause()
        assert isinstance(app.screen, ResetPinDialog)
        await pilot.press(*"4321", "enter", *"4321", "enter")
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoleDialog)
        app.screen.query_one("#role", Select).value = "medical_assistant"
        await pilot.click("#save")
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert _table_rows(screen)[1] == ["N1", "Li", "Medical assistant", "deactivated"]
    row = Staff.get_by_id(nurse)
    assert (row.role, row.active, row.failed_pins) == ("medical_assistant", False, 0)
    actions = [e.action for e in Event.select().order_by(Event.id)]
    assert actions == ["staff.reset_pin", "staff.change_role", "staff.deactivate"]


@pilot_test
async def test_a_nurse_sees_no_staff_and_the_refusal_is_logged(sqlite_store, frozen_clock, stub_homes):
    add_staff("M1", "Chen", "manager")
    add_staff("N1", "Li", "nurse")
    app = build(frozen_clock, actor=auth.actor_for(2))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert _table_rows(screen) == []
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, AddStaffDialog)
    denied = list(Event.select().where(Event.action == "permission.denied"))
    assert len(denied) == 1  # once, not again on every live refresh its own event causes
    assert denied[0].staff == 2 and denied[0].after == {"permission": "staff_admin"}


@pilot_test
async def test_the_last_manager_is_refused_before_the_question(sqlite_store, frozen_clock, stub_homes):
    add_staff("M1", "Chen", "manager")
    add_staff("N1", "Li", "nurse")
    app = build(frozen_clock, actor=auth.actor_for(1))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await pilot.press("d")  # M1, the only manager
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("last active manager" in n.message for n in app._notifications)
    assert Staff.get(Staff.number == "M1").active
