"""Reading guests: the guest file (masked by permission), its timeline, and search.

`guest_file(actor, guest_id)` appends a view event (the audit trail of who opened which file);
screens reloading an open file pass `audit=False` so a live refresh doesn't log a view again.
Fields the actor may not see are None (health: "health_notes", money: "money"); phones and
WeChat ids are masked without "phone_full".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import arrow
import peewee as pw

from store import clock
from store.errors import NotFound
from store.models import Baby, Complaint, ContactLog, Guest, Note, Room, Staff, Stay, Task, Event
from store.payments import Figures, stay_figures
from store.permissions import mask_phone, phone_for
from store.writes import Actor, append_view_event

HEALTH_FIELDS = {"health_notes", "allergies", "delivery_type", "delivery_date"}
MONEY_FIELDS = {"first_payment_cents", "balance_cents", "deposit_cents", "deposit_refunded_on",
                "contract_no", "amount_cents", "price_cents"}
PHONE_FIELDS = {"phone", "wechat"}
SHOWN_AS_ROWS = {"note", "contact_log", "complaint"}  # their creation events are the rows themselves


@dataclass(frozen=True)
class BabyInfo:
    name: str
    sex: str
    born_on: dt.date | None
    weight_g: int | None


@dataclass(frozen=True)
class StayInfo:
    stay_id: int
    status: str
    package: str
    package_days: int
    room: str
    day: int | None
    signed_on: dt.date | None
    due_date: dt.date | None
    hospital: str
    hospital_discharge_on: dt.date | None
    planned_admission: dt.date | None
    admitted_on: dt.date | None
    planned_discharge: dt.date | None
    discharged_on: dt.date | None
    delivery_date: dt.date | None  # None without "health_notes"
    delivery_type: str | None
    contract_no: str | None  # None without "money"
    money: Figures | None  # store.payments.figures(); None without "money"


@dataclass(frozen=True)
class GuestFile:
    guest_id: int
    name: str
    salutation: str
    phone: str
    wechat: str
    kind: str
    birthday: dt.date | None
    tier: str
    vip: bool
    do_not_disturb: bool
    night_shift: bool
    call_window: str
    owner: str
    has_allergies: bool
    allergies: str | None  # None: not permitted
    health_notes: str | None
    babies: tuple[BabyInfo, ...]
    stay: StayInfo | None
    open_complaints: int
    can_see_health: bool
    can_see_money: bool


@dataclass(frozen=True)
class TimelineEntry:
    at: arrow.Arrow
    who: str
    kind: str  # call | visit | message | note | complaint | change
    action: str  # event action ("task.done") or outcome ("reached")
    text: str
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, before, after), permission-filtered


@dataclass(frozen=True)
class GuestHit:
    guest_id: int
    name: str
    initials: str
    room: str
    phone: str  # masked


def guest_file(actor: Actor, guest_id: int, *, audit: bool = True) -> GuestFile:
    guest = Guest.get_or_none(Guest.id == guest_id)
    if guest is None:
        raise NotFound("no guest with id {id}", id=guest_id)
    if audit:
        append_view_event(actor, "guest", guest_id, guest=guest_id)
    health, money = actor.can("health_notes"), actor.can("money")
    stay = _current_stay(guest_id)
    owner = Staff.get_or_none(Staff.id == guest.owner_id) if guest.owner_id else None
    babies = tuple(BabyInfo(b.name, b.sex, b.born_on, b.weight_g)
                   for b in Baby.select().where(Baby.guest == guest_id).order_by(Baby.id))
    complaints = (Complaint.select().where((Complaint.guest == guest_id) & (Complaint.status != "closed")
                                           & Complaint.closed_at.is_null()).count())
    return GuestFile(
        guest_id=guest.id, name=guest.name, salutation=guest.salutation,
        phone=phone_for(actor, guest.phone),
        wechat=guest.wechat if actor.can("phone_full") else _mask_id(guest.wechat),
        kind=guest.kind, birthday=guest.birthday, tier=guest.tier, vip=guest.vip,
        do_not_disturb=guest.do_not_disturb, night_shift=guest.night_shift, call_window=guest.call_window,
        owner=owner.name if owner else "", has_allergies=bool(guest.allergies.strip()),
        allergies=guest.allergies if health else None, health_notes=guest.health_notes if health else None,
        babies=babies, stay=_stay_info(stay, health, money) if stay else None,
        open_complaints=complaints, can_see_health=health, can_see_money=money,
    )


def _mask_id(text: str) -> str:
    return f"{text[:2]}***" if text else ""


def _current_stay(guest_id: int):
    """The stay that matters now: admitted, else the latest signed, else the latest of any."""
    stays = list(Stay.select().where(Stay.guest == guest_id).order_by(Stay.id.desc()))
    for status in ("admitted", "signed"):
        for stay in stays:
            if stay.status == status:
                return stay
    return stays[0] if stays else None


def _stay_info(stay, health: bool, money: bool) -> StayInfo:
    room = Room.get_or_none(Room.id == stay.room_id) if stay.room_id else None
    day = (clock.today() - stay.admitted_on).days + 1 if stay.status == "admitted" and stay.admitted_on else None
    return StayInfo(
        stay_id=stay.id, status=stay.status, package=stay.package, package_days=stay.package_days,
        room=room.number if room else "", day=day, signed_on=stay.signed_on, due_date=stay.due_date,
        hospital=stay.hospital, hospital_discharge_on=stay.hospital_discharge_on,
        planned_admission=stay.planned_admission, admitted_on=stay.admitted_on,
        planned_discharge=stay.planned_discharge, discharged_on=stay.discharged_on,
        delivery_date=stay.delivery_date if health else None, delivery_type=stay.delivery_type if health else None,
        contract_no=stay.contract_no if money else None, money=stay_figures(stay.id) if money else None,
    )


def timeline(actor: Actor, guest_id: int, limit: int = 200) -> list[TimelineEntry]:
    """Visits, calls, notes, complaints and changes of one guest, newest first."""
    staff = _staff_names()
    entries, logged_tasks = _contact_entries(guest_id, staff, limit)
    entries += _note_entries(guest_id, staff, limit) + _complaint_entries(guest_id, limit)
    entries += _event_entries(actor, guest_id, logged_tasks, limit)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _staff_names() -> dict[int, str]:
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}


def _contact_entries(guest_id: int, staff: dict, limit: int):
    rows = (ContactLog.select(ContactLog, Task.kind, Task.title).join(Task, on=(ContactLog.task == Task.id),
                                                                      join_type=pw.JOIN.LEFT_OUTER)
            .where(ContactLog.guest == guest_id).order_by(ContactLog.at.desc()).limit(limit))
    entries, tasks = [], set()
    for row in rows:
        task = row.task if row.task_id else None
        if task is not None:
            tasks.add(row.task_id)
        kind = {"visit": "visit", "message": "message"}.get(task.kind if task else "", "call")
        text = " ".join(p for p in (task.title if task else "", row.note) if p)
        entries.append(TimelineEntry(arrow.get(row.at), staff.get(row.staff_id, ""), kind, row.outcome, text))
    return entries, tasks


def _note_entries(guest_id: int, staff: dict, limit: int) -> list[TimelineEntry]:
    rows = Note.select().where(Note.guest == guest_id).order_by(Note.at.desc()).limit(limit)
    return [TimelineEntry(arrow.get(r.at), staff.get(r.staff_id, ""), "note", "note", r.text) for r in rows]


def _complaint_entries(guest_id: int, limit: int) -> list[TimelineEntry]:
    rows = Complaint.select().where(Complaint.guest == guest_id).order_by(Complaint.received_at.desc()).limit(limit)
    return [TimelineEntry(arrow.get(r.received_at), r.reporter, "complaint", r.status, r.what) for r in rows]


def _event_entries(actor: Actor, guest_id: int, logged_tasks: set, limit: int) -> list[TimelineEntry]:
    rows = (Event.select().where((Event.guest == guest_id) & ~Event.action.endswith(".view"))
            .order_by(Event.id.desc()).limit(limit))
    rows = [ev for ev in rows if not (ev.entity in SHOWN_AS_ROWS and ev.before is None)
            and not (ev.entity == "task" and ev.entity_id in logged_tasks)]
    rooms = _room_numbers(rows)
    return [TimelineEntry(arrow.get(ev.at), ev.staff_name, "change", ev.action, "",
                          _changes(actor, _with_rooms(ev, ev.before, rooms), _with_rooms(ev, ev.after, rooms)))
            for ev in rows]


def _room_numbers(events) -> dict[int, str]:
    """Room id -> number for the rooms stay events name (they record the room's id)."""
    ids = {side["room"] for ev in events if ev.entity == "stay" for side in (ev.before, ev.after)
           if isinstance(side, dict) and isinstance(side.get("room"), int)}
    return dict(Room.select(Room.id, Room.number).where(Room.id.in_(sorted(ids))).tuples()) if ids else {}


def _with_rooms(ev, side, rooms: dict[int, str]):
    """A stay event's before/after with its room id as the room number a person knows ("602", not 2)."""
    if ev.entity != "stay" or not isinstance(side, dict) or not isinstance(side.get("room"), int):
        return side
    return {**side, "room": rooms.get(side["room"], side["room"])}


def _changes(actor: Actor, before, after) -> tuple[tuple[str, str, str], ...]:
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if (key in HEALTH_FIELDS and not actor.can("health_notes")) or (key in MONEY_FIELDS and not actor.can("money")):
            old, new = ("***" if old is not None else ""), "***"
        elif key in PHONE_FIELDS and not actor.can("phone_full"):
            old, new = mask_phone(str(old or "")), mask_phone(str(new or ""))
        out.append((key, "" if old is None else str(old), "" if new is None else str(new)))
    return tuple(out)


def search_guests(actor: Actor, query: str, limit: int = 20) -> list[GuestHit]:
    """Name contains, pinyin initials prefix, phone last four, or current room number."""
    q = query.strip()
    if not q:
        return []
    cond = Guest.name.contains(q) | Guest.initials.startswith(q.lower())
    if q.isdigit() and len(q) == 4:
        cond |= Guest.phone_last4 == q
    room_guests = (Stay.select(Stay.guest).join(Room, on=(Stay.room == Room.id))
                   .where((Room.number == q) & Stay.status.in_(("admitted", "signed"))))
    cond |= Guest.id.in_(room_guests)
    guests = list(Guest.select().where(cond).order_by(Guest.name).limit(limit))
    rooms = _rooms_of([g.id for g in guests])
    return [GuestHit(g.id, g.name, g.initials, rooms.get(g.id, ""), phone_for(actor, g.phone)) for g in guests]


def _rooms_of(guest_ids: list[int]) -> dict[int, str]:
    if not guest_ids:
        return {}
    rows = (Stay.select(Stay.guest, Room.number).join(Room, on=(Stay.room == Room.id))
            .where(Stay.guest.in_(guest_ids) & Stay.status.in_(("admitted", "signed"))).order_by(Stay.id))
    return {row.guest_id: row.room.number for row in rows}
