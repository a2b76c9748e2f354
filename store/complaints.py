"""Complaints (manual 002): record, owner and deadline, investigation, resolution plan,
reply, written result confirmed, close; overdue list and a monthly summary.
Every call needs the "complaints" permission."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import arrow
import peewee as pw

from seeds.lifecycle import load_lifecycle
from store import clock
from store.errors import Conflict, Invalid, NotFound, StoreError
from store.lifecycle import guest_or_404, local_hm, need_text, parse_date, parse_local_time, staff_ref
from store.models import Complaint, Event, Guest, Staff
from store.permissions import require
from store.writes import Actor, write


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    guest_id: int | None
    guest_name: str
    channel: str
    received_at: dt.datetime
    reporter: str
    what: str
    owner: str
    deadline: dt.datetime | None
    investigation: str
    plan: str
    plan_owner: str
    plan_due: dt.date | None
    reply: str
    result_confirmed_at: dt.datetime | None
    closed_at: dt.datetime | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class MonthSummary:
    received: int
    closed: int
    still_open: int
    closed_late: int
    mean_hours_to_close: float | None
    by_channel: dict[str, int]


def record(actor: Actor, *, channel: str, reporter: str, what: str, guest_id: int | None = None,
           received_at=None, owner=None, deadline=None) -> int:
    """A complaint as received: channel, time, who, what; owner and deadline (default from seeds)."""
    require(actor, "complaints", guest=guest_id)
    rules = load_lifecycle()
    if channel not in rules.complaint_channels:
        raise Invalid("channel", "choose one of {choices}", choices=", ".join(rules.complaint_channels))
    reporter = need_text("reporter", reporter, "who complained")
    what = need_text("what", what, "what the complaint is about")
    received = parse_local_time("received_at", received_at) if received_at else clock.now()
    if received > clock.now():
        raise Invalid("received_at", "a complaint cannot be received in the future")
    due = parse_local_time("deadline", deadline) if deadline else received.shift(hours=rules.complaint_deadline_hours)
    if due <= received:
        raise Invalid("deadline", "the deadline must be after the complaint was received")
    person = staff_ref("owner", owner)
    if guest_id is not None:
        guest_or_404(guest_id)

    def apply(tx):
        row = Complaint.create(guest=guest_id, channel=channel, received_at=received, reporter=reporter,
                               what=what, owner=person.id if person else None, deadline=due)
        tx.record("complaint", row.id, None, {"channel": channel, "owner": row.owner_id,
                                              "deadline": due.isoformat()}, guest=guest_id)
        return row.id

    return write(actor, "complaint.record", apply)


def assign(actor: Actor, complaint_id: int, *, owner, deadline) -> None:
    person = staff_ref("owner", owner)
    if person is None:
        raise Invalid("owner", "choose who owns the complaint")
    due = parse_local_time("deadline", deadline)
    _update(actor, complaint_id, "complaint.assign", owner=person.id, deadline=due)


def investigate(actor: Actor, complaint_id: int, note: str) -> None:
    """Add an investigation note (stamped with who and when)."""
    note = need_text("note", note, "what the investigation found")
    row = _open(complaint_id)
    line = f"[{local_hm(clock.now())} {actor.name}] {note}"
    text = f"{row.investigation}\n{line}" if row.investigation else line
    _update(actor, complaint_id, "complaint.investigate", investigation=text,
            status="investigating" if row.status == "open" else row.status)


def plan(actor: Actor, complaint_id: int, *, measures: str, owner, due) -> None:
    """The resolution plan: measures, who carries them out, by when."""
    measures = need_text("measures", measures, "the measures")
    person = staff_ref("plan_owner", owner)
    if person is None:
        raise Invalid("plan_owner", "choose who carries out the plan")
    day = parse_date("plan_due", due)
    if day < clock.today():
        raise Invalid("plan_due", "the plan date has passed")
    row = _open(complaint_id)
    _update(actor, complaint_id, "complaint.plan", plan=measures, plan_owner=person.id, plan_due=day,
            status="investigating" if row.status == "open" else row.status)


def reply(actor: Actor, complaint_id: int, text: str) -> None:
    """What the guest was told (progress or result)."""
    text = need_text("reply", text, "what the guest was told")
    _allowed("reply", _get(complaint_id))
    _update(actor, complaint_id, "complaint.reply", reply=text, replied_at=clock.now(), status="resolved")


def confirm_result(actor: Actor, complaint_id: int) -> None:
    """The guest signed the written result."""
    _allowed("confirm", _get(complaint_id))
    _update(actor, complaint_id, "complaint.confirm", result_confirmed_at=clock.now())


def close(actor: Actor, complaint_id: int) -> None:
    _allowed("close", _get(complaint_id))
    _update(actor, complaint_id, "complaint.close", closed_at=clock.now(), status="closed")


def step_refusal(step: str, row) -> StoreError | None:
    """Why `step` (one of STEPS after "record") would be refused on complaint `row` (a ComplaintRow
    or the model: id, status, plan, reply, result_confirmed_at), or None. Pure and cheap: the
    screen asks before its question, the store's own steps enforce it."""
    if row.status == "closed":
        return Conflict("complaint {id} is closed", id=row.id)
    if step == "reply" and not row.plan:
        return Conflict("write the resolution plan before replying with the result")
    if step == "confirm" and not row.reply:
        return Conflict("reply to the guest before confirming the written result")
    if step == "close" and row.result_confirmed_at is None:
        return Conflict("the guest has not confirmed the written result yet")
    return None


