"""Generation: idempotent, incremental, re-anchoring, history, do-not-disturb, windows, retries."""
from __future__ import annotations

import datetime as dt

from store import clock, generate, schedule
from store.models import Guest, Stay, Task
from store.writes import SYSTEM, write
from tests.playbooks.helpers import D, case, guest, local_day, local_hm, stay, tasks


def test_running_twice_creates_nothing_new(store, gen):
    gid = guest(entered_on=D(2026, 1, 1))
    stay(gid, signed_on=D(2026, 6, 1), due_date=D(2026, 12, 20), planned_admission=D(2026, 12, 24))
    first = gen()
    count = Task.select().count()
    second = gen()
    assert first.created > 20 and (second.created, second.moved, second.cancelled) == (0, 0, 0)
    assert Task.select().count() == count


def test_history_before_the_guest_was_entered_is_not_applicable(store, gen):
    gid = guest(entered_on=D(2026, 11, 1))
    stay(gid, signed_on=D(2026, 3, 1), due_date=D(2026, 10, 1), admitted_on=D(2026, 10, 4),
         discharged_on=D(2026, 11, 1))
    result = gen()
    assert result.not_applicable > 10
    assert all(t.status == "not_applicable" for t in tasks(gid) if local_day(t) < D(2026, 11, 1))
    assert {t.status for t in tasks(gid) if local_day(t) >= D(2026, 11, 1)} == {"open"}


def test_a_step_added_to_the_playbook_opens_from_today_and_what_fell_due_before_is_entered_late(store, gen, tmp_path):
    """A step added to the playbook must not open years of overdue calls for guests long gone,
    nor yesterday's: it did not exist then. From today on it opens."""
    gid = guest(entered_on=D(2025, 1, 1))
    stay(gid, signed_on=D(2025, 3, 1), due_date=D(2025, 10, 1), admitted_on=D(2025, 10, 4),
         discharged_on=D(2025, 11, 1))
    recent = guest("乙", entered_on=D(2026, 1, 1))
    stay(recent, signed_on=D(2026, 6, 1), due_date=D(2026, 10, 1), admitted_on=D(2026, 10, 20),
         discharged_on=D(2026, 11, 19))
    leaving = guest("丙", entered_on=D(2026, 1, 1))
    stay(leaving, signed_on=D(2026, 6, 1), due_date=D(2026, 10, 1), admitted_on=D(2026, 10, 24),
         discharged_on=D(2026, 11, 22))
    gen()
    center = tmp_path / "center.toml"
    center.write_text('''
[[steps]]
playbook = "postpartum"
id = "call_day2_after_discharge"
anchor = "discharge"
offset = "2 days after"
channel = "phone"
role = "customer_service"
kind = "callback"
why = "center rule"
title = { zh = "出所第2天电话", en = "Call on day 2 after discharge" }
script = { zh = "{salutation}您好", en = "Hello {salutation}" }
''', encoding="utf-8")
    schedule.use_playbook_file(str(center))
    try:
        gen()  # the fingerprint changed: everyone is planned again
    finally:
        schedule.use_playbook_file(None)
    added = {t.guest_id: t for t in Task.select().where(Task.step == "call_day2_after_discharge")}
    assert (added[gid].status, added[gid].reason) == ("not_applicable", "entered late")  # due 2025-11-03
    assert (added[recent].status, added[recent].reason) == ("not_applicable", "entered late")  # 11-21
    assert added[leaving].status == "open" and local_day(added[leaving]) == D(2026, 11, 24)


