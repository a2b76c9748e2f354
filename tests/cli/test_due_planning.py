"""`carefloor due` plans per guest: after a look-ahead a guest entered later has every visit of
her first week on its day; a guest planning cannot plan is named on stderr and the others listed."""
from __future__ import annotations

import datetime as dt
import json

from store import clock, db as store_db
from store.models import Event, Guest, Stay, Task

DEMO_DAY = dt.date(2026, 11, 23)


def _rows(run_cli, path, *extra):
    code, out, err = run_cli("due", "--db", path, "--json", *extra)
    assert code == 0, err
    return json.loads(out), err


def test_after_a_look_ahead_a_guest_imported_today_has_each_visit_of_her_first_week(run_cli, demo_db, frozen_clock,
                                                                                    tmp_path):
    """The issue's reproduction: demo; due --on <today+14>; import a guest admitted today into 610;
    due --on <tomorrow> had no day-2 visit (the control without the look-ahead had it)."""
    _rows(run_cli, demo_db, "--on", (DEMO_DAY + dt.timedelta(days=14)).isoformat())
    csv = tmp_path / "guest.csv"
    csv.write_text("name,phone,due_date,signed_on,package_days,room,admitted_on\n"
                   "新来的,13912345678,2026-11-20,2026-06-01,28,610,2026-11-23\n", encoding="utf-8")
    code, _, err = run_cli("import", "--db", demo_db, csv)
    assert code == 0, err
    rows, _ = _rows(run_cli, demo_db, "--on", (DEMO_DAY + dt.timedelta(days=1)).isoformat())
    assert [r["step"] for r in rows if r["guest"] == "新来的" and r["step"] == "visit_day2"] == ["visit_day2"]
    for n in range(1, 8):  # then each morning of her first week, that morning's list
        day = DEMO_DAY + dt.timedelta(days=n - 1)
        frozen_clock.set(clock.at_local(day, 8))
        rows, _ = _rows(run_cli, demo_db)
        assert [r["overdue"] for r in rows if r["guest"] == "新来的" and r["step"] == f"visit_day{n}"] == [False], n
    store_db.open_database(str(demo_db))
    try:
        guest = Guest.get(Guest.name == "新来的")
        late = Task.select().where(Task.guest == guest, Task.status == "not_applicable", Task.due_at >= clock.at_local(DEMO_DAY).datetime)
        assert late.count() == 0
    finally:
        store_db.close()


def test_a_guest_planning_cannot_plan_is_named_on_stderr_and_the_others_are_listed(run_cli, demo_db, frozen_clock):
    store_db.open_database(str(demo_db))
    bad = Guest.create(name="错日期", phone="13900000000", entered_on=DEMO_DAY, created_at=clock.now()).id
    Stay.create(guest=bad, contract_no="BAD-1", due_date=dt.date(9999, 12, 31), planned_admission=dt.date(9999, 12, 30))
    store_db.close()
    rows, err = _rows(run_cli, demo_db, "--on", DEMO_DAY.isoformat())
    assert "carefloor: could not plan 错日期 (room -), step (her dates): DatesError: contract BAD-1" in err
    assert "everyone else was planned" in err and len(rows) > 20
    code, out, err = run_cli("due", "--db", demo_db)  # the table too; and still named while she is wrong
    assert code == 0 and "错日期" in err and "open," in out
    store_db.open_database(str(demo_db))
    try:
        assert Event.select().where(Event.action == "planning.failed", Event.guest == bad).count() == 1
    finally:
        store_db.close()


def test_a_day_out_of_range_is_a_usage_error(run_cli, demo_db, frozen_clock):
    code, out, err = run_cli("due", "--db", demo_db, "--on", "9999-12-31")
    assert code == 2 and out == ""
    assert err.strip() == "carefloor: --on 9999-12-31 is out of range: use a day from 2016-11-25 to 2028-11-22"
