"""Shift handover (交接班): what the outgoing shift did and left open, acknowledged by the incoming nurse.

    report = handover()               # the outgoing shift (store.shifts.outgoing_shift)
    acknowledge(actor, report.shift)  # stamped with name and time, through store.writes.write

Content, for a shift [start, end):
- visits done: visits closed as done during the shift (done_at in the shift);
- visits missed: visits due in the shift up to now that are still open or were skipped;
- notes written during the shift;
- calls and messages due by the end of the next shift that are still open (overdue ones too);
- complaints not closed yet;
- admissions and discharges on the day after the shift's start day (the coming day).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import arrow
from peewee import JOIN

from store import clock
from store.errors import Conflict, Invalid, StoreError
from store.models import Complaint, Guest, HandoverAck, Note, Room, Staff, Stay, Task, listed
from store.shifts import Shift, next_shift, outgoing_shift
from store.writes import Actor, write

CALL_KINDS = ("callback", "message")
ACK_EARLY_MINUTES = 60  # the incoming nurse may acknowledge from an hour before the shift ends


@dataclass(frozen=True)
class VisitLine:
    task_id: int
    room: str
    guest: str
    title: str
    due: dt.datetime
    status: str  # done | open | skipped
    by: str  # who closed it
    at: dt.datetime | None
    reason: str


@dataclass(frozen=True)
class NoteLine:
    at: dt.datetime
    room: str
    guest: str
    by: str
    text: str


@dataclass(frozen=True)
class CallLine:
    task_id: int
    due: dt.datetime
    room: str
    guest: str
    title: str
    channel: str
    role: str
    overdue: bool  # already due when the handover was read


@dataclass(frozen=True)
class ComplaintLine:
    id: int
    room: str
    guest: str
    what: str
    owner: str
    status: str
    deadline: dt.datetime | None
    overdue: bool


@dataclass(frozen=True)
class MoveLine:
    stay_id: int
    room: str
    guest: str
    done: bool  # already happened


@dataclass(frozen=True)
class Ack:
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class Handover:
    shift: Shift
    next_shift: Shift
    visits_done: tuple[VisitLine, ...]
    visits_missed: tuple[VisitLine, ...]
    notes: tuple[NoteLine, ...]
    calls_next: tuple[CallLine, ...]
    complaints: tuple[ComplaintLine, ...]
    next_day: dt.date
    admissions: tuple[MoveLine, ...]
    discharges: tuple[MoveLine, ...]
    ack: Ack | None

    def counts(self) -> dict[str, int]:
        return {"visits_done": len(self.visits_done), "visits_missed": len(self.visits_missed),
                "notes": len(self.notes), "calls_next": len(self.calls_next),
                "complaints": len(self.complaints), "admissions": len(self.admissions),
                "discharges": len(self.discharges)}


def handover(shift: Shift | None = None) -> Handover:
    """Everything the handover of `shift` (default: the outgoing one) shows, read now."""
    now = clock.now()
    shift = shift or outgoing_shift(now)
    following = next_shift(shift)
    rooms = _RoomLookup()
    next_day = shift.day + dt.timedelta(days=1)
    report = Handover(
        shift, following, _visits_done(shift, rooms), _visits_missed(shift, now, rooms), _notes(shift, rooms),
        _calls(following, now, rooms), _complaints(now, rooms), next_day,
        _admissions(next_day), _discharges(next_day), ack_for(shift))
    return report


# -- visits ------------------------------------------------------------------------------
def _visit_query():
    doer = Staff.alias()
    return (Task.select(Task.id, Task.guest, Guest.name, Task.title, Task.due_at, Task.status, doer.name,
                        Task.done_at, Task.reason)
            .join(Guest, on=(Task.guest == Guest.id))
            .switch(Task).join(doer, JOIN.LEFT_OUTER, on=(Task.done_by == doer.id))
            .where(Task.kind == "visit"))


def _visit_lines(query, rooms: "_RoomLookup") -> tuple[VisitLine, ...]:
    rows = list(query.tuples())
    rooms.need(r[1] for r in rows)
    lines = [VisitLine(task_id, rooms.of(guest_id), name, title, due, status, by or "", at, reason or "")
             for task_id, guest_id, name, title, due, status, by, at, reason in rows]
    return tuple(sorted(lines, key=lambda v: (v.room == "", v.room, v.due, v.task_id)))


def _visits_done(shift: Shift, rooms) -> tuple[VisitLine, ...]:
    query = _visit_query().where((Task.status == "done") & (Task.done_at >= shift.start) & (Task.done_at < shift.end)
                                 & listed())
    return _visit_lines(query, rooms)


def _visits_missed(shift: Shift, now: arrow.Arrow, rooms) -> tuple[VisitLine, ...]:
    until = min(shift.end, now)
    query = _visit_query().where((Task.due_at >= shift.start) & (Task.due_at < until)
                                 & Task.status.in_(("open", "skipped")) & listed())
    return _visit_lines(query, rooms)


# -- notes, calls, complaints ------------------------------------------------------------
def _notes(shift: Shift, rooms) -> tuple[NoteLine, ...]:
    query = (Note.select(Note.at, Note.guest, Guest.name, Staff.name, Note.text)
             .join(Guest, on=(Note.guest == Guest.id))
             .switch(Note).join(Staff, JOIN.LEFT_OUTER, on=(Note.staff == Staff.id))
             .where((Note.at >= shift.start) & (Note.at < shift.end)).order_by(Note.at, Note.id))
    rows = list(query.tuples())
    rooms.need(r[1] for r in rows)
    return tuple(NoteLine(at, rooms.of(guest_id), name, by or "", text) for at, guest_id, name, by, text in rows)


def _calls(following: Shift, now: arrow.Arrow, rooms) -> tuple[CallLine, ...]:
    query = (Task.select(Task.id, Task.due_at, Task.guest, Guest.name, Task.title, Task.channel, Task.role)
             .join(Guest, on=(Task.guest == Guest.id))
             .where((Task.status == "open") & (Task.due_at < following.end) & Task.kind.in_(CALL_KINDS) & listed())
             .order_by(Task.due_at, Task.id))
    rows = list(query.tuples())
    rooms.need(r[2] for r in rows)
    return tuple(CallLine(task_id, due, rooms.of(guest_id), name, title, channel, role, due < now)
                 for task_id, due, guest_id, name, title, channel, role in rows)


def _complaints(now: arrow.Arrow, rooms) -> tuple[ComplaintLine, ...]:
    query = (Complaint.select(Complaint.id, Complaint.guest, Guest.name, Complaint.what, Staff.name,
                              Complaint.status, Complaint.deadline)
             .join(Guest, JOIN.LEFT_OUTER, on=(Complaint.guest == Guest.id))
             .switch(Complaint).join(Staff, JOIN.LEFT_OUTER, on=(Complaint.owner == Staff.id))
             .where(Complaint.status != "closed").order_by(Complaint.deadline, Complaint.id))
    rows = list(query.tuples())
    rooms.need(r[1] for r in rows if r[1])
    return tuple(ComplaintLine(cid, rooms.of(guest_id), name or "", what, owner or "", status, deadline,
                               deadline is not None and deadline < now)
                 for cid, guest_id, name, what, owner, status, deadline in rows)


# -- the coming day ----------------------------------------------------------------------
def _moves(where) -> tuple[MoveLine, ...]:
    query = (Stay.select(Stay.id, Room.number, Guest.name, Stay.status)
             .join(Guest, on=(Stay.guest == Guest.id))
             .switch(Stay).join(Room, JOIN.LEFT_OUTER, on=(Stay.room == Room.id))
             .where(where).order_by(Room.number, Stay.id))
    return tuple(MoveLine(sid, room or "", name, done) for sid, room, name, done in
                 ((sid, room, name, status) for sid, room, name, status in query.tuples()))


def _admissions(day: dt.date) -> tuple[MoveLine, ...]:
    lines = _moves(((Stay.status == "signed") & (Stay.planned_admission == day)) | (Stay.admitted_on == day))
    return tuple(MoveLine(m.stay_id, m.room, m.guest, m.done in ("admitted", "discharged")) for m in lines)


def _discharges(day: dt.date) -> tuple[MoveLine, ...]:
    lines = _moves(((Stay.status == "admitted") & (Stay.planned_discharge == day)) | (Stay.discharged_on == day))
    return tuple(MoveLine(m.stay_id, m.room, m.guest, m.done == "discharged") for m in lines)


class _RoomLookup:
    """Guest id -> the room of her current stay (in house, else arriving), in one query per batch."""

    def __init__(self) -> None:
        self.rooms: dict[int, str] = {}
        self.asked: set[int] = set()

    def need(self, guest_ids) -> None:
        wanted = {g for g in guest_ids if g not in self.asked}
        if not wanted:
            return
        self.asked |= wanted
        query = (Stay.select(Stay.guest, Room.number, Stay.status).join(Room, on=(Stay.room == Room.id))
                 .where(Stay.guest.in_(sorted(wanted)) & Stay.status.in_(("admitted", "signed")))
                 .order_by(Stay.status.desc(), Stay.id))  # signed < admitted: admitted wins
        for guest_id, number, _status in query.tuples():
            self.rooms.setdefault(guest_id, number)

    def of(self, guest_id: int | None) -> str:
        return self.rooms.get(guest_id, "") if guest_id else ""


# -- acknowledgement ---------------------------------------------------------------------
def ack_for(shift: Shift) -> Ack | None:
    row = (HandoverAck.select(HandoverAck.staff_name, HandoverAck.at)
           .where((HandoverAck.shift == shift.key) & (HandoverAck.starts_at == shift.start)).first())
    return Ack(row.staff_name, row.at) if row else None


def ack_refusal(actor: Actor, shift: Shift) -> StoreError | None:
    """Why `actor` cannot acknowledge `shift` now (the system; a shift still running), or None.
    Pure: the handover screen asks before its question; acknowledge() enforces it."""
    if actor.staff_id is None:
        return Invalid("staff", "a handover is acknowledged by a signed-in person, not the system")
    opens = shift.end.shift(minutes=-ACK_EARLY_MINUTES)
    if clock.now() < opens:
        at = opens.to(clock.timezone()).format("YYYY-MM-DD HH:mm")
        return Invalid("shift", "this shift is still running: it can be acknowledged from {at}", at=at)
    return None


def acknowledge(actor: Actor, shift: Shift, counts: dict[str, int] | None = None) -> Ack:
    """The incoming nurse takes the shift over: stamped with her name and the time, once per shift."""
    refusal = ack_refusal(actor, shift)
    if refusal is not None:
        raise refusal

    def apply(tx) -> Ack:
        taken = ack_for(shift)
        if taken is not None:
            when = arrow.get(taken.at).to(clock.timezone()).format("HH:mm")
            raise Conflict("this handover was already acknowledged by {by} at {at}", by=taken.by, at=when)
        row = HandoverAck.create(shift=shift.key, starts_at=shift.start, ends_at=shift.end, staff=actor.staff_id,
                                 staff_name=actor.name, at=tx.now, summary=counts or {})
        tx.record("handover", row.id, None, {"shift": shift.key, "starts_at": shift.start.isoformat(),
                                             "counts": counts or {}})
        return Ack(actor.name, row.at)

    return write(actor, "handover.acknowledge", apply)