def _allowed(step: str, row) -> None:
    refusal = step_refusal(step, row)
    if refusal is not None:
        raise refusal


def get(actor: Actor, complaint_id: int) -> ComplaintRow:
    require(actor, "complaints")
    return _row(_get(complaint_id), clock.now())


def open_complaints(actor: Actor) -> list[ComplaintRow]:
    """The manager's list: every complaint not closed, earliest deadline first."""
    require(actor, "complaints")
    now = clock.now()
    query = _select().where(Complaint.status != "closed").order_by(Complaint.deadline, Complaint.id)
    return [_row(c, now) for c in query]


def overdue_complaints(now) -> list[ComplaintRow]:
    """Complaints not closed whose deadline has passed (red on the board)."""
    query = _select().where((Complaint.status != "closed") & (Complaint.deadline < now)).order_by(Complaint.deadline)
    return [_row(c, now) for c in query]


def monthly_summary(actor: Actor, year: int, month: int) -> MonthSummary:
    """Complaints received in a local calendar month and what became of them."""
    require(actor, "complaints")
    start = clock.at_local(dt.date(year, month, 1))
    end = clock.at_local(dt.date(year + month // 12, month % 12 + 1, 1))
    rows = list(Complaint.select().where((Complaint.received_at >= start) & (Complaint.received_at < end)))
    closed = [c for c in rows if c.closed_at]
    hours = [(c.closed_at - c.received_at).total_seconds() / 3600 for c in closed]
    channels: dict[str, int] = {}
    for c in rows:
        channels[c.channel] = channels.get(c.channel, 0) + 1
    return MonthSummary(len(rows), len(closed), len(rows) - len(closed),
                        sum(1 for c in closed if c.deadline and c.closed_at > c.deadline),
                        round(sum(hours) / len(hours), 1) if hours else None, channels)


def _update(actor: Actor, complaint_id: int, action: str, **changes) -> None:
    require(actor, "complaints")
    row = _open(complaint_id)

    def apply(tx):
        before = {k: _plain(getattr(row, k if k not in ("owner", "plan_owner") else k + "_id")) for k in changes}
        Complaint.update(**changes).where(Complaint.id == complaint_id).execute()
        tx.record("complaint", complaint_id, before, {k: _plain(v) for k, v in changes.items()}, guest=row.guest_id)

    write(actor, action, apply)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _select():
    return Complaint.select(Complaint, Guest).join(Guest, pw.JOIN.LEFT_OUTER)


def _get(complaint_id: int) -> Complaint:
    row = _select().where(Complaint.id == complaint_id).first()
    if row is None:
        raise NotFound("no complaint with id {id}", id=complaint_id)
    return row


def _open(complaint_id: int) -> Complaint:
    row = _get(complaint_id)
    _allowed("open", row)
    return row


def _name(staff_id: int | None) -> str:
    staff = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
    return staff.name if staff else ""


def _row(c: Complaint, now) -> ComplaintRow:
    overdue = c.status != "closed" and c.deadline is not None and c.deadline < arrow.get(now).datetime
    return ComplaintRow(c.id, c.guest_id, c.guest.name if c.guest_id else "", c.channel, c.received_at, c.reporter,
                        c.what, _name(c.owner_id), c.deadline, c.investigation, c.plan, _name(c.plan_owner_id),
                        c.plan_due, c.reply, c.result_confirmed_at, c.closed_at, c.status, overdue)


STEPS = ("record", "assign", "investigate", "plan", "reply", "confirm", "close")


@dataclass(frozen=True)
class StepStamp:
    """Who took one step of a complaint and when (from the event log)."""

    step: str  # one of STEPS
    at: dt.datetime
    who: str


def history(actor: Actor, complaint_id: int) -> list[StepStamp]:
    """Each handling step of the complaint, oldest first: part of the complaint, so "complaints" suffices."""
    require(actor, "complaints")
    _get(complaint_id)
    rows = (Event.select(Event.action, Event.at, Event.staff_name)
            .where((Event.entity == "complaint") & (Event.entity_id == complaint_id)
                   & Event.action.in_([f"complaint.{step}" for step in STEPS]))
            .order_by(Event.id))
    return [StepStamp(r.action.split(".", 1)[1], r.at, r.staff_name) for r in rows]
