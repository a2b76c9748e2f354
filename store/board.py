"""The floor board in a handful of queries: rooms by floor, who is in each, today's movements.

Queries (none per room): rooms+floors; current and soon-arriving stays with their guests and,
per guest, the id of the next open visit (a correlated subquery that walks the task index
(guest, status, due_at) in due order and stops at the first visit — PERF.md's trap: never let it
use (status, due_at)); babies, open complaints and those next tasks by id; departures today.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import arrow
from seeds.lifecycle import load_lifecycle
from store import clock
from store.models import Baby, Complaint, Floor, Guest, Room, SignOff, Stay, Task, db

ARRIVAL_WINDOW_DAYS = 30  # a reserved room shows a guest arriving within this many days
FLAGS = ("allergy", "dnd", "vip", "complaint", "complaint_late", "c_section", "signoff")
LATE_FLAGS = frozenset({"complaint_late", "signoff"})  # drawn in the overdue colour


@dataclass(frozen=True)
class Occupant:
    """The guest in (or arriving to) a room, as the card shows her."""

    guest_id: int
    stay_id: int
    name: str
    initials: str
    phone_last4: str
    baby: str
    in_house: bool  # admitted; False = arriving (reserved room)
    day: int | None  # day of stay, admission day = 1
    days: int
    planned_admission: dt.date | None
    planned_discharge: dt.date | None
    flags: tuple[str, ...] = ()
    next_visit_at: arrow.Arrow | None = None
    next_visit_title: str = ""


@dataclass(frozen=True)
class RoomCard:
    room_id: int
    number: str
    floor: int
    status: str
    note: str
    occupant: Occupant | None = None


@dataclass(frozen=True)
class FloorRooms:
    number: int
    name: str
    rooms: tuple[RoomCard, ...]


@dataclass(frozen=True)
class Movement:
    """An arrival or departure today; `done` once it happened."""

    guest_id: int
    name: str
    room: str
    done: bool


@dataclass(frozen=True)
class Board:
    day: dt.date
    floors: tuple[FloorRooms, ...]
    arrivals: tuple[Movement, ...] = ()
    departures: tuple[Movement, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    failures: tuple = ()  # store.plan_failures.FailureRow: guests planning skips (for managers)


def load_board(day: dt.date | None = None) -> Board:
    """Everything the board shows for the local `day` (default today)."""
    day = day or clock.today()
    rooms = [RoomRow(*row) for row in _raw(ROOM_QUERY)]
    stays = sorted(_stays(stays_query(day)), key=lambda s: (s.planned_admission or day, s.id))
    occupants = _occupants(stays, day)
    floors = _floors(rooms, occupants)
    counts = {status: 0 for status in ("vacant", "reserved", "occupied", "cleaning", "out_of_service")}
    for room in rooms:
        counts[room.status] = counts.get(room.status, 0) + 1
    numbers = {room.id: room.number for room in rooms}
    arrivals = [_movement(s, s.admitted_on == day, numbers) for s in stays
                if (s.status == "admitted" and s.admitted_on == day)
                or (s.status == "signed" and s.planned_admission == day)]
    departures = [_movement(s, False, numbers) for s in stays
                  if s.status == "admitted" and s.planned_discharge == day]
    departures += [_movement(s, True, numbers) for s in _departed(day)]
    return Board(day, tuple(floors), tuple(arrivals), tuple(departures), counts)


def next_visit_subquery():
    """Id of the guest's earliest open visit: walks (guest, status, due_at) in order."""
    task = Task.alias("nt")
    return (task.select(task.id)
            .where((task.guest == Stay.guest) & (task.status == "open") & (task.kind == "visit"))
            .order_by(task.due_at).limit(1))


# Only what a card needs: the stay's and guest's JSON and free-text columns (notice, checkout,
# health notes...) cost most of the board's load on a large center to fetch and turn into models.
# Read as flat named tuples, not models: building ~600 Peewee models was half of the read.
STAY_COLUMNS = (Stay.id, Stay.guest.alias("guest_id"), Stay.room.alias("room_id"), Stay.status,
                Stay.planned_admission, Stay.admitted_on, Stay.planned_discharge, Stay.package_days,
                Stay.delivery_type, Stay.discharged_on)
