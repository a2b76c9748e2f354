"""The aesthetics and wellness demos: consultations, procedures, courses and appointments."""
from __future__ import annotations

import datetime as dt

from seeds.demo_people import People
from store import clock
from store.guests_write import create_guest
from store.models import Appointment, Case, Course, CourseSession, Procedure
from store.writes import SYSTEM, write

GUESTS = 140
CATEGORIES = ("new", "returning", "consulted_not_booked", "booked_no_show")
PROCEDURE_KINDS = ("surgery_outpatient", "surgery_inpatient", "skin", "non_invasive")
TIERS = ("ordinary", "ordinary", "ordinary", "silver", "silver", "gold", "platinum")


class Clinic:
    def __init__(self, people: People, today: dt.date, kind: str, staff: dict[str, list[int]]):
        self.p, self.today, self.kind, self.staff = people, today, kind, staff
        self.consultants = staff.get("consultant") or staff.get("customer_service") or [None]
        self.providers = (staff.get("medical_assistant", []) + staff.get("nurse", [])
                          + staff.get("recovery_therapist", [])) or [None]

    def build(self) -> dict[str, int]:
        write(SYSTEM, f"demo.{self.kind}", lambda tx: [self._guest(tx, i) for i in range(GUESTS)])
        return {"guests": GUESTS}

    def _guest(self, tx, index: int) -> None:
        first = self.today - dt.timedelta(days=index * 200 // GUESTS)  # spread over ~200 days, newest first
        fields = self.p.guest_flags()
        if self.kind == "wellness":
            fields["tier"] = self.p.rng.choice(TIERS)
        guest_id = create_guest(tx, name=self.p.name(), phone=self.p.phone(), entered_on=first, kind=self.kind,
                                birthday=dt.date(self.p.rng.randint(1965, 2002), self.p.rng.randint(1, 12),
                                                 self.p.rng.randint(1, 28)),
                                created_at=min(clock.at_local(first, 11), clock.now()), **fields)
        if self.kind == "aesthetics":
            self._case(tx, guest_id, first)
        if self.p.chance(0.3 if self.kind == "aesthetics" else 0.5):
            self._course(tx, guest_id, first)
        self._appointments(tx, guest_id, first)

    def _case(self, tx, guest_id: int, consulted: dt.date) -> None:
        converted = consulted + self.p.days(0, 20) if self.p.chance(0.45) else None
        if converted and converted > self.today:
            converted = None
        item = self.p.pick("items", "aesthetics")
        case = Case.create(guest=guest_id, consulted_on=consulted, category=self.p.rng.choice(CATEGORIES), item=item,
                           consultant=self.p.rng.choice(self.consultants), converted_on=converted,
                           on_611_plan=not converted and self.p.chance(0.25))
        tx.record("case", case.id, None, {"category": case.category, "item": item}, guest=guest_id, action="case.add")
        if converted:
            kind = self.p.rng.choice(PROCEDURE_KINDS)
            surgery = kind.startswith("surgery")
            proc = Procedure.create(guest=guest_id, case=case.id, kind=kind, name=item, performed_on=converted,
                                    discharged_on=converted + dt.timedelta(days=1) if kind == "surgery_inpatient" else None,
                                    stitch_removal_on=converted + dt.timedelta(days=7) if surgery else None)
            tx.record("procedure", proc.id, None, {"kind": kind, "name": item}, guest=guest_id, action="procedure.add")

    def _course(self, tx, guest_id: int, start: dt.date) -> None:
        planned = self.p.rng.choice((4, 6, 6, 8))
        sessions, day = [], start + self.p.days(0, 7)
        while len(sessions) < planned and day < self.today:
            sessions.append(day)
            day += self.p.days(10, 21)
        ended = sessions[-1] if len(sessions) == planned else None
        course = Course.create(guest=guest_id, name=self.p.pick("courses", self.kind), sessions_planned=planned,
                               ended_on=ended)
        for number, done in enumerate(sessions, start=1):
            CourseSession.create(course=course.id, number=number, done_on=done)
        tx.record("course", course.id, None, {"name": course.name, "sessions": len(sessions)}, guest=guest_id,
                  action="course.add")

    def _appointments(self, tx, guest_id: int, first: dt.date) -> None:
        """Past visits done (a few no-shows), and today's and the coming days' bookings for some."""
        day = first
        while day < self.today:
            status = "no_show" if self.p.chance(0.05) else "done"
            self._appointment(tx, guest_id, day, status)
            day += self.p.days(14, 60)
        if self.p.chance(0.12):
            self._appointment(tx, guest_id, self.today + self.p.days(0, 6), "booked")

    def _appointment(self, tx, guest_id: int, day: dt.date, status: str) -> None:
        at = clock.at_local(day, self.p.rng.randint(9, 18), self.p.rng.choice((0, 30)))
        row = Appointment.create(guest=guest_id, at=at, item=self.p.pick("items", self.kind),
                                 staff=self.p.rng.choice(self.providers), status=status)
        tx.record("appointment", row.id, None, {"item": row.item, "status": status}, guest=guest_id,
                  action="appointment.add")
