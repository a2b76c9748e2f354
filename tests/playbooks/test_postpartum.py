"""One test per rule of the postpartum manual (000), named after its section."""
from __future__ import annotations

import datetime as dt

import pytest

from store import schedule
from store.models import Stay, Task
from tests.playbooks.helpers import D, guest, local_day, local_hm, stay, tasks


@pytest.fixture
def mother(store):
    """Signed 2 Mar 2026, due 5 Oct, delivered 3 Oct, admitted 6 Oct for 28 days, left 3 Nov."""
    gid = guest(entered_on=D(2026, 1, 1))
    sid = stay(gid, signed_on=D(2026, 3, 2), due_date=D(2026, 10, 5), delivery_date=D(2026, 10, 3),
               hospital_discharge_on=D(2026, 10, 6), admitted_on=D(2026, 10, 6), discharged_on=D(2026, 11, 3))
    return gid, sid


def days(gid, step):
    return [local_day(t) for t in tasks(gid, step)]


def only(gid, step) -> Task:
    found = tasks(gid, step)
    assert len(found) == 1, (step, found)
    return found[0]


def test_4_3_1_signing_day_sms_and_greeting_a_week_later(mother, gen):
    gid, _ = mother
    gen()
    sms = only(gid, "signing_day_sms")
    assert (local_day(sms), sms.channel, sms.kind) == (D(2026, 3, 2), "sms", "message")
    assert days(gid, "signing_week_greeting") == [D(2026, 3, 9)]


def test_4_3_1_monthly_until_month_6_then_weekly_in_months_7_to_9(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "pregnancy_monthly") == [D(2026, 4, 2), D(2026, 5, 2), D(2026, 6, 2)]
    weekly = days(gid, "pregnancy_weekly")
    assert weekly[0] == D(2026, 6, 15) == schedule.pregnancy_week_date(D(2026, 10, 5), 24)
    assert weekly[-1] == D(2026, 9, 7) == schedule.pregnancy_week_date(D(2026, 10, 5), 36)
    assert all((b - a).days == 7 for a, b in zip(weekly, weekly[1:])) and len(weekly) == 13


def test_4_3_1_reminders_a_month_and_a_week_before_the_due_date(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "due_month_reminder") == [D(2026, 9, 5)]
    week = only(gid, "due_week_reminder")
    assert local_day(week) == D(2026, 9, 28) and week.channel == "phone"
    assert any("待产包" in c["item"] or "母婴包" in c["item"] for c in week.checklist)


def test_4_3_1_follow_up_during_the_hospital_stay(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "hospital_followup") == [D(2026, 10, 4)]


def test_4_3_1_festival_greetings_from_signing_to_six_months_after_discharge(mother, gen):
    gid, _ = mother
    gen()
    titles = {(t.title, local_day(t)) for t in tasks(gid, "festival_greeting")}
    assert ("春节问候", D(2027, 2, 6)) in titles and ("中秋节问候", D(2026, 9, 25)) in titles
    assert all(D(2026, 3, 2) <= day <= D(2027, 5, 3) for _, day in titles)
    assert ("母亲节问候", D(2026, 5, 10)) in titles and not any(d == D(2027, 5, 9) for _, d in titles)


def test_4_5_1_admission_notice_the_day_before_signed_by_every_department(mother, gen):
    gid, _ = mother
    gen()
    notice = only(gid, "admission_notice")
    assert local_day(notice) == D(2026, 10, 5) and notice.kind == "checklist"
    items = " ".join(c["item"] for c in notice.checklist)
    for department in ("店长", "护理部", "护士部", "产后修复部", "营养师", "餐厨部"):
        assert department in items


def test_4_5_1_car_request_the_day_before_hospital_discharge(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "car_request") == [D(2026, 10, 5)]
    assert days(gid, "hospital_pickup") == [D(2026, 10, 6)]


def test_4_5_1_room_readiness_checklist(mother, gen):
    gid, _ = mother
    gen()
    check = only(gid, "room_readiness")
    items = " ".join(c["item"] for c in check.checklist)
    assert local_day(check) == D(2026, 10, 5)
    for word in ("卫生", "物品", "月子餐", "空调", "窗帘", "水"):
        assert word in items


def test_4_5_1_3_admission_day_group_notice_balance_and_deposit(mother, gen):
    gid, _ = mother
    gen()
    items = " ".join(c["item"] for c in only(gid, "arrival_day").checklist)
    assert "10分钟" in items and "0.6%" in items and "押金" in items


def test_4_6_3_day1_house_rules_visit(mother, gen):
    gid, _ = mother
    gen()
    visit = only(gid, "visit_day1")
    assert local_day(visit) == D(2026, 10, 6) and visit.kind == "visit" and visit.channel == "in_person"
    assert "200" in " ".join(c["item"] for c in visit.checklist)


