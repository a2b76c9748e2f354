"""`carefloor demo`: the demo center's shape, determinism, and refusals."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from seeds.roles import load_roles
from store import db as store_db
from store.models import Appointment, Baby, Case, Complaint, Course, Guest, Procedure, Room, Staff, Stay
from store.pins import verify_pin
from store.settings import get_setting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def center(demo_db, frozen_clock):
    store_db.open_database(str(demo_db))
    yield
    store_db.close()


def test_rooms_floors_and_the_three_vacant_rooms(center):
    rooms = {r.number: r.status for r in Room.select()}
    assert sorted(rooms) == [f"{f}{n:02d}" for f in (6, 7, 8) for n in range(1, 11)]
    assert all(rooms[n] == "vacant" for n in ("610", "710", "810"))
    held = {s.room.number for s in Stay.select().where(Stay.status.in_(("signed", "admitted")) & Stay.room.is_null(False))}
    assert not held & {"610", "710", "810"}
    counts = {status: list(rooms.values()).count(status) for status in set(rooms.values())}
    assert counts["occupied"] == 20 and counts["reserved"] == 2 and counts["cleaning"] == 2
    assert counts["out_of_service"] == 1
    for stay in Stay.select().where(Stay.status == "admitted"):
        assert rooms[stay.room.number] == "occupied"


def test_demo_logins_and_every_role(center):
    for number, pin, role in (("N1", "1111", "nurse"), ("C1", "2222", "customer_service"), ("M1", "9999", "manager")):
        staff = Staff.get(Staff.number == number)
        assert staff.role == role and staff.active and verify_pin(pin, staff.pin_hash)
    assert {s.role for s in Staff.select()} == set(load_roles())


def test_guests_at_every_stage(center):
    in_house = list(Stay.select().where(Stay.status == "admitted"))
    days = sorted((TODAY - s.admitted_on).days + 1 for s in in_house)
    assert len(in_house) == 20 and set(range(1, 8)) <= set(days)
    assert sum(s.planned_discharge == TODAY for s in in_house) >= 1  # departures today
    arrivals = Stay.select().where((Stay.status == "signed") & (Stay.planned_admission == TODAY))
    assert arrivals.count() == 2 and all(s.room.status == "reserved" for s in arrivals)
    pregnant = Stay.select().where((Stay.status == "signed") & Stay.delivery_date.is_null())
    assert pregnant.count() >= 6 and all(s.due_date > TODAY for s in pregnant)
    assert len({s.due_date for s in pregnant}) == pregnant.count()
    assert Stay.select().where(Stay.status == "discharged").count() >= 150
    assert Baby.select().where(Baby.name != "").count() >= 170


def test_guests_entered_on_signing_day_so_history_is_not_overdue(center):
    for stay in Stay.select():
        assert stay.guest.entered_on == stay.signed_on <= TODAY
        assert stay.guest.initials and len(stay.guest.phone_last4) == 4


def test_flags_and_complaints(center):
    in_house = Guest.select().join(Stay).where(Stay.status == "admitted")
    assert in_house.where(Guest.vip == True).count() >= 1  # noqa: E712
    assert in_house.where(Guest.allergies != "").count() >= 1
    assert in_house.where(Guest.do_not_disturb == True).count() >= 1  # noqa: E712
    assert in_house.where(Guest.night_shift == True).count() >= 1  # noqa: E712
    assert Stay.select().where((Stay.status == "admitted") & (Stay.delivery_type == "c_section")).count() >= 1
    open_ = Complaint.select().where(Complaint.status != "closed")
    assert open_.count() >= 3
    now = dt.datetime(2026, 11, 23, 2, tzinfo=dt.timezone.utc)
    assert sum(c.deadline < now for c in open_) == 1
    assert get_setting("center_kind") == "postpartum" and get_setting("timezone") == "Asia/Shanghai"
    assert get_setting("center_name")


def test_history_is_done_and_today_has_work(center):
    """Generated tasks before today are done (with their contact logs), a few kept overdue."""
    from store import clock
    from store.models import ContactLog, Task

    start, end = clock.local_day_bounds(TODAY)
    overdue = Task.select().where((Task.status == "open") & (Task.due_at < start))
    assert 1 <= overdue.count() <= 6
    assert all(t.kind in ("visit", "callback", "message") for t in overdue)
    assert Task.select().where(Task.status == "done").count() > 1000
    assert ContactLog.select().count() > 500
    today = Task.select().where((Task.status == "open") & (Task.due_at >= start) & (Task.due_at < end))
    assert today.where(Task.kind == "visit").count() >= 5


def _dump(path) -> dict:
    """Every table's rows, PIN hashes (salted on purpose), the schema's own timestamp and the events'
    seals (each center has its own audit key) aside."""
    con = sqlite3.connect(path)
    tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
              if t != "schema_version"]
    out = {t: con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    out["staff"] = con.execute("SELECT number, name, role FROM staff ORDER BY 1").fetchall()
    columns = [c[1] for c in con.execute('PRAGMA table_info("event")') if c[1] != "seal"]
    out["event"] = con.execute(f'SELECT {", ".join(columns)} FROM event ORDER BY 1').fetchall()
    con.close()
    return out


def test_same_seed_and_day_give_the_same_center(demo_template, tmp_path, run_cli):
    again = tmp_path / "again.db"
    assert run_cli("demo", "--db", again, "--today", "2026-11-23")[0] == 0
    assert _dump(again) == _dump(demo_template)
    other = tmp_path / "other.db"
    assert run_cli("demo", "--db", other, "--today", "2026-11-23", "--seed", "2")[0] == 0
    assert _dump(other)["guest"] != _dump(demo_template)["guest"]


def test_refuses_an_existing_center_unless_forced(demo_db, run_cli):
    before = _dump(demo_db)
    code, out, err = run_cli("demo", "--db", demo_db, "--today", "2026-11-20")
    assert code == 1 and "already holds a center" in err and "--force" in err and "Traceback" not in err
    assert _dump(demo_db) == before
    code, out, err = run_cli("demo", "--db", demo_db, "--today", "2026-11-20", "--force")
    assert code == 0 and "demo logins" in out
    store_db.open_database(str(demo_db))
    assert Stay.select().where((Stay.planned_admission == dt.date(2026, 11, 20)) & (Stay.status == "signed")).count() == 2
    assert Staff.select().where(Staff.number == "M1").count() == 1


@pytest.mark.parametrize("args, message", [
    (["--kind", "spa"], "unknown center kind 'spa'"),
    (["--today", "23/11/2026"], "--today: '23/11/2026' is not a date"),
    (["--seed", "abc"], "--seed needs a whole number"),
])
def test_bad_arguments_are_one_line_and_build_nothing(tmp_path, run_cli, args, message):
    path = tmp_path / "x.db"
    code, out, err = run_cli("demo", "--db", path, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not path.exists()


@pytest.mark.parametrize("kind", ["aesthetics", "wellness"])
def test_clinic_kinds_have_cases_courses_and_appointments(tmp_path, run_cli, kind, frozen_clock):
    path = tmp_path / f"{kind}.db"
    code, out, err = run_cli("demo", "--db", path, "--kind", kind, "--today", "2026-11-23")
    assert code == 0, err
    store_db.open_database(str(path))
    assert get_setting("center_kind") == kind
    assert Stay.select().count() == 0 and Guest.select().where(Guest.kind == kind).count() >= 100
    assert Course.select().count() > 10 and Appointment.select().where(Appointment.status == "booked").count() > 3
    if kind == "aesthetics":
        assert Case.select().where(Case.converted_on.is_null(False)).count() > 10
        assert Procedure.select().count() > 10 and Case.select().where(Case.on_611_plan == True).count() > 0  # noqa: E712
    else:
        assert {g.tier for g in Guest.select()} >= {"ordinary", "silver", "gold"}
    assert Staff.get(Staff.number == "M1").role == "manager"


def test_money_adds_up_paid_in_full_guests_have_paid_the_price_and_leavers_got_the_deposit_back(center):
    from store.models import Payment, Stay

    def paid(stay):
        return sum(p.amount_cents for p in Payment.select().where(Payment.stay == stay.id))

    in_house = list(Stay.select().where(Stay.status == "admitted"))
    assert in_house and all(paid(s) >= s.first_payment_cents + s.deposit_cents for s in in_house)
    settled = [s for s in in_house if s.balance_cents == 0]
    assert settled and all(paid(s) > s.first_payment_cents + s.deposit_cents for s in settled)
    gone = list(Stay.select().where(Stay.status == "discharged"))
    refunds = Payment.select().where((Payment.kind == "deposit_refund") & (Payment.amount_cents < 0))
    assert gone and refunds.count() == len(gone)