GUEST_COLUMNS = (Guest.name, Guest.initials, Guest.phone_last4, Guest.allergies, Guest.do_not_disturb, Guest.vip)


def stays_query(day: dt.date):
    """In-house stays and stays arriving soon, with their guest and next visit id."""
    soon = day + dt.timedelta(days=ARRIVAL_WINDOW_DAYS)
    return (Stay.select(*STAY_COLUMNS, *GUEST_COLUMNS, next_visit_subquery().alias("next_task_id"))
            .join(Guest, on=(Stay.guest == Guest.id))
            .where((Stay.status == "admitted")
                   | ((Stay.status == "signed") & (Stay.planned_admission.between(day - dt.timedelta(days=7), soon)))))


ROOM_QUERY = (Room.select(Room.id, Room.number, Room.status, Room.note, Floor.number.alias("floor_number"),
                          Floor.name.alias("floor_name")).join(Floor).order_by(Floor.number, Room.number))


class RoomRow(NamedTuple):
    id: int
    number: str
    status: str
    note: str
    floor_number: int
    floor_name: str


class StayRow(NamedTuple):
    """A row of stays_query or _departed: the stay's and her guest's columns, flat."""
    id: int
    guest_id: int
    room_id: int | None
    status: str
    planned_admission: dt.date | None
    admitted_on: dt.date | None
    planned_discharge: dt.date | None
    package_days: int
    delivery_type: str
    discharged_on: dt.date | None
    name: str
    initials: str
    phone_last4: str
    allergies: str
    do_not_disturb: bool
    vip: bool
    next_task_id: int | None = None


_DATES = [i for i, name in enumerate(StayRow._fields) if name in
          ("planned_admission", "admitted_on", "planned_discharge", "discharged_on")]
_FLAGS = [StayRow._fields.index("do_not_disturb"), StayRow._fields.index("vip")]


def _raw(query) -> list[tuple]:
    """The query's rows as the driver returns them: Peewee's per-cell conversion was 2.5 of the
    4 ms of reading the stays of a 300-room board."""
    return db.execute_sql(*query.sql()).fetchall()


def _stays(query) -> list[StayRow]:
    """Rows of stays_query or _departed; dates come back as text on SQLite, flags as 0/1."""
    out = []
    for row in _raw(query):
        values = list(row)
        for i in _DATES:
            if isinstance(values[i], str):
                values[i] = dt.date.fromisoformat(values[i])
        for i in _FLAGS:
            values[i] = bool(values[i])
        out.append(StayRow(*values))
    return out


def _occupants(stays: list, day: dt.date) -> dict[int, Occupant]:
    """room id -> occupant: the admitted stay, else the earliest arriving one."""
    guest_ids = [s.guest_id for s in stays if s.room_id]
    babies = _babies(guest_ids)
    complaints = _open_complaints(guest_ids)
    unsigned = _unsigned_notices(stays, day)
    tasks = _tasks([s.next_task_id for s in stays if s.room_id and s.next_task_id])
    by_room: dict[int, Occupant] = {}
    for stay in sorted(stays, key=lambda s: s.status != "admitted"):
        if stay.room_id is None or stay.room_id in by_room:
            continue
        by_room[stay.room_id] = _occupant(stay, day, babies, complaints, tasks.get(stay.next_task_id),
                                          stay.id in unsigned)
    return by_room


