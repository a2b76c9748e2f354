"""The workflows move anchors and generation plans the calls: day 3 after a session, after-care."""
from __future__ import annotations

import datetime as dt

from store import cases, generate
from store.admit import admit
from store.checkout import discharge
from store.models import Case, Stay, Task
from tests.lifecycle.helpers import TODAY, contract


def test_each_logged_session_starts_its_day3_call(center):
    case_id = cases.record_consultation(center["consultant"], category="new", item="x", name="赵敏",
                                        phone="13700137000")
    guest = Case.get_by_id(case_id).guest_id
    course = cases.start_course(center["medical_assistant"], guest, "水光针", sessions=6)
    cases.log_session(center["medical_assistant"], course, "2026-11-20")
    cases.log_session(center["medical_assistant"], course, "2026-11-23")
    generate.run(through=TODAY + dt.timedelta(days=10))
    calls = Task.select().where((Task.guest == guest) & (Task.step == "treatment_day3_call")).order_by(Task.due_at)
    assert [t.due_at.date() for t in calls] == [dt.date(2026, 11, 23), dt.date(2026, 11, 26)]


def test_discharge_starts_after_care(center):
    stay_id = contract(center["manager"])
    admit(center["customer_service"], stay_id, "601")
    discharge(center["manager"], stay_id, ticked=["room_check", "room_cards", "phone_charges"], refund="3000",
              override_reason="ok")
    generate.run(through=TODAY + dt.timedelta(days=5))
    guest = Stay.get_by_id(stay_id).guest_id
    after = Task.select().where((Task.guest == guest) & (Task.anchor == "discharge") & (Task.status == "open"))
    assert after.count() >= 1
