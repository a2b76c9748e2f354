"""Wellness appointments: time, item, staff; a change agreed in advance, logged."""
from __future__ import annotations

import pytest

from store import appointments as ap
from store.errors import Conflict, Invalid, PermissionDenied
from store.models import Appointment, Event, Guest
from store.writes import SYSTEM, write
from store.guests_write import create_guest
from tests.lifecycle.helpers import TODAY


@pytest.fixture
def guest(center):
    return write(SYSTEM, "guest.add", lambda tx: create_guest(tx, name="孙丽", phone="13600136000",
                                                              entered_on=TODAY, kind="wellness"))


def test_book_and_change_agreed_in_advance(center, guest):
    therapist = center["nurse"]
    appt = ap.book(center["customer_service"], guest, at="2026-11-25 15:00", item="艾灸", staff="S" + _num(center, "nurse"))
    assert [a.item for a in ap.appointments_on(TODAY.replace(day=25))] == ["艾灸"]
    ap.change(center["customer_service"], appt, agreed=True, note="phoned, ok", at="2026-11-26 10:00")
    row = Appointment.get_by_id(appt)
    assert row.at.isoformat().startswith("2026-11-26T02:00")
    event = Event.get(Event.action == "appointment.change")
    assert event.after["agreed"] == "phoned, ok" and event.before["at"].startswith("2026-11-25T07:00")
    assert therapist.staff_id == row.staff_id


def _num(center, role):
    from store.models import Staff
    return Staff.get_by_id(center[role].staff_id).number[1:]


@pytest.mark.parametrize("kw, field", [
    ({"at": "2026-11-20 10:00"}, "at"), ({"at": "tomorrow"}, "at"), ({"item": ""}, "item"),
    ({"staff": ""}, "staff"),
])
def test_booking_validation(center, guest, kw, field):
    args = dict(at="2026-11-25 15:00", item="推拿", staff=center["nurse"].staff_id) | kw
    with pytest.raises(Invalid) as err:
        ap.book(center["customer_service"], guest, **args)
    assert err.value.field == field


def test_double_booking_staff_and_unagreed_change_are_refused(center, guest):
    appt = ap.book(center["customer_service"], guest, at="2026-11-25 15:00", item="推拿", staff=center["nurse"].staff_id)
    with pytest.raises(Conflict):
        ap.book(center["customer_service"], guest, at="2026-11-25 15:00", item="艾灸", staff=center["nurse"].staff_id)
    with pytest.raises(Invalid) as err:
        ap.change(center["customer_service"], appt, agreed=False, note="", at="2026-11-26 10:00")
    assert err.value.field == "agreed"
    with pytest.raises(Invalid) as err:
        ap.change(center["customer_service"], appt, agreed=True, note=" ", at="2026-11-26 10:00")
    assert err.value.field == "note"


def test_change_after_the_appointment_started_is_refused(center, guest, frozen_clock):
    appt = ap.book(center["customer_service"], guest, at="2026-11-23 11:00", item="推拿", staff=center["nurse"].staff_id)
    frozen_clock.advance(hours=2)
    with pytest.raises(Invalid, match="in advance"):
        ap.change(center["customer_service"], appt, agreed=True, note="ok", at="2026-11-30 10:00")


def test_health_assessment_needs_health_permission(center, guest):
    with pytest.raises(PermissionDenied):
        ap.record_assessment(center["customer_service"], guest, symptoms="失眠")
    ap.record_assessment(center["nurse"], guest, symptoms="失眠", history="无", allergies="青霉素")
    g = Guest.get_by_id(guest)
    assert "失眠" in g.health_notes and g.allergies == "青霉素"
