"""Wellness appointments (manual 002): time, item and staff confirmed; a change agreed with
the guest in advance and logged; the health assessment in the guest file."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store import clock
from store.errors import Conflict, Invalid, NotFound, StoreError
from store.lifecycle import anchors_changed, guest_or_404, need_text, parse_local_time, staff_ref
from store.models import Appointment, Guest
from store.permissions import require
from store.writes import Actor, write

STATUSES = ("booked", "done", "cancelled", "no_show")


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    guest_id: int
    at: dt.datetime
    item: str
    staff_id: int | None
    status: str


def book(actor: Actor, guest_id: int, *, at, item: str, staff) -> int:
    """A confirmed appointment; a staff member cannot be booked twice at the same time."""
    when = parse_local_time("at", at)
    if when < clock.now():
        raise Invalid("at", "the time has passed")
    item = need_text("item", item, "the service item")
    person = staff_ref("staff", staff)
    if person is None:
        raise Invalid("staff", "choose who serves the guest")
    guest_or_404(guest_id)

    def apply(tx):
        _free(person.id, when, None)
        row = Appointment.create(guest=guest_id, at=when, item=item, staff=person.id)
        tx.record("appointment", row.id, None, {"at": when.isoformat(), "item": item, "staff": person.id},
                  guest=guest_id)
        anchors_changed(tx, guest_id)
        return row.id

    return write(actor, "appointment.book", apply)


def change(actor: Actor, appointment_id: int, *, agreed: bool, note: str, at=None, item=None, staff=None) -> None:
    """Move or change an appointment: only before it, only when agreed with the guest, logged."""
    row = _get(appointment_id)
    if row.status != "booked":
        raise Conflict("the appointment is {status}", status=row.status)
    if row.at <= clock.now().datetime:
        raise Invalid("at", "changes are agreed in advance: this appointment has started or passed")
    if not agreed:
        raise Invalid("agreed", "agree the change with the guest first")
    note = need_text("note", note, "how the guest agreed (e.g. phoned 11-23, ok)")
    changes = {}
    if at:
        changes["at"] = parse_local_time("at", at)
        if changes["at"] < clock.now():
            raise Invalid("at", "the new time has passed")
    if item:
        changes["item"] = need_text("item", item, "the service item")
    if staff:
        changes["staff"] = staff_ref("staff", staff).id
    if not changes:
        raise Invalid("at", "nothing to change: give a new time, item or staff")
    before = {"at": row.at.isoformat(), "item": row.item, "staff": row.staff_id}

    def apply(tx):
        _free(changes.get("staff", row.staff_id), changes.get("at", row.at), appointment_id)
        Appointment.update(**changes).where(Appointment.id == appointment_id).execute()
        after = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()}
        tx.record("appointment", appointment_id, before, {**after, "agreed": note}, guest=row.guest_id)
        anchors_changed(tx, row.guest_id)

    write(actor, "appointment.change", apply)


OUTCOMES = ("done", "no_show")  # what happened at the appointment: known only once its time has come


def status_refusal(at: dt.datetime, current: str, status: str) -> StoreError | None:
    """Why setting `status` on an appointment at `at` now in `current` status would be refused, or
    None. Cheap and pure: the screen asks it before acting, set_status() enforces it."""
    if status not in STATUSES:
        return Invalid("status", "use one of {choices}", choices=", ".join(STATUSES))
    if status == "booked":
        return Conflict("the appointment is {status}", status=current) if current == "booked" else None
    if current != "booked":
        return Conflict("the appointment is {status}", status=current)
    if status in OUTCOMES and at > clock.now().datetime:
        return Invalid("status", "the appointment is at {at}: it can be marked done or no-show once its time "
                                 "has come", at=_local(at))
    return None


def set_status(actor: Actor, appointment_id: int, status: str) -> None:
    """Done / no-show (once its time has come), cancelled (while booked), or booked again (a mistake)."""
    row = _get(appointment_id)
    refusal = status_refusal(row.at, row.status, status)
    if refusal is not None:
        raise refusal

    def apply(tx):
        fresh = _get(appointment_id)
        late = status_refusal(fresh.at, fresh.status, status)  # someone at another desk was quicker
        if late is not None:
            raise late
        Appointment.update(status=status).where(Appointment.id == appointment_id).execute()
        tx.record("appointment", appointment_id, {"status": fresh.status}, {"status": status}, guest=row.guest_id)

    write(actor, f"appointment.{status}", apply)


def appointments_on(day: dt.date) -> list[AppointmentRow]:
    start, end = clock.local_day_bounds(day)
    query = Appointment.select().where((Appointment.at >= start) & (Appointment.at < end)).order_by(Appointment.at)
    return [AppointmentRow(a.id, a.guest_id, a.at, a.item, a.staff_id, a.status) for a in query]


def record_assessment(actor: Actor, guest_id: int, *, symptoms: str, history: str = "", allergies: str = "",
                      family_history: str = "") -> None:
    """Health assessment into the guest file (health data: needs "health_notes")."""
    require(actor, "health_notes", guest=guest_id)
    symptoms = need_text("symptoms", symptoms, "the symptoms")
    guest = guest_or_404(guest_id)
    text = "\n".join(f"{label}: {value.strip()}" for label, value in (
        ("symptoms", symptoms), ("history", history), ("family history", family_history)) if value.strip())

    def apply(tx):
        Guest.update(health_notes=text, allergies=allergies.strip()).where(Guest.id == guest_id).execute()
        tx.record("guest", guest_id, {"assessment": bool(guest.health_notes)}, {"assessment": True}, guest=guest_id)

    write(actor, "guest.assessment", apply)


def _free(staff_id: int, when, except_id: int | None) -> None:
    query = Appointment.select().where((Appointment.staff == staff_id) & (Appointment.at == when)
                                       & (Appointment.status == "booked"))
    if except_id:
        query = query.where(Appointment.id != except_id)
    if query.exists():
        raise Conflict("that staff member already has an appointment at this time")


def _get(appointment_id: int) -> Appointment:
    row = Appointment.get_or_none(Appointment.id == appointment_id)
    if row is None:
        raise NotFound("no appointment with id {id}", id=appointment_id)
    return row


@dataclass(frozen=True)
class DeskRow:
    """An appointment as the front desk reads it: names, not ids; time in the center's zone."""

    id: int
    guest_id: int
    guest_name: str
    at: dt.datetime  # UTC
    local_at: str  # 'YYYY-MM-DD HH:MM', the form's format
    item: str
    staff_number: str
    staff_name: str
    status: str


