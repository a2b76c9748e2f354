"""Medical aesthetics (manual 001): consultations and their lead plan, conversion,
procedures, and treatment courses whose every session starts a day-3 call."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from seeds.lifecycle import load_lifecycle
from store import clock
from store.errors import Conflict, Invalid, NotFound
from store.guests_write import create_guest
from store.lifecycle import (anchors_changed, check_phone, guest_or_404, need_text, parse_date,
                             staff_ref)
from store.models import Case, Course, CourseSession, Procedure, Task
from store.writes import Actor, write

LEAD_ANCHORS = ("consultation",)  # tasks anchored here are lead follow-ups, cancelled on conversion


@dataclass(frozen=True)
class CaseRow:
    id: int
    guest_id: int
    category: str
    item: str
    consulted_on: dt.date
    converted_on: dt.date | None
    on_611_plan: bool


def record_consultation(actor: Actor, *, category: str, item: str, guest_id: int | None = None,
                        name: str = "", phone: str = "", consulted_on=None, consultant=None) -> int:
    """A consultation not (yet) converted; its category picks the lead plan. Returns the case id."""
    cats = load_lifecycle().categories
    if category not in cats:
        raise Invalid("category", "choose one of {choices}", choices=", ".join(cats))
    item = need_text("item", item, "what the guest asked about")
    day = parse_date("consulted_on", consulted_on or clock.today())
    if day > clock.today():
        raise Invalid("consulted_on", "a consultation cannot be in the future")
    staff = staff_ref("consultant", consultant)
    if guest_id is None:
        name = need_text("name", name, "the guest's name")
        phone = check_phone(phone)
    else:
        guest_or_404(guest_id)

    def apply(tx):
        gid = guest_id or create_guest(tx, name=name, phone=phone, entered_on=day, kind="aesthetics")
        case = Case.create(guest=gid, consulted_on=day, category=category, item=item,
                           consultant=staff.id if staff else actor.staff_id,
                           on_611_plan=cats[category]["plan_611"])
        tx.record("case", case.id, None, {"category": category, "item": item, "consulted_on": day}, guest=gid)
        anchors_changed(tx, gid)
        return case.id

    return write(actor, "case.consultation", apply)


def convert(actor: Actor, case_id: int, on=None) -> int:
    """The guest booked: lead follow-ups still open are cancelled. Returns how many."""
    case = _case(case_id)
    day = parse_date("converted_on", on or clock.today())
    if case.converted_on:
        raise Conflict("already converted on {day}", day=case.converted_on)

    def apply(tx):
        Case.update(converted_on=day, on_611_plan=False).where(Case.id == case_id).execute()
        tx.record("case", case_id, {"converted_on": None}, {"converted_on": day}, guest=case.guest_id)
        cancelled = (Task.update(status="cancelled", reason="converted")
                     .where((Task.guest == case.guest_id) & (Task.status == "open") & Task.anchor.in_(LEAD_ANCHORS))
                     .execute())
        if cancelled:
            tx.record("task", None, None, {"cancelled": cancelled, "reason": "converted"}, guest=case.guest_id,
                      action="task.cancel")
        anchors_changed(tx, case.guest_id)
        return cancelled

    return write(actor, "case.convert", apply)


def add_procedure(actor: Actor, guest_id: int, *, kind: str, name: str, performed_on,
                  case_id: int | None = None, discharged_on=None, stitch_removal_on=None) -> int:
    """A procedure (surgery outpatient/inpatient, skin, dental, non-invasive); starts the post-op calls."""
    kinds = load_lifecycle().procedure_kinds
    if kind not in kinds:
        raise Invalid("kind", "choose one of {choices}", choices=", ".join(kinds))
    name = need_text("name", name, "the procedure")
    day = parse_date("performed_on", performed_on)
    out = parse_date("discharged_on", discharged_on, required=False)
    stitches = parse_date("stitch_removal_on", stitch_removal_on, required=False)
    for field, other in (("discharged_on", out), ("stitch_removal_on", stitches)):
        if other and other < day:
            raise Invalid(field, "cannot be before the procedure")
    guest_or_404(guest_id)
    if case_id is not None and _case(case_id).converted_on is None:
        convert(actor, case_id, day)

    def apply(tx):
        row = Procedure.create(guest=guest_id, case=case_id, kind=kind, name=name, performed_on=day,
                               discharged_on=out, stitch_removal_on=stitches)
        tx.record("procedure", row.id, None, {"kind": kind, "name": name, "performed_on": day}, guest=guest_id)
        anchors_changed(tx, guest_id)
        return row.id

    return write(actor, "procedure.add", apply)


def start_course(actor: Actor, guest_id: int, name: str, sessions: int = 6) -> int:
    name = need_text("name", name, "the treatment course")
    if not isinstance(sessions, int) or not 1 <= sessions <= 30:
        raise Invalid("sessions", "a course has 1 to 30 sessions")
    guest_or_404(guest_id)

    def apply(tx):
        course = Course.create(guest=guest_id, name=name, sessions_planned=sessions)
        tx.record("course", course.id, None, {"name": name, "sessions": sessions}, guest=guest_id)
        return course.id

    return write(actor, "course.start", apply)


def log_session(actor: Actor, course_id: int, done_on=None) -> int:
    """Session N done (starts its day-3 call); the last one ends the course. Returns N."""
    course = Course.get_or_none(Course.id == course_id)
    if course is None:
        raise NotFound("no treatment course with id {id}", id=course_id)
    day = parse_date("done_on", done_on or clock.today())
    if day > clock.today():
        raise Invalid("done_on", "a session cannot be logged ahead of time")

    def apply(tx):
        number = CourseSession.select().where(CourseSession.course == course_id).count() + 1
        if number > course.sessions_planned:
            raise Conflict("all {count} sessions of {course} are already logged", count=course.sessions_planned,
                           course=course.name)
        CourseSession.create(course=course_id, number=number, done_on=day)
        tx.record("course", course_id, None, {"session": number, "done_on": day}, guest=course.guest_id)
        if number == course.sessions_planned:
            Course.update(ended_on=day).where(Course.id == course_id).execute()
        anchors_changed(tx, course.guest_id)
        return number

    try:
        return write(actor, "course.session", apply)
    except pw.IntegrityError:
        raise Conflict("that session was logged a moment ago by someone else") from None


def cases_for(guest_id: int) -> list[CaseRow]:
    return [CaseRow(c.id, c.guest_id, c.category, c.item, c.consulted_on, c.converted_on, c.on_611_plan)
            for c in Case.select().where(Case.guest == guest_id).order_by(Case.consulted_on)]


def _case(case_id: int) -> Case:
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("no consultation with id {id}", id=case_id)
    return case


@dataclass(frozen=True)
class CourseRow:
    id: int
    name: str
    done: int  # sessions logged
    planned: int
    ended_on: dt.date | None


def courses_for(guest_id: int, *, open_only: bool = False) -> list[CourseRow]:
    """A guest's treatment courses with their logged-session count (open_only: sessions left)."""
    done = pw.fn.COUNT(CourseSession.id)
    query = (Course.select(Course, done.alias("done"))
             .join(CourseSession, pw.JOIN.LEFT_OUTER, on=(CourseSession.course == Course.id))
             .where(Course.guest == guest_id).group_by(Course.id).order_by(Course.id))
    rows = [CourseRow(c.id, c.name, c.done, c.sessions_planned, c.ended_on) for c in query]
    return [r for r in rows if r.done < r.planned] if open_only else rows
