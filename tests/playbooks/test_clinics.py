"""Aesthetics (001), wellness (002) and VIP (003/004) rules, one test each, named after the rule."""
from __future__ import annotations

import datetime as dt

import pytest

from store import clock
from store.models import Guest, Task
from tests.playbooks.helpers import (
    D, appointment, case, course, guest, local_day, local_hm, procedure, tasks,
)


@pytest.fixture
def lead(store):
    """A new guest consulted on Monday 2 Nov 2026, not converted, on the 611 plan."""
    gid = guest("李美", kind="aesthetics", entered_on=D(2026, 1, 1))
    cid = case(gid, D(2026, 11, 2), "new", on_611_plan=True)
    return gid, cid


def days(gid, step, status=None):
    return [local_day(t) for t in tasks(gid, step, status)]


def test_001_thanks_sms_same_day_and_first_call_on_day_3(lead, gen):
    gid, _ = lead
    gen()
    assert days(gid, "lead_thanks_sms") == [D(2026, 11, 2)]
    call = tasks(gid, "lead_first_call")[0]
    assert local_day(call) == D(2026, 11, 5) and call.channel == "phone" and local_hm(call) >= (14, 0)
    assert days(gid, "daily_first_visit_thanks") == [D(2026, 11, 3)]


def test_001_booked_no_show_gets_a_call_the_same_day_not_a_thank_you(store, gen):
    gid = guest(kind="aesthetics")
    case(gid, D(2026, 11, 20), "booked_no_show")
    gen()
    assert days(gid, "lead_no_show_call") == [D(2026, 11, 20)] and days(gid, "lead_thanks_sms") == []


def test_001_second_call_within_a_month_timed_by_the_first_result(lead, gen):
    gid, _ = lead
    gen()
    assert days(gid, "lead_second_call") == []  # not before the first call has a result
    first = tasks(gid, "lead_first_call")[0]
    Task.update(status="done", outcome="reached", done_at=clock.at_local(D(2026, 11, 5), 15).datetime).where(
        Task.id == first.id).execute()
    gen(guest_ids=[gid])
    assert days(gid, "lead_second_call") == [D(2026, 11, 19)]  # reached: two weeks later


def test_001_second_call_never_later_than_a_month_after_the_consultation(lead, gen):
    gid, _ = lead
    gen()
    first = tasks(gid, "lead_first_call")[0]
    Task.update(status="done", outcome="not_now", done_at=clock.at_local(D(2026, 11, 20), 15).datetime).where(
        Task.id == first.id).execute()
    gen(guest_ids=[gid])
    assert days(gid, "lead_second_call") == [D(2026, 12, 2)]


def test_001_conversion_cancels_the_lead_follow_ups(lead, gen):
    gid, cid = lead
    gen()
    from store.models import Case
    Case.update(converted_on=D(2026, 11, 20)).where(Case.id == cid).execute()
    result = gen(guest_ids=[gid])
    assert result.cancelled > 0
    open_leads = [t for t in tasks(gid, status="open") if t.step.startswith(("lead_", "plan611_"))]
    assert open_leads == []


def test_001_a_visit_before_the_reminder_day_cancels_the_callback(lead, gen):
    gid, _ = lead
    appointment(gid, clock.at_local(D(2026, 11, 4), 10).datetime, purpose="consultation", status="done")
    gen()
    assert days(gid, "lead_first_call", "open") == []


def test_001_after_a_clear_decline_messages_only_for_6_months(lead, gen):
    gid, _ = lead
    Guest.update(declined_on=D(2026, 11, 4)).where(Guest.id == gid).execute()
    gen()
    open_tasks = tasks(gid, status="open")
    assert not [t for t in open_tasks if t.channel == "phone" and local_day(t) >= D(2026, 11, 4)]
    messages = [local_day(t) for t in open_tasks if t.channel in ("sms", "wechat")]
    assert messages and max(messages) <= D(2027, 5, 4)


def test_001_611_plan_six_messages_on_1st_and_15th_and_calls_at_45_and_90_days(lead, gen):
    gid, _ = lead
    gen()
    messages = days(gid, "plan611_message")
    assert messages == [D(2026, 11, 15), D(2026, 12, 1), D(2026, 12, 15), D(2027, 1, 1), D(2027, 1, 15),
                        D(2027, 2, 1)]
    assert days(gid, "plan611_call_45") == [D(2026, 12, 30)]
    assert days(gid, "plan611_call_90") == [D(2027, 2, 13)]


def test_001_surgery_ladder_day2_discharge_day15_months_1_2_3_6(store, gen):
    gid = guest(kind="aesthetics")
    procedure(gid, D(2026, 11, 2), "surgery_inpatient", discharged_on=D(2026, 11, 5))
    gen()
    assert days(gid, "postop_day2_visit") == [D(2026, 11, 4)]
    assert days(gid, "postop_discharge_sendoff") == [D(2026, 11, 5)]
    assert days(gid, "postop_day15_call") == [D(2026, 11, 17)]
    months = {s: days(gid, s) for s in ("postop_month1_call", "postop_month2_call", "postop_month3_call",
                                        "postop_month6_call")}
    assert months == {"postop_month1_call": [D(2026, 12, 2)], "postop_month2_call": [D(2027, 1, 2)],
                      "postop_month3_call": [D(2027, 2, 2)], "postop_month6_call": [D(2027, 5, 2)]}
    roles = {t.step: t.role for t in tasks(gid) if t.step.startswith("postop_month")}
    assert roles["postop_month1_call"] == "customer_service" and roles["postop_month6_call"] == "consultant"


