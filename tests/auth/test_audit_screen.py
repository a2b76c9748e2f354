"""The manager's audit screen: filters by guest, staff and date; refusals; redaction on screen."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from screens.audit import AuditScreen
from store.models import Event
from store.permissions import permissions_for
from store.writes import Actor, append_view_event, write
from tests.auth.apps import build, pilot_test, settle, stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_guest, add_staff


def _people():
    ids = [add_staff("M1", "Chen", "manager"), add_staff("N1", "Li", "nurse"), add_staff("A1", "IT", "admin")]
    return [Actor(i, name, role, "pts/2", permissions_for(role))
            for i, name, role in zip(ids, ["Chen", "Li", "IT"], ["manager", "nurse", "admin"])]


def _trail(frozen_clock, nurse):
    zhang, wang = add_guest("Zhang"), add_guest("Wang")
    frozen_clock.set("2026-11-21T02:00:00+00:00")
    append_view_event(nurse, "guest", wang, guest=wang)
    frozen_clock.set("2026-11-23T02:00:00+00:00")
    append_view_event(nurse, "guest", zhang, guest=zhang)
    write(nurse, "guest.edit", lambda tx: tx.record("guest", zhang, {"phone": "13812341234"},
                                                    {"phone": "13900001111"}, guest=zhang))


def _column(screen, index: int) -> list[str]:
    table = screen.query_one("#audit-table", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def _open(app, pilot) -> AuditScreen:
    screen = AuditScreen()
    await app.push_screen(screen)
    await settle(pilot)
    return screen


@pilot_test
async def test_filter_by_guest_then_by_date(sqlite_store, frozen_clock, stub_homes):
    manager, nurse, _ = _people()
    _trail(frozen_clock, nurse)
    app = build(frozen_clock, actor=manager)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        assert _column(screen, 4) == ["Zhang", "Zhang", "Wang"]
        await pilot.press("slash", *"Zhang", "enter")
        await settle(pilot)
        assert _column(screen, 3) == ["edited file", "viewed file"]
        assert "phone: 13812341234 -> 13900001111" in str(screen.query_one("#audit-detail", Static).render())
        screen.query_one("#audit-guest", Input).value = ""
        screen.query_one("#audit-until", Input).value = "2026-11-22"
        await pilot.click("#audit-until")
        await pilot.press("enter")
        await settle(pilot)
        assert _column(screen, 4) == ["Wang"]


@pilot_test
async def test_bad_date_says_what_to_type_and_keeps_the_list(sqlite_store, frozen_clock, stub_homes):
    manager, nurse, _ = _people()
    _trail(frozen_clock, nurse)
    app = build(frozen_clock, actor=manager)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        await pilot.click("#audit-since")
        await pilot.press(*"2026-13-01", "enter")
        await settle(pilot)
        assert "use YYYY-MM-DD" in str(screen.query_one("#audit-detail", Static).render())
        assert len(_column(screen, 0)) == 3


@pilot_test
async def test_nurse_is_refused_and_the_refusal_is_logged(sqlite_store, frozen_clock, stub_homes):
    _, nurse, _ = _people()
    _trail(frozen_clock, nurse)
    app = build(frozen_clock, actor=nurse)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        assert _column(screen, 0) == []
    assert Event.select().where(Event.action == "permission.denied", Event.staff == nurse.staff_id).count() == 1


@pilot_test
async def test_admin_sees_who_changed_the_phone_but_only_masked(sqlite_store, frozen_clock, stub_homes):
    _, nurse, admin = _people()
    _trail(frozen_clock, nurse)
    app = build(frozen_clock, actor=admin)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        detail = str(screen.query_one("#audit-detail", Static).render())
        assert "phone: 138****1234 -> 139****1111" in detail and "13812341234" not in app.export_screenshot()



@pilot_test
async def test_slash_then_a_name_in_one_burst_goes_into_the_guest_filter(sqlite_store, frozen_clock, stub_homes):
    """'/Wang' in one packet: every letter lands in the guest filter, none is taken as a key."""
    from textual import events

    manager, nurse, _ = _people()
    _trail(frozen_clock, nurse)
    app = build(frozen_clock, actor=manager)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        for key, char in [("slash", "/")] + [(c.lower(), c) for c in "Wang"]:
            app._driver.send_message(events.Key(key, char))  # no wait between keys
        await settle(pilot)
        assert screen.query_one("#audit-guest", Input).value == "Wang"
