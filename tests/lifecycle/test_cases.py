"""Aesthetics: consultation categories, conversion cancels lead follow-ups, procedures, courses."""
from __future__ import annotations

import pytest

from store import cases, clock
from store.errors import Conflict, Invalid
from store.models import Case, Course, Guest, Procedure, Task


def _task(guest_id, step, anchor):
    """A task of another writer (not a playbook's: planning leaves it alone), on `anchor`."""
    return Task.create(guest=guest_id, kind="callback", playbook="manual", step=step, anchor=anchor,
                       dedupe_key=f"{guest_id}/{step}", due_at=clock.now(), created_at=clock.now())


@pytest.mark.parametrize("category", ["new", "returning", "consulted_not_booked", "booked_no_show"])
def test_consultation_records_its_category(center, category):
    case_id = cases.record_consultation(center["consultant"], category=category, item="双眼皮",
                                        name="赵敏", phone="13700137000")
    case = Case.get_by_id(case_id)
    assert (case.category, case.on_611_plan, case.consultant_id) == (category, True, center["consultant"].staff_id)
    assert Guest.get_by_id(case.guest_id).kind == "aesthetics"


@pytest.mark.parametrize("kw, field", [
    ({"category": "maybe"}, "category"), ({"item": ""}, "item"), ({"phone": "x"}, "phone"),
    ({"consulted_on": "2027-01-01"}, "consulted_on"), ({"consultant": "NOPE"}, "consultant"),
])
def test_consultation_validation(center, kw, field):
    args = dict(category="new", item="双眼皮", name="赵敏", phone="13700137000") | kw
    with pytest.raises(Invalid) as err:
        cases.record_consultation(center["consultant"], **args)
    assert err.value.field == field and Case.select().count() == 0


def test_conversion_cancels_lead_followups_only(center):
    case_id = cases.record_consultation(center["consultant"], category="new", item="祛斑", name="赵敏",
                                        phone="13700137000")
    guest = Case.get_by_id(case_id).guest_id
    lead, other = _task(guest, "lead_day3", "consultation"), _task(guest, "birthday", "birthday")
    leads = Task.select().where(Task.guest == guest, Task.status == "open", Task.anchor == "consultation")
    planned = [t.id for t in leads if t.id != lead.id]
    assert planned  # recording the consultation planned her lead follow-ups
    assert cases.convert(center["consultant"], case_id) == 1 + len(planned)
    assert Task.get_by_id(lead.id).status == "cancelled" and Task.get_by_id(other.id).status == "open"
    assert {Task.get_by_id(t).status for t in planned} == {"cancelled"}
    assert Case.get_by_id(case_id).on_611_plan is False
    with pytest.raises(Conflict):
        cases.convert(center["consultant"], case_id)


def test_procedure_converts_its_case(center):
    case_id = cases.record_consultation(center["consultant"], category="booked_no_show", item="鼻综合",
                                        name="赵敏", phone="13700137000")
    guest = Case.get_by_id(case_id).guest_id
    proc = cases.add_procedure(center["consultant"], guest, kind="surgery_inpatient", name="鼻综合",
                               performed_on="2026-11-23", case_id=case_id, discharged_on="2026-11-25")
    assert Procedure.get_by_id(proc).discharged_on.isoformat() == "2026-11-25"
    assert Case.get_by_id(case_id).converted_on.isoformat() == "2026-11-23"


@pytest.mark.parametrize("kw, field", [
    ({"kind": "magic"}, "kind"), ({"name": ""}, "name"), ({"performed_on": "x"}, "performed_on"),
    ({"stitch_removal_on": "2026-11-01"}, "stitch_removal_on"),
])
def test_procedure_validation(center, kw, field):
    case_id = cases.record_consultation(center["consultant"], category="new", item="x", name="赵敏",
                                        phone="13700137000")
    guest = Case.get_by_id(case_id).guest_id
    args = dict(kind="skin", name="光子嫩肤", performed_on="2026-11-20") | kw
    with pytest.raises(Invalid) as err:
        cases.add_procedure(center["consultant"], guest, **args)
    assert err.value.field == field


def test_course_sessions_are_numbered_and_the_last_ends_the_course(center, frozen_clock):
    case_id = cases.record_consultation(center["consultant"], category="new", item="x", name="赵敏",
                                        phone="13700137000")
    guest = Case.get_by_id(case_id).guest_id
    course = cases.start_course(center["medical_assistant"], guest, "水光针", sessions=2)
    Guest.update(anchors_changed_at=None).execute()
    assert cases.log_session(center["medical_assistant"], course) == 1
    assert Guest.get_by_id(guest).anchors_changed_at is not None  # day-3 call is planned from it
    assert Course.get_by_id(course).ended_on is None
    assert cases.log_session(center["medical_assistant"], course, "2026-11-23") == 2
    assert Course.get_by_id(course).ended_on.isoformat() == "2026-11-23"
    with pytest.raises(Conflict, match="already logged"):
        cases.log_session(center["medical_assistant"], course)
    with pytest.raises(Invalid):
        cases.start_course(center["medical_assistant"], guest, "x", sessions=0)