def test_001_outpatient_care_reception_on_the_stitch_removal_day(store, gen):
    gid = guest(kind="aesthetics")
    procedure(gid, D(2026, 11, 2), "surgery_outpatient", stitch_removal_on=D(2026, 11, 9))
    gen()
    assert days(gid, "postop_stitch_day_reception") == [D(2026, 11, 9)]
    assert days(gid, "daily_stitch_reminder") == [D(2026, 11, 8)]
    assert days(gid, "postop_day2_visit") == []


def test_001_treatment_day3_call_after_each_of_sessions_1_to_6_and_course_end_months(store, gen):
    gid = guest(kind="aesthetics")
    sessions = [D(2026, 9, 1) + dt.timedelta(weeks=3 * k) for k in range(7)]
    course(gid, sessions, ended_on=sessions[-1])
    gen()
    calls = days(gid, "treatment_day3_call")
    assert calls == [d + dt.timedelta(days=3) for d in sessions[:6]]
    assert {t.role for t in tasks(gid, "treatment_day3_call")} == {"medical_assistant"}
    end = sessions[-1]
    assert end == D(2027, 1, 5) and days(gid, "course_end_calls") == [D(2027, 2, 5), D(2027, 3, 5), D(2027, 4, 5)]


def test_001_daily_list_reminders_for_tomorrow_and_thanks_for_yesterday(store, gen):
    gid = guest(kind="aesthetics")
    appointment(gid, clock.at_local(D(2026, 11, 25), 15).datetime, purpose="dressing")
    appointment(gid, clock.at_local(D(2026, 11, 26), 15).datetime, purpose="treatment")
    appointment(gid, clock.at_local(D(2026, 11, 20), 11).datetime, purpose="revisit", status="done")
    gen()
    assert days(gid, "daily_dressing_reminder") == [D(2026, 11, 24)]
    assert days(gid, "daily_treatment_reminder") == [D(2026, 11, 25)]
    assert days(gid, "daily_revisit_thanks") == [D(2026, 11, 21)]


def test_001_birthday_sms_on_the_day(store, gen):
    gid = guest(kind="aesthetics", birthday=D(1990, 12, 3))
    case(gid, D(2026, 11, 2), "returning")
    gen()
    assert days(gid, "birthday_sms") == [D(2026, 12, 3)]


def test_002_appointment_confirmed_the_day_before_and_care_after(store, gen):
    gid = guest(kind="wellness")
    appointment(gid, clock.at_local(D(2026, 11, 26), 10).datetime)
    appointment(gid, clock.at_local(D(2026, 11, 20), 10).datetime, status="done")
    gen(through=D(2026, 12, 31))
    confirm = tasks(gid, "appointment_confirm")
    assert [local_day(t) for t in confirm] == [D(2026, 11, 25)] and confirm[0].channel == "phone"
    assert days(gid, "after_visit_care") == [D(2026, 11, 21)]
    assert days(gid, "care_call_monthly")[:2] == [D(2026, 12, 20)]


def test_vip_arrival_steps_timed_before_the_arrival(store, gen):
    gid = guest(kind="aesthetics", vip=True)
    arrival = clock.at_local(D(2026, 11, 25), 14, 0).datetime
    appointment(gid, arrival, purpose="vip_arrival")
    gen()
    by_step = {t.step: t.due_at for t in tasks(gid) if t.step.startswith("vip_")}
    assert by_step["vip_flowers_fruit"] == arrival - dt.timedelta(hours=1)
    assert by_step["vip_lights"] == arrival - dt.timedelta(minutes=30)
    assert by_step["vip_room_air"] == arrival - dt.timedelta(minutes=30)
    assert by_step["vip_welcome"] == arrival
    assert local_day(tasks(gid, "vip_day_before")[0]) == D(2026, 11, 24)


def test_vip_post_op_rounds_twice_a_day_and_the_named_service_owner(store, gen):
    from store.models import Staff
    owner = Staff.create(number="V1", name="周客服", role="customer_service", created_at=clock.now()).id
    gid = guest(kind="aesthetics", vip=True, owner=owner)
    procedure(gid, D(2026, 11, 24), "surgery_inpatient", discharged_on=D(2026, 11, 27))
    gen()
    assert days(gid, "vip_rounds_morning") == [D(2026, 11, 25), D(2026, 11, 26), D(2026, 11, 27)]
    assert days(gid, "vip_rounds_afternoon") == [D(2026, 11, 24), D(2026, 11, 25), D(2026, 11, 26),
                                                 D(2026, 11, 27)]
    assert {t.assignee_id for t in tasks(gid, "vip_owner_daily")} == {owner}


def test_vip_steps_only_for_vip_guests(store, gen):
    gid = guest(kind="aesthetics")
    appointment(gid, clock.at_local(D(2026, 11, 25), 14).datetime, purpose="vip_arrival")
    gen()
    assert [t for t in tasks(gid) if t.playbook == "vip"] == []
