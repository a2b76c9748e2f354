"""The demo center (`carefloor demo`): a realistic, deterministic center to try the app on.

Same seed and same `today` give the same database. Building takes a few seconds: the clock
stands still at 07:30 local on `today` while it runs, so every timestamp is reproducible.
Demo logins: nurse N1/1111, customer service C1/2222, manager M1/9999 (other staff of a
role share its PIN; everyone else 1234). Rooms 610, 710 and 810 stay vacant and unreserved.
"""
from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from seeds.demo_people import People, data
from seeds.roles import load_roles
from store import clock, db as store_db
from store.errors import Conflict, Invalid
from store.models import MODELS, Floor, Guest, Room, Staff, Task
from store.pins import hash_pin
from store.settings import put_setting
from store.staff import add_staff
from store.writes import SYSTEM, write

KINDS = ("postpartum", "aesthetics", "wellness")
TIMEZONE = "Asia/Shanghai"
FLOORS = (6, 7, 8)
ROLE_PREFIX = {"nurse": "N", "nursery_nurse": "Y", "customer_service": "C", "consultant": "S",
               "medical_assistant": "A", "supervisor": "P", "manager": "M", "admin": "X", "chef": "K",
               "nutritionist": "T", "recovery_therapist": "R"}
ROLE_COUNT = {"nurse": 4, "nursery_nurse": 3, "customer_service": 2, "consultant": 2}
ROLE_PIN = {"nurse": "1111", "customer_service": "2222", "manager": "9999"}
OTHER_PIN = "1234"


@dataclass
class DemoSummary:
    kind: str
    today: dt.date
    guests: int = 0
    staff: int = 0
    tasks: int = 0
    history_done: int = 0
    generated: bool = False
    parts: dict = field(default_factory=dict)


def build(target: str, *, kind: str = "postpartum", today: dt.date | None = None, seed: int = 1,
          force: bool = False) -> DemoSummary:
    """Create the demo center in `target` (path or URL); refuse a non-empty database unless force."""
    if kind not in KINDS:
        raise Invalid("kind", f"unknown center kind {kind!r}: use one of {', '.join(KINDS)}")
    clock.set_timezone(TIMEZONE)
    today = today or clock.today()
    _open_empty(target, force)
    summary = DemoSummary(kind, today)
    with _standing_clock(today):
        people = People(random.Random(f"carefloor-demo/{kind}/{seed}/{today.isoformat()}"))
        write(SYSTEM, "demo.settings", lambda tx: _settings(tx, kind, seed, today))
        rooms = _rooms()
        staff = _staff()
        summary.parts = _populate(kind, people, today, rooms, staff)
        summary.generated, summary.history_done = _tasks(people, today, staff, kind)
        summary.guests = Guest.select().count()
        summary.staff = Staff.select().count()
        summary.tasks = Task.select().count()
    return summary


def _populate(kind: str, people: People, today: dt.date, rooms: dict[str, int], staff) -> dict:
    from seeds import demo_history

    if kind == "postpartum":
        from seeds.demo_postpartum import Postpartum

        parts = Postpartum(people, today, rooms, staff.get("customer_service", [])).build()
        demo_history.add_notes_and_surveys(people, today, staff)
    else:
        from seeds.demo_clinic import Clinic

        _clinic_rooms(rooms)
        parts = Clinic(people, today, kind, staff).build()
    demo_history.add_complaints(people, today, staff)
    return parts


def _tasks(people: People, today: dt.date, staff, kind: str) -> tuple[bool, int]:
    """Generate what the playbooks schedule up to today, then complete the history before it."""
    from seeds import demo_history
    from store import generate

    generate.run(actor=SYSTEM)  # anyone the writes above left unplanned (each write plans its guests)
    return True, demo_history.complete_history(people, today, staff)


def _open_empty(target: str, force: bool) -> None:
    """Open `target`; an existing center is refused, or with force wiped and recreated."""
    store_db.open_database(target)
    if _is_empty():
        return
    if not force:
        store_db.close()
        raise Conflict(f"{target} already holds a center: pass --force to replace it with the demo")
    if store_db.is_sqlite():
        store_db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(target.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        from store.models import db

        db.drop_tables(MODELS, safe=True, cascade=True)
        store_db.close()
    store_db.open_database(target)


def _is_empty() -> bool:
    return not any(model.select().exists() for model in (Staff, Guest, Room, Floor))


@contextmanager
def _standing_clock(today: dt.date):
    previous = clock._clock
    clock.install(clock.FixedClock(clock.at_local(today, 7, 30)))
    try:
        yield
    finally:
        clock.install(previous)


def _settings(tx, kind: str, seed: int, today: dt.date) -> None:
    names = data()["center" if kind == "postpartum" else f"center_{kind}"]
    put_setting(tx, "center_name", names["zh"])
    put_setting(tx, "center_name_en", names["en"])
    put_setting(tx, "center_kind", kind)
    put_setting(tx, "timezone", TIMEZONE)
    put_setting(tx, "demo", {"seed": seed, "today": today.isoformat()})


def _rooms() -> dict[str, int]:
    def apply(tx):
        for number in FLOORS:
            floor = Floor.create(number=number, name=f"{number}F")
            tx.record("floor", floor.id, None, {"number": number}, action="floor.add")
            for n in range(1, 11):
                room = Room.create(floor=floor.id, number=f"{number}{n:02d}")
                tx.record("room", room.id, None, {"number": room.number}, action="room.add")

    write(SYSTEM, "demo.rooms", apply)
    return {number: room_id for room_id, number in Room.select(Room.id, Room.number).tuples()}


def _clinic_rooms(rooms: dict[str, int]) -> None:
    """Treatment and recovery rooms: one being cleaned, one out of service."""
    from store.guests_write import set_room_status

    def apply(tx):
        set_room_status(tx, rooms["705"], "cleaning")
        set_room_status(tx, rooms["808"], "out_of_service")

    write(SYSTEM, "demo.rooms", apply)


def _staff() -> dict[str, list[int]]:
    """Staff of every role; the first of each role is number <prefix>1 (N1, C1, M1, ...)."""
    names = People(random.Random("carefloor-demo/staff"))
    hashes: dict[str, str] = {}
    out: dict[str, list[int]] = {}
    for role in sorted(load_roles()):
        prefix = ROLE_PREFIX.get(role, role[:2].upper())
        pin = ROLE_PIN.get(role, OTHER_PIN)
        if pin not in hashes:
            hashes[pin] = hash_pin(pin)  # demo only: one slow hash per PIN, shared by its accounts
        hashed = hashes[pin]
        for i in range(1, ROLE_COUNT.get(role, 1) + 1):
            row = add_staff(SYSTEM, f"{prefix}{i}", names.name("staff_given"), role, pin, pin_hash=hashed)
            out.setdefault(role, []).append(row.id)
    return out
