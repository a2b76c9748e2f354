"""The app plans on its own, through Pilot on a demo center: a guest imported shows on the lists
at sign-in with no `carefloor due`; two terminals open over midnight roll the day over once; a
manager sees which guest planning skips, a nurse does not."""
from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from screens.board import BoardScreen
from screens.visits import VisitsScreen
from store import clock, db as store_db, generate
from store.importer import import_file
from store.models import Event, Guest, Setting, Stay, Task
from store.writes import SYSTEM
from tests.centers import copy_center
from tests.screens.helpers import run, screen_text, settle

DEMO_DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from tui import cli

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert cli.main(["demo", "--db", str(path), "--today", DEMO_DAY.isoformat()]) == 0
    store_db.close()
    return path


@pytest.fixture
def demo(demo_template, tmp_path, frozen_clock):
    path = copy_center(demo_template, tmp_path / "demo.db")
    store_db.open_database(str(path))
    yield path
    store_db.close()


def _app(frozen_clock, **kw):
    from tui.app import make_app
    from tui.config import Config

    return make_app(None, clock=frozen_clock, lang="en", config=Config(), **kw)


async def _sign_in(pilot, number: str, pin: str) -> None:
    await settle(pilot)
    await pilot.click("#login-number")
    await pilot.press(*number, "enter", *pin, "enter")
    for _ in range(100):  # the PIN check and the home screen's read run in workers
        await settle(pilot)
        if pilot.app.actor is not None and getattr(pilot.app.screen, "loads", 0):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("never signed in")


def _import(tmp_path, *rows: str) -> None:
    path = tmp_path / "guests.csv"
    path.write_text("\n".join(["name,phone,due_date,signed_on,package_days,room,admitted_on", *rows]) + "\n",
                    encoding="utf-8")
    report = import_file(path, actor=SYSTEM)
    assert (report.imported, report.errors) == (len(rows), [])


@run
async def test_guests_imported_are_on_the_visits_lists_at_sign_in_without_carefloor_due(demo, tmp_path, frozen_clock):
    """Day 1-3 visits are customer service's (manual §4.6.3), days 4-5 the nurses': a guest
    admitted today is on C1's list, one imported on her fourth day on N1's."""
    _import(tmp_path, "今天来,13912345678,2026-11-20,2026-06-01,28,610,2026-11-23",
            "第四天,13912345679,2026-11-17,2026-06-01,28,710,2026-11-20")
    assert not Event.select().where(Event.staff_name.startswith("carefloor due")).exists()
    app = _app(frozen_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await _sign_in(pilot, "N1", "1111")
        screen = app.screen
        assert isinstance(screen, VisitsScreen)
        assert ("第四天", "710", "visit_day4") in {(r.guest_name, r.room, r.step) for r in screen.rows}
        assert "第四天" in screen_text(app)
        app.lock()
        await _sign_in(pilot, "C1", "2222")
        app.show_screen("visits")
        for _ in range(50):
            await settle(pilot)
            if isinstance(app.screen, VisitsScreen) and app.screen.loads:
                break
        rows = {(r.guest_name, r.room, r.step, r.status) for r in app.screen.rows}
        assert ("今天来", "610", "visit_day1", "open") in rows


async def _rolled(*apps) -> None:
    for app in apps:
        for _ in range(500):
            if app.day_rollover.done.is_set():
                break
            await asyncio.sleep(0.01)
        assert app.day_rollover.done.is_set()


@run
async def test_two_terminals_open_over_midnight_roll_the_new_day_over_once(demo, frozen_clock):
    in_house = Stay.select().where(Stay.status == "admitted").count()
    frozen_clock.set(clock.at_local(DEMO_DAY, 23, 58))
    first, second = _app(frozen_clock, day_rollover=True), _app(frozen_clock, day_rollover=True)
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await settle(one)
        await settle(two)
        await _rolled(first, second)  # the demo day: one of them claims it, finds nobody behind
        frozen_clock.set(clock.at_local(DEMO_DAY + dt.timedelta(days=1), 0, 1))
        first.day_rollover.check()  # what their minute timers do after midnight
        second.day_rollover.check()
        await _rolled(first, second)
    midnight = clock.at_local(DEMO_DAY + dt.timedelta(days=1)).datetime
    states = [(e.staff_name, e.after["planning_rollover"]) for e in
              Event.select().where(Event.action == "setting.put", Event.at >= midnight)
              if e.after and "planning_rollover" in e.after]
    claims = [who for who, state in states if state["day"] == "2026-11-24" and state["done"] is None]
    assert claims == ["system (day roll-over)"]  # one claim: the other terminal found it taken or done
    assert Setting.get_by_id("planning_rollover").value["done"]
    planned = Event.select().where(Event.action == "tasks.generate", Event.at >= midnight)
    assert [e.staff_name for e in planned] == ["system (day roll-over)"]  # 184 guests: one chunk, planned once
    keys = [k for (k,) in Task.select(Task.dedupe_key).tuples()]
    assert len(keys) == len(set(keys))
    assert in_house and Guest.select().where(Guest.planned_through < DEMO_DAY + dt.timedelta(days=15)).count() == 0


def _poison() -> int:
    """A guest put in past every check (a file edited by hand, an old import)."""
    gid = Guest.create(name="错日期", phone="13900000000", entered_on=DEMO_DAY, created_at=clock.now()).id
    Stay.create(guest=gid, contract_no="BAD-1", due_date=dt.date(9999, 12, 31), planned_admission=dt.date(9999, 12, 30))
    assert [f.guest for f in generate.run().failures] == [gid]
    return gid


@run
async def test_a_manager_sees_which_guest_planning_skips_and_a_nurse_does_not(demo, frozen_clock):
    _poison()
    app = _app(frozen_clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await _sign_in(pilot, "M1", "9999")
        assert isinstance(app.screen, BoardScreen)
        notice = app.screen.query_one("#board-notice")
        assert notice.display and "错日期" in screen_text(app) and "Planning skips 1 guest(s)" in screen_text(app)
        assert "(her dates)" in screen_text(app)
        assert any("Planning skipped 1 guest(s)" in str(n.message) for n in app._notifications)
        app.lock()
        await _sign_in(pilot, "N1", "1111")
        app.show_screen("board")
        for _ in range(50):
            await settle(pilot)
            if isinstance(app.screen, BoardScreen) and app.screen.loads:
                break
        assert not app.screen.query_one("#board-notice").display and "错日期" not in screen_text(app)