def test_incremental_run_looks_only_at_changed_guests(store):
    quiet = guest("甲", entered_on=D(2026, 1, 1))
    moved = guest("乙", entered_on=D(2026, 1, 1))
    for gid in (quiet, moved):
        stay(gid, signed_on=D(2026, 6, 1), planned_admission=D(2026, 12, 1))
    clock._clock.advance(minutes=1)
    assert generate.run().guests == 2
    clock._clock.advance(minutes=5)
    assert generate.run().guests == 0
    before = {t.step: t.due_at for t in tasks(moved, status="open")}
    write(SYSTEM, "stay.edit", lambda tx: (
        Stay.update(planned_admission=D(2026, 12, 3)).where(Stay.guest == moved).execute(),
        generate.mark_anchors_changed(tx, moved)))
    after = {t.step: t.due_at for t in tasks(moved, status="open")}
    assert after["admission_notice"] - before["admission_notice"] == dt.timedelta(days=2)  # the write planned her
    assert generate.run().guests == 0  # nothing left for a run


def test_a_new_day_extends_the_horizon_for_everyone(store):
    gid = guest(entered_on=D(2026, 1, 1))
    stay(gid, signed_on=D(2026, 6, 1), admitted_on=D(2026, 11, 20), package_days=28)
    generate.run()
    assert not tasks(gid, "discharge_t1")  # 17 Dec is beyond today + 14 days
    clock._clock.advance(days=10)
    result = generate.run()
    assert result.guests == 1 and [local_day(t) for t in tasks(gid, "discharge_t1")] == [D(2026, 12, 17)]


def test_do_not_disturb_cancels_future_calls_and_messages_not_visits(store, gen):
    gid = guest(entered_on=D(2026, 1, 1))
    stay(gid, signed_on=D(2026, 6, 1), admitted_on=D(2026, 11, 20), package_days=28)
    gen()
    Guest.update(do_not_disturb=True).where(Guest.id == gid).execute()
    result = gen(guest_ids=[gid])
    assert result.cancelled > 0
    open_tasks = tasks(gid, status="open")
    assert open_tasks and all(t.channel == "in_person" for t in open_tasks)


def test_night_shift_guests_and_weekend_calls_go_to_the_afternoon(store, gen):
    weekday = guest("早班", kind="aesthetics", entered_on=D(2026, 1, 1))
    night = guest("夜班", kind="aesthetics", entered_on=D(2026, 1, 1), night_shift=True)
    case(weekday, D(2026, 11, 23))  # first call Thu 26 Nov
    case(night, D(2026, 11, 23))
    from seeds.playbook_schema import Window
    from dataclasses import replace
    step = replace(schedule.step_for("aesthetics", "lead_first_call"), window=Window("m", (10, 0), (12, 0)))
    assert schedule.window_for(step, D(2026, 11, 26)).start == (10, 0)
    assert schedule.window_for(step, D(2026, 11, 28)).start == (14, 0)  # Saturday
    assert schedule.window_for(step, D(2026, 10, 1)).start == (14, 0)  # National Day
    assert schedule.window_for(step, D(2026, 11, 26), night_shift=True).start == (14, 0)
    assert schedule.window_for(step, D(2026, 11, 26), call_window="16:00-18:00").start == (16, 0)
    gen()
    assert local_hm(tasks(night, "lead_first_call")[0]) >= (14, 0)


def test_no_answer_retries_later_in_the_window_then_next_day_then_escalates(store):
    step = schedule.step_for("postpartum", "aftercare_call")
    due = clock.at_local(D(2026, 11, 5), 14).datetime
    end = clock.at_local(D(2026, 11, 5), 17, 30).datetime
    at_2pm = clock.at_local(D(2026, 11, 5), 14, 5).datetime
    assert schedule.next_attempt(step, due, 1, at_2pm, end) == at_2pm + dt.timedelta(hours=2)
    at_4pm = clock.at_local(D(2026, 11, 5), 16).datetime
    assert schedule.next_attempt(step, due, 2, at_4pm, end) == clock.at_local(D(2026, 11, 6), 14).datetime
    assert schedule.next_attempt(step, due, 3, at_4pm, end) is None
    assert step.outcome.escalate_to == "supervisor"


