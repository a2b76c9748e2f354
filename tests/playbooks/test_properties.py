"""Hypothesis properties of generation over random guests (modest example counts: the suite stays fast)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st

from store import generate, schedule
from store.anchors import load, plan_611_start
from store.models import Case, Guest, Stay, Task
from tests.playbooks.helpers import D, case, guest, local_day, stay, tasks

FAR = D(2027, 8, 1)
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
days = st.integers(min_value=-200, max_value=200)


def reset():
    for model in (Task, Stay, Case, Guest):
        model.delete().execute()


@st.composite
def mothers(draw):
    signed = D(2026, 11, 23) + dt.timedelta(days=draw(days))
    due = signed + dt.timedelta(days=draw(st.integers(30, 250)))
    admitted = due + dt.timedelta(days=draw(st.integers(-20, 10)))
    return dict(signed_on=signed, due_date=due, planned_admission=admitted,
                package_days=draw(st.sampled_from([26, 28, 42])),
                dnd=draw(st.booleans()), night=draw(st.booleans()),
                entered=signed + dt.timedelta(days=draw(st.integers(-10, 120))))


def make_mother(m) -> int:
    gid = guest(entered_on=m["entered"], do_not_disturb=m["dnd"], night_shift=m["night"])
    stay(gid, signed_on=m["signed_on"], due_date=m["due_date"], planned_admission=m["planned_admission"],
         package_days=m["package_days"])
    return gid


def no_task_before_its_anchor(gid):
    ga = load([gid])[gid]
    refs = {inst.ref: inst for insts in ga.contexts.values() for inst in insts}
    for task in tasks(gid):
        step = schedule.step_for(task.playbook, task.step)
        ref = task.dedupe_key.split("/")[3]
        base = refs[ref].dates.get(step.anchor)
        if isinstance(base, dt.date) and not isinstance(base, dt.datetime) and step.offset.amount >= 0:
            assert local_day(task) >= base, (task.step, local_day(task), base)


@SETTINGS
@given(m=mothers())
def test_generation_is_idempotent_and_never_before_its_anchor(store, m):
    reset()
    gid = make_mother(m)
    generate.run(through=FAR)
    again = generate.run(through=FAR)
    assert (again.created, again.moved, again.cancelled, again.not_applicable) == (0, 0, 0, 0)
    no_task_before_its_anchor(gid)


@SETTINGS
@given(m=mothers())
def test_no_call_or_message_to_a_do_not_disturb_guest(store, m):
    reset()
    gid = make_mother({**m, "dnd": True})
    generate.run(through=FAR)
    assert [t.step for t in tasks(gid, status="open") if t.channel != "in_person"] == []


@SETTINGS
@given(m=mothers(), shift=st.integers(-15, 15), due_shift=st.integers(-20, 20))
def test_re_anchoring_never_duplicates(store, m, shift, due_shift):
    reset()
    gid = make_mother({**m, "dnd": False})
    generate.run(through=FAR)
    Task.update(status="done").where(Task.step == "visit_day1").execute()
    real = m["planned_admission"] + dt.timedelta(days=shift)
    Stay.update(admitted_on=real, due_date=m["due_date"] + dt.timedelta(days=due_shift)).execute()
    generate.run(through=FAR, guest_ids=[gid])
    counts = Counter((t.step, t.dedupe_key.rsplit("/", 1)[0]) for t in tasks(gid) if t.status != "cancelled")
    single = {s.id for s in schedule.playbooks()["postpartum"].steps if s.repeat is None
              and s.anchor not in ("festival", "birthday")}
    assert all(n == 1 for (step, _), n in counts.items() if step in single)
    day2 = [t for t in tasks(gid, "visit_day2") if t.status == "open"]
    assert all(local_day(t) == real + dt.timedelta(days=1) for t in day2)


@SETTINGS
@given(consulted=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 3, 1)))
def test_the_611_plan_is_6_messages_and_2_calls_within_90_days(store, consulted):
    reset()
    gid = guest(kind="aesthetics", entered_on=D(2024, 1, 1))
    case(gid, consulted, "consulted_not_booked", on_611_plan=True)
    generate.run(through=D(2027, 8, 1))
    plan = [t for t in tasks(gid) if t.step.startswith("plan611_")]
    start = plan_611_start(consulted)
    assert Counter(t.channel for t in plan) == {"wechat": 6, "phone": 2}
    assert all(start <= local_day(t) <= start + dt.timedelta(days=90) for t in plan)
    assert all(local_day(t).day in (1, 15) for t in plan if t.channel == "wechat")
    assert 0 < (start - consulted).days <= 17