def test_4_6_3_day2_morning_sleep_visit(mother, gen):
    gid, _ = mother
    gen()
    visit = only(gid, "visit_day2")
    assert local_day(visit) == D(2026, 10, 7) and local_hm(visit) < (12, 0)  # a holiday: visits stay put
    assert visit.why.startswith("§4.6.3 第二天上午")  # the stored text is the Chinese one, like the title


def test_4_6_3_day3_morning_comfort_and_mattress(mother, gen):
    gid, _ = mother
    gen()
    visit = only(gid, "visit_day3")
    assert local_day(visit) == D(2026, 10, 8) and local_hm(visit) < (12, 0)
    assert any("床垫" in c["item"] for c in visit.checklist)


def test_4_6_3_days_4_to_7_feeding_meals_baby_care_satisfaction(mother, gen):
    gid, _ = mother
    gen()
    expected = {"visit_day4": (D(2026, 10, 9), "喂养"), "visit_day5": (D(2026, 10, 10), "月子餐"),
                "visit_day6": (D(2026, 10, 11), "宝宝护理"), "visit_day7": (D(2026, 10, 12), "满意度")}
    for step, (day, word) in expected.items():
        visit = only(gid, step)
        assert local_day(visit) == day and word in visit.title


def test_4_6_mid_stay_check_and_4_6_6_full_month_photo_booked_ahead(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "mid_stay_check") == [D(2026, 10, 20)]
    assert days(gid, "full_month_photo_booking") == [D(2026, 10, 26)]  # baby is 30 days old on 2 Nov
    assert days(gid, "full_month_day") == [D(2026, 11, 2)]


def test_4_6_7_festival_events_only_while_in_house(store, gen):
    gid = guest(entered_on=D(2026, 1, 1))
    stay(gid, signed_on=D(2026, 6, 1), due_date=D(2027, 1, 25), admitted_on=D(2027, 1, 28), package_days=28)
    gen()
    events = {t.title: local_day(t) for t in tasks(gid, "festival_event_in_house")}
    assert events == {"节日活动:春节": D(2027, 2, 6), "节日活动:元宵节": D(2027, 2, 20)}  # Women's Day: gone home
    assert local_day(only(gid, "discharge_t1")) == D(2027, 2, 24)


def test_4_7_2_discharge_t2_and_t1_checklist(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "discharge_t2") == [D(2026, 11, 1)]
    t1 = only(gid, "discharge_t1")
    assert local_day(t1) == D(2026, 11, 2)
    items = " ".join(c["item"] for c in t1.checklist)
    for word in ("未结费用", "出所单", "满意度调查表", "座机", "收拾行李", "转介绍", "房间物品", "房卡", "押金"):
        assert word in items


def test_4_8_aftercare_message_day1_and_call_within_3_days(mother, gen):
    gid, _ = mother
    gen()
    assert days(gid, "aftercare_message") == [D(2026, 11, 4)]
    call = only(gid, "aftercare_call")
    assert local_day(call) - D(2026, 11, 3) <= dt.timedelta(days=3) and call.channel == "phone"
    assert days(gid, "aftercare_care_call") == [D(2026, 12, 3), D(2027, 2, 3)]


def test_convention_admission_day_is_day_1():
    assert schedule.stay_day(D(2026, 10, 6), D(2026, 10, 6)) == 1
    assert schedule.stay_day(D(2026, 10, 6), D(2026, 10, 12)) == 7


def test_convention_planned_discharge_is_admission_plus_package_days(store, gen):
    gid = guest(entered_on=D(2026, 1, 1))
    stay(gid, signed_on=D(2026, 6, 1), planned_admission=D(2026, 12, 1), package_days=26)
    gen()
    assert schedule.planned_discharge(D(2026, 12, 1), 26) == D(2026, 12, 27)
    assert days(gid, "discharge_sendoff") == [D(2026, 12, 27)]


def test_convention_pregnancy_week_counted_from_due_date_minus_280_days():
    due = D(2026, 10, 5)
    assert schedule.pregnancy_start(due) == D(2025, 12, 29)
    assert schedule.pregnancy_week(due, due) == 40
    assert schedule.pregnancy_week(due, D(2026, 6, 15)) == 24


def test_the_real_admission_moves_pending_visits_and_keeps_done_ones(store, gen):
    gid = guest(entered_on=D(2026, 1, 1))
    sid = stay(gid, signed_on=D(2026, 6, 1), planned_admission=D(2026, 11, 20))
    gen()
    day1 = only(gid, "visit_day1")
    Task.update(status="done").where(Task.id == day1.id).execute()
    Stay.update(admitted_on=D(2026, 11, 22)).where(Stay.id == sid).execute()
    result = gen(guest_ids=[gid])
    assert result.created == 0 and result.moved > 0
    assert local_day(only(gid, "visit_day1")) == D(2026, 11, 20)  # done: stays where it was
    assert local_day(only(gid, "visit_day2")) == D(2026, 11, 23)
    assert local_day(only(gid, "discharge_t1")) == D(2026, 12, 19)