def test_converted_outcome_logged_elsewhere_is_not_reopened(store, gen):
    gid = guest(kind="aesthetics", entered_on=D(2026, 1, 1))
    case(gid, D(2026, 11, 22))
    gen()
    first = tasks(gid, "lead_first_call")[0]
    Task.update(status="cancelled", outcome="do_not_disturb", reason="do_not_disturb").where(
        Task.id == first.id).execute()
    gen(guest_ids=[gid])
    assert tasks(gid, "lead_first_call")[0].status == "cancelled"


def test_tasks_of_other_writers_are_left_alone(store, gen):
    gid = guest(kind="wellness", entered_on=D(2026, 1, 1))
    Task.create(guest=gid, kind="callback", playbook="tiers", step="tier_change", anchor="tier_change",
                dedupe_key="tiers/x", due_at=clock.now(), created_at=clock.now())
    gen()
    assert Task.get(Task.dedupe_key == "tiers/x").status == "open"


def test_checkout_closes_the_open_bedside_visits_as_missed_or_cancelled_and_calls_go_on(store, gen):
    """Admitted 11-21, left on 11-22 with no visit logged. The day 1 and day 2 visits fell due while
    she was there: closed as missed (the handover counts them; they used to stay overdue on the
    visits list for good). Days 3 to 7 fall after she left: cancelled. After-care calls go on."""
    from store.plan import AUTO, CHECKED_OUT

    gid = guest(entered_on=D(2026, 10, 1))
    sid = stay(gid, signed_on=D(2026, 5, 1), due_date=D(2026, 11, 18), delivery_date=D(2026, 11, 18),
               admitted_on=D(2026, 11, 21), status="admitted")
    gen()
    days = [f"visit_day{n}" for n in range(1, 8)]
    assert {t.status for step in days for t in tasks(gid, step)} == {"open"}
    Stay.update(status="discharged", discharged_on=D(2026, 11, 22)).where(Stay.id == sid).execute()
    Guest.update(anchors_changed_at=clock.now()).where(Guest.id == gid).execute()
    result = gen()
    closed = {step: [(t.status, t.outcome, t.reason) for t in tasks(gid, step)] for step in days}
    missed = ("skipped", CHECKED_OUT, CHECKED_OUT)  # a code: the handover says it in words
    assert closed["visit_day1"] == [missed] and closed["visit_day2"] == [missed]
    assert all(closed[f"visit_day{n}"] == [("cancelled", AUTO, "discharged")] for n in range(3, 8))
    assert all(t.done_at is not None for step in ("visit_day1", "visit_day2") for t in tasks(gid, step))
    assert result.missed == 2
    again = gen()  # and the next run leaves them so
    assert (again.created, again.moved, again.cancelled, again.reopened, again.missed) == (0, 0, 0, 0, 0)
    assert not [t for t in tasks(gid, status="open") if t.kind == "visit" and t.channel == "in_person"]
    assert {t.status for t in tasks(gid, "aftercare_call")} == {"open"}


def test_after_checkout_no_bedside_visit_is_opened_when_it_enters_the_horizon(store, gen):
    """A 42-day stay that ended on its second day: the mid-stay and pre-discharge visits enter the
    14-day horizon weeks later, at a day roll-over. They must not open for a guest who has left."""
    gid = guest(entered_on=D(2026, 10, 1))
    sid = stay(gid, signed_on=D(2026, 5, 1), due_date=D(2026, 11, 18), delivery_date=D(2026, 11, 18),
               admitted_on=D(2026, 11, 21), package_days=42, status="admitted")
    generate.run()  # the real horizon: today + 14 days
    Stay.update(status="discharged", discharged_on=D(2026, 11, 22)).where(Stay.id == sid).execute()
    Guest.update(anchors_changed_at=clock.now()).where(Guest.id == gid).execute()
    generate.run()
    for _ in range(5):  # day roll-overs, a week apart, as the horizon moves over the planned stay
        clock._clock.advance(days=7)
        generate.run()
    assert not [t.step for t in tasks(gid, status="open") if t.kind == "visit" and t.channel == "in_person"]