def desk_day(day: dt.date) -> list[DeskRow]:
    """The day's appointments (every status), in time order, for the appointments screen."""
    start, end = clock.local_day_bounds(day)
    return _desk_rows((Appointment.at >= start) & (Appointment.at < end))


def desk_row(appointment_id: int) -> DeskRow:
    """One appointment, for the change form's prefill."""
    rows = _desk_rows(Appointment.id == appointment_id)
    if not rows:
        raise NotFound("no appointment with id {id}", id=appointment_id)
    return rows[0]


def _desk_rows(where) -> list[DeskRow]:
    from peewee import JOIN

    from store.models import Staff

    query = (Appointment.select(Appointment, Guest.name, Staff.number, Staff.name.alias("staff_name"))
             .join(Guest, on=(Appointment.guest == Guest.id))
             .switch(Appointment).join(Staff, JOIN.LEFT_OUTER, on=(Appointment.staff == Staff.id))
             .where(where).order_by(Appointment.at, Appointment.id))
    out = []
    for a in query.objects():
        out.append(DeskRow(a.id, a.guest_id, a.name, a.at, _local(a.at), a.item, a.number or "", a.staff_name or "",
                           a.status))
    return out


def _local(at) -> str:
    import arrow

    return arrow.get(at).to(clock.timezone()).format("YYYY-MM-DD HH:mm")