def _occupant(stay, day: dt.date, babies: dict, complaints: dict, task, unsigned: bool = False) -> Occupant:
    """`stay`: a row of stays_query (the stay's and her guest's columns, flat)."""
    in_house = stay.status == "admitted"
    day_no = (day - stay.admitted_on).days + 1 if in_house and stay.admitted_on else None
    flags = tuple(flag for flag, on in (
        ("allergy", bool(stay.allergies.strip())), ("dnd", stay.do_not_disturb), ("vip", stay.vip),
        ("complaint", complaints.get(stay.guest_id) is False), ("complaint_late", complaints.get(stay.guest_id) is True),
        ("c_section", stay.delivery_type == "c_section"), ("signoff", unsigned),
    ) if on)
    return Occupant(
        guest_id=stay.guest_id, stay_id=stay.id, name=stay.name, initials=stay.initials,
        phone_last4=stay.phone_last4, baby=babies.get(stay.guest_id, ""), in_house=in_house, day=day_no,
        days=stay.package_days, planned_admission=stay.planned_admission,
        planned_discharge=stay.planned_discharge, flags=flags,
        next_visit_at=arrow.get(task.due_at) if task else None, next_visit_title=task.title if task else "",
    )


def _babies(guest_ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    if guest_ids:
        query = Baby.select(Baby.guest, Baby.name).where(Baby.guest.in_(guest_ids)).order_by(Baby.id)
        for guest_id, name in _raw(query):  # no model per baby
            names.setdefault(guest_id, []).append(name or "?")
    return {gid: "/".join(n) for gid, n in names.items()}


def _open_complaints(guest_ids: list[int]) -> dict[int, bool]:
    """guest id -> True if one of her open complaints is past its deadline, else False."""
    if not guest_ids:
        return {}
    query = (Complaint.select(Complaint.guest, Complaint.deadline)
             .where(Complaint.guest.in_(guest_ids) & (Complaint.status != "closed") & Complaint.closed_at.is_null()))
    now = clock.now().datetime
    late: dict[int, bool] = {}
    for guest_id, deadline in query.tuples():
        late[guest_id] = late.get(guest_id, False) or (deadline is not None and deadline < now)
    return late


def _unsigned_notices(stays: list, day: dt.date) -> set[int]:
    """Stays arriving today or tomorrow whose admission notice still lacks a department's signature."""
    arriving = [s.id for s in stays if s.status == "signed" and s.planned_admission
                and day <= s.planned_admission <= day + dt.timedelta(days=1)]
    if not arriving:
        return set()
    wanted = set(load_lifecycle().forms["admission_notice"])
    signed: dict[int, set[str]] = {}
    for stay_id, department in (SignOff.select(SignOff.stay, SignOff.department)
                                .where(SignOff.stay.in_(arriving) & (SignOff.form == "admission_notice")).tuples()):
        signed.setdefault(stay_id, set()).add(department)
    return {sid for sid in arriving if not wanted <= signed.get(sid, set())}


def _tasks(task_ids: list[int]) -> dict[int, Task]:
    if not task_ids:
        return {}
    return {t.id: t for t in Task.select(Task.id, Task.due_at, Task.title).where(Task.id.in_(task_ids))}


def _floors(rooms: list, occupants: dict[int, Occupant]) -> list[FloorRooms]:
    floors: dict[int, tuple[str, list[RoomCard]]] = {}
    for room in rooms:
        name, cards = floors.setdefault(room.floor_number, (room.floor_name, []))
        cards.append(RoomCard(room.id, room.number, room.floor_number, room.status, room.note,
                              occupants.get(room.id)))
    return [FloorRooms(number, name, tuple(cards)) for number, (name, cards) in floors.items()]


def _departed(day: dt.date) -> list[StayRow]:
    return _stays(Stay.select(*STAY_COLUMNS, *GUEST_COLUMNS).join(Guest, on=(Stay.guest == Guest.id))
                  .where(Stay.discharged_on == day))


def _movement(stay, done: bool, numbers: dict[int, str]) -> Movement:
    return Movement(stay.guest_id, stay.name, numbers.get(stay.room_id, ""), done)


def card_matches(card: RoomCard, query: str) -> bool:
    """The board filter: room number, guest name, pinyin initials ("zxh"), phone last four."""
    q = query.strip().lower()
    if not q or card.number.lower().startswith(q):
        return True
    guest = card.occupant
    if guest is None:
        return False
    return (q in guest.name.lower() or (q.isalpha() and guest.initials.startswith(q))
            or (len(q) == 4 and q.isdigit() and guest.phone_last4 == q))
