"""Fixture rows for playbook tests: guests, stays, cases inserted directly (no importer needed)."""
from __future__ import annotations

import datetime as dt

from store import clock
from store.models import Appointment, Case, Course, CourseSession, Guest, Procedure, Stay, Task

D = dt.date


def guest(name="王小红", kind="postpartum", entered_on=D(2026, 1, 1), **extra) -> int:
    row = Guest.create(name=name, kind=kind, entered_on=entered_on, created_at=clock.now(), **extra)
    return row.id


def stay(guest_id, *, contract=None, **dates) -> int:
    contract = contract or f"C{guest_id}-{Stay.select().count() + 1}"
    dates.setdefault("package_days", 28)
    return Stay.create(guest=guest_id, contract_no=contract, **dates).id


def case(guest_id, consulted_on, category="new", **extra) -> int:
    return Case.create(guest=guest_id, consulted_on=consulted_on, category=category, **extra).id


def procedure(guest_id, performed_on, kind="surgery_inpatient", **extra) -> int:
    return Procedure.create(guest=guest_id, kind=kind, name="双眼皮", performed_on=performed_on, **extra).id


def course(guest_id, sessions=(), ended_on=None) -> int:
    course_id = Course.create(guest=guest_id, name="光子嫩肤", ended_on=ended_on).id
    for number, day in enumerate(sessions, start=1):
        CourseSession.create(course=course_id, number=number, done_on=day)
    return course_id


def appointment(guest_id, at, purpose="", status="booked", item="艾灸") -> int:
    return Appointment.create(guest=guest_id, at=at, item=item, purpose=purpose, status=status).id


def tasks(guest_id=None, step=None, status=None) -> list[Task]:
    query = Task.select().order_by(Task.due_at, Task.id)
    if guest_id is not None:
        query = query.where(Task.guest == guest_id)
    if step is not None:
        query = query.where(Task.step == step)
    if status is not None:
        query = query.where(Task.status == status)
    return list(query)


def local_day(task: Task) -> dt.date:
    import arrow
    return arrow.get(task.due_at).to(clock.timezone()).date()


def local_hm(task: Task) -> tuple[int, int]:
    import arrow
    at = arrow.get(task.due_at).to(clock.timezone())
    return at.hour, at.minute
