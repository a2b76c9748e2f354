"""Each outcome is one transaction: task status, contact log, follow-ups, events (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import pytest

from store import outcomes
from store.errors import Invalid
from store.models import Case, Complaint, ContactLog, Event, Guest, Task
from tests.daily.fixtures import at, build_center


@pytest.fixture
def center(store):
    return build_center()


def _task(center, key) -> Task:
    return Task.get_by_id(center.tasks[key])


def _logs(center, key) -> list[ContactLog]:
    return list(ContactLog.select().where(ContactLog.task == center.tasks[key]).order_by(ContactLog.id))


def test_done_closes_task_logs_who_and_when_and_appends_event(center, frozen_clock):
    nurse = center.actor("nurse")
    result = outcomes.done(nurse, center.tasks["v_wang"])
    task = _task(center, "v_wang")
    assert (task.status, task.outcome, task.done_by_id) == ("done", "done", nurse.staff_id)
    assert task.done_at == frozen_clock.now().datetime
    [log] = _logs(center, "v_wang")
    assert (log.outcome, log.staff_id, log.channel) == ("done", nurse.staff_id, "in_person")
    assert result.log_id == log.id and result.status == "done"
    event = Event.select().where(Event.action == "task.done").get()
    assert (event.entity, event.entity_id, event.guest, event.staff_name) == (
        "task", task.id, center.guests["wang"], "李护士")
    assert event.before["status"] == "open" and event.after["status"] == "done"


def test_done_with_issue_keeps_note_and_opens_complaint_when_asked(center):
    nurse = center.actor("nurse")
    result = outcomes.done_with_issue(nurse, center.tasks["v_li"], "空调太吵", complaint=True)
    [log] = _logs(center, "v_li")
    assert (log.outcome, log.note) == ("done_with_issue", "空调太吵")
    complaint = Complaint.get_by_id(result.complaint_id)
    assert (complaint.guest_id, complaint.what, complaint.status) == (center.guests["li"], "空调太吵", "open")
    assert _task(center, "v_li").status == "done"


def test_done_with_issue_without_complaint_and_without_note(center):
    nurse = center.actor("nurse")
    with pytest.raises(Invalid, match="note"):
        outcomes.done_with_issue(nurse, center.tasks["v_li"], "  ")
    assert _task(center, "v_li").status == "open" and _logs(center, "v_li") == []
    outcomes.done_with_issue(nurse, center.tasks["v_li"], "wants a firmer mattress")
    assert Complaint.select().count() == 0


def test_not_in_room_keeps_visit_open_for_later(center, frozen_clock):
    result = outcomes.not_in_room(center.actor("nurse"), center.tasks["v_chen"])
    task = _task(center, "v_chen")
    assert (task.status, task.attempts, task.outcome) == ("open", 1, "not_in_room")
    assert task.due_at == frozen_clock.now().shift(minutes=60).datetime == result.due_at
    assert [log.outcome for log in _logs(center, "v_chen")] == ["not_in_room"]


def test_skip_needs_a_reason_and_keeps_it(center):
    nurse = center.actor("nurse")
    with pytest.raises(Invalid, match="reason"):
        outcomes.skip(nurse, center.tasks["v_chen"], "")
    outcomes.skip(nurse, center.tasks["v_chen"], "guest asleep, asked not to wake")
    task = _task(center, "v_chen")
    assert (task.status, task.reason) == ("skipped", "guest asleep, asked not to wake")
    assert _logs(center, "v_chen")[0].note == "guest asleep, asked not to wake"


def test_reached_closes_call_with_note(center):
    outcomes.reached(center.actor("cs"), center.tasks["cb_today"], "all well, baby feeding")
    assert _task(center, "cb_today").status == "done"
    [log] = _logs(center, "cb_today")
    assert (log.outcome, log.note, log.channel) == ("reached", "all well, baby feeding", "phone")


def test_busy_moves_call_to_the_time_asked_and_counts_attempt(center):
    when = at(0, 17, 30)
    outcomes.busy(center.actor("cs"), center.tasks["cb_today"], when)
    task = _task(center, "cb_today")
    assert (task.status, task.due_at, task.attempts, task.outcome) == ("open", when, 1, "busy")


def test_reschedule_moves_without_counting_and_refuses_the_past(center):
    cs = center.actor("cs")
    with pytest.raises(Invalid, match="passed"):
        outcomes.reschedule(cs, center.tasks["cb_today"], at(0, 9))
    assert _logs(center, "cb_today") == [] and Event.select().count() == 0
    outcomes.reschedule(cs, center.tasks["cb_today"], at(3, 15))
    task = _task(center, "cb_today")
    assert (task.due_at, task.attempts, task.outcome) == (at(3, 15), 0, "rescheduled")


def test_do_not_disturb_marks_guest_and_cancels_every_future_call(center):
    result = outcomes.do_not_disturb(center.actor("cs"), center.tasks["cb_overdue"], "asked on the phone")
    assert Guest.get_by_id(center.guests["past"]).do_not_disturb is True
    assert _task(center, "cb_overdue").status == "cancelled"
    later = _task(center, "cb_later")
    assert (later.status, later.reason) == ("cancelled", "do_not_disturb")
    assert result.cancelled == (later.id,)
    assert _task(center, "cb_today").status == "open"  # another guest's call is untouched


def test_do_not_disturb_leaves_in_house_visits(center):
    outcomes.do_not_disturb(center.actor("cs"), center.tasks["cb_today"])
    assert _task(center, "v_wang").status == "open"


def test_converted_sets_case_and_cancels_lead_followups(center, frozen_clock):
    result = outcomes.converted(center.actor("consultant"), center.tasks["lead_d3"])
    case = Case.get(Case.guest == center.guests["zhou"])
    assert case.converted_on == dt.date(2026, 11, 23)
    assert _task(center, "lead_d3").outcome == "converted"
    assert _task(center, "lead_m1").status == "cancelled"
    assert result.cancelled == (center.tasks["lead_m1"],)


def test_sent_logs_the_text_itself(center):
    outcomes.sent(center.actor("cs"), center.tasks["sms_today"], "李姐您好, 感谢签约")
    [log] = _logs(center, "sms_today")
    assert (log.outcome, log.channel, log.note) == ("sent", "sms", "李姐您好, 感谢签约")


def test_second_outcome_on_a_closed_task_is_told_who_and_when(center, frozen_clock):
    outcomes.done(center.actor("nurse"), center.tasks["v_wang"])
    frozen_clock.advance(minutes=42)
    with pytest.raises(outcomes.TaskTaken) as err:
        outcomes.done(center.actor("nurse2"), center.tasks["v_wang"])
    assert str(err.value) == "already done by 李护士 at 10:00"
    assert err.value.by == "李护士"
    assert len(_logs(center, "v_wang")) == 1


def test_failed_outcome_writes_nothing(center, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outcomes, "_log", boom)
    with pytest.raises(RuntimeError):
        outcomes.done(center.actor("nurse"), center.tasks["v_wang"])
    assert _task(center, "v_wang").status == "open"
    assert Event.select().count() == 0


@pytest.fixture
def call_rule(monkeypatch):
    """The step behind cb_today: afternoon window, retry 2 hours later, 3 tries, then the supervisor."""
    from seeds.playbook_schema import Offset, Outcome, Step, Window
    from store import schedule

    step = Step(id="hospital_followup", playbook="postpartum", anchor="delivery", offset=Offset(1), channel="phone",
                role="customer_service", kind="callback", title={"zh": "t", "en": "t"}, script={"zh": "", "en": ""},
                why="§4.3.1", window=Window("afternoon", (14, 0), (17, 30)),
                outcome=Outcome(Offset(2, "hours"), 3, "supervisor"))
    monkeypatch.setattr(schedule, "step_for", lambda playbook, step_id: step if step_id == step.id else None)
    Task.update(window_end=at(0, 17, 30)).where(Task.step == step.id).execute()
    return step


def test_no_answer_retries_in_the_window_then_next_day_then_escalates(center, frozen_clock, call_rule):
    cs, task_id = center.actor("cs"), center.tasks["cb_today"]
    first = outcomes.no_answer(cs, task_id)  # 10:00: two hours later is before the window opens
    assert (first.due_at, first.escalated) == (at(0, 14), False)
    frozen_clock.set(at(0, 16, 0))
    second = outcomes.no_answer(cs, task_id)  # 18:00 is after the window: tomorrow's window
    task = Task.get_by_id(task_id)
    assert (task.due_at, task.window_end, task.attempts) == (at(1, 14), at(1, 17, 30), 2)
    assert second.due_at == at(1, 14)
    frozen_clock.set(at(1, 14, 5))
    third = outcomes.no_answer(cs, task_id)
    task = Task.get_by_id(task_id)
    assert third.escalated and (task.role, task.status, task.outcome, task.attempts) == (
        "supervisor", "open", "escalated", 3)
    assert [log.outcome for log in _logs(center, "cb_today")] == ["no_answer"] * 3


def test_no_answer_for_a_step_no_longer_in_the_playbook_uses_the_default_rule(center, frozen_clock, monkeypatch):
    from store import schedule

    monkeypatch.setattr(schedule, "step_for", lambda playbook, step_id: None)
    result = outcomes.no_answer(center.actor("cs"), center.tasks["cb_overdue"])
    assert result.due_at == frozen_clock.now().shift(hours=2).datetime and not result.escalated


def _lead(store_actor_name="周顾问"):
    """An aesthetics lead consulted 3 days ago, her tasks made by the real playbook engine."""
    from store import clock, generate
    from store.models import Staff

    staff = Staff.create(number="A9", name=store_actor_name, role="consultant", created_at=clock.now())
    guest = Guest.create(name="周婷", kind="aesthetics", phone="13600004444", entered_on=dt.date(2026, 10, 1),
                         created_at=staff.created_at)
    Case.create(guest=guest, consulted_on=dt.date(2026, 11, 20), category="consulted_not_booked", consultant=staff)
    generate.run(guest_ids=[guest.id])
    return staff, guest


@pytest.mark.real_generation
def test_reached_lets_the_playbook_schedule_the_next_call_and_converted_cancels_it(store):
    from store.permissions import permissions_for
    from store.writes import Actor

    staff, guest = _lead()
    actor = Actor(staff.id, staff.name, "consultant", "t", permissions_for("consultant"))
    first = Task.get(Task.guest == guest.id, Task.kind == "callback")
    outcomes.reached(actor, first.id, "thinking about it")
    second = Task.get(Task.guest == guest.id, Task.kind == "callback", Task.id != first.id)
    assert second.status == "open" and second.due_at > first.due_at  # timed by the first call's result
    sms = Task.get(Task.guest == guest.id, Task.channel == "sms")
    outcomes.converted(actor, sms.id)
    assert Task.get_by_id(second.id).status == "cancelled"
    assert Case.get(Case.guest == guest.id).converted_on == dt.date(2026, 11, 23)


def test_closing_outcomes_ask_the_playbook_engine_to_replan_the_guest(center, _quiet_generation):
    outcomes.done(center.actor("nurse"), center.tasks["v_wang"])
    assert _quiet_generation == [[center.guests["wang"]]]
