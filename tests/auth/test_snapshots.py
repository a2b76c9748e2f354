"""Snapshots: the login screen (zh, en; 80x24, 160x45), the first-manager form, masked phones in the audit."""
from __future__ import annotations

import pytest

from store.permissions import permissions_for
from store.writes import Actor
from tests.auth.apps import build, settle, stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_guest, add_staff

SIZES = [(80, 24), (160, 45)]


async def steady(pilot) -> None:
    """Workers done and no blinking cursor, so the picture is the same on every run."""
    from textual.widgets import Input

    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_login_screen(sqlite_store, frozen_clock, stub_homes, snap_compare, lang, size):
    add_staff("1001", "Li", "nurse")
    add_guest("Zhang Xiaohong")
    app = build(frozen_clock, lang=lang)

    async def wrong_pin(pilot):
        await settle(pilot)
        await pilot.press(*"1001", "enter", *"9999", "enter")
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=wrong_pin)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_manager_form(sqlite_store, frozen_clock, stub_homes, snap_compare, lang):
    assert snap_compare(build(frozen_clock, lang=lang), terminal_size=(80, 24), run_before=steady)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_auditor_without_phone_right_sees_masked_phones(sqlite_store, frozen_clock, stub_homes, snap_compare, lang):
    """The admin role audits but may not see full phones or health notes: 138****1234, ***."""
    from screens.audit import AuditScreen
    from store.writes import write

    nurse = Actor(add_staff("1001", "Li", "nurse"), "Li", "nurse", "pts/1", permissions_for("nurse"))
    admin = Actor(add_staff("A1", "IT", "admin"), "IT", "admin", "tty1", permissions_for("admin"))
    guest = add_guest("Zhang Xiaohong", "13812341234")
    write(nurse, "guest.edit", lambda tx: tx.record(
        "guest", guest, {"phone": "13812341234", "health_notes": "GDM"},
        {"phone": "13812345678", "health_notes": "GDM, diet"}, guest=guest))
    app = build(frozen_clock, lang=lang, actor=admin)

    async def open_audit(pilot):
        await settle(pilot)
        await app.push_screen(AuditScreen())
        await settle(pilot)
        shown = app.export_screenshot()
        assert "138****1234" in shown and "13812341234" not in shown and "GDM" not in shown

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_audit)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_staff_screen_with_a_locked_account(sqlite_store, frozen_clock, stub_homes, snap_compare, lang, size):
    """A nurse locked by wrong PINs: 'locked until 10:05', and u (unlock) among the keys."""
    from screens.staff_admin import StaffAdminScreen
    from store import auth

    manager = add_staff("M1", "Chen", "manager", pin="9999")
    add_staff("N1", "Lin", "nurse", pin="1111")
    add_staff("N2", "Zhao", "nurse", pin="2222")
    for _ in range(auth.LOCKOUT_ATTEMPTS):
        try:
            auth.login("N1", "0000")
        except auth.LoginFailed:
            pass
    app = build(frozen_clock, lang=lang, actor=auth.actor_for(manager))

    async def open_staff(pilot):
        await settle(pilot)
        await app.push_screen(StaffAdminScreen())
        await steady(pilot)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_staff)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_change_my_pin_after_a_wrong_current_pin(sqlite_store, frozen_clock, stub_homes, snap_compare, lang, size):
    from store import auth

    nurse = add_staff("N1", "Lin", "nurse", pin="1111")
    app = build(frozen_clock, lang=lang, actor=auth.actor_for(nurse))

    async def wrong_current(pilot):
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"2222", "enter", *"5678", "enter", *"5678", "enter")
        await steady(pilot)
        for field in app.screen.query("Input"):
            field.cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=wrong_current)
