"""The due list: open tasks due by the end of the local day, overdue first, on an index."""
from __future__ import annotations

import datetime as dt

import pytest

from store import clock
from store.models import Floor, Guest, Room, Staff, Stay, Task, db
from store.tasks import due_query, due_tasks
from store.writes import SYSTEM, Actor

TODAY = dt.date(2026, 11, 23)  # the frozen clock's day (Asia/Shanghai)
NURSE = Actor(5, "李护士", "nurse", "", frozenset({"health_notes"}))
SERVICE = Actor(6, "周客服", "customer_service", "", frozenset({"phone_full"}))


@pytest.fixture
def center(store):
    """Two guests: one in room 603 (admitted), one discharged from 701; a nurse."""
    f6, f7 = Floor.create(number=6), Floor.create(number=7)
    r603, r701 = Room.create(floor=f6, number="603", status="occupied"), Room.create(floor=f7, number="701")
    now = clock.now()
    nurse = Staff.create(number="N1", name="林护士", role="nurse", created_at=now)
    a = Guest.create(name="张晓红", phone="13812345678", entered_on=TODAY, created_at=now, call_window="afternoon")
    b = Guest.create(name="李娜", phone="13987654321", entered_on=TODAY, created_at=now)
    sa = Stay.create(guest=a, contract_no="A1", room=r603, status="admitted")
    sb = Stay.create(guest=b, contract_no="B1", room=r701, status="discharged")
    return {"a": a.id, "b": b.id, "sa": sa.id, "sb": sb.id, "nurse": nurse.id}


def task(guest, step, due, *, stay=None, status="open", kind="visit", channel="in_person", role="nurse",
         assignee=None):
    return Task.create(guest=guest, stay=stay, kind=kind, playbook="postpartum", step=step, anchor="admission",
                       dedupe_key=f"{guest}/{step}/{due.isoformat()}", title=step.replace("_", " "),
                       due_at=due, channel=channel, role=role, assignee=assignee, status=status,
                       created_at=clock.now())


def local(day_offset, hour, minute=0):
    return clock.at_local(TODAY + dt.timedelta(days=day_offset), hour, minute)


def test_due_today_and_overdue_in_due_order_and_nothing_else(center):
    task(center["a"], "today_late", local(0, 23, 30), stay=center["sa"])
    task(center["a"], "yesterday", local(-1, 9), stay=center["sa"])
    task(center["a"], "tomorrow_early", local(1, 0, 10), stay=center["sa"])
    task(center["a"], "done_today", local(0, 9), stay=center["sa"], status="done")
    task(center["b"], "call_b", local(0, 14), kind="callback", channel="phone", role="customer_service",
         stay=center["sb"])
    rows = due_tasks(TODAY, actor=NURSE)
    assert [r.step for r in rows] == ["yesterday", "call_b", "today_late"]
    assert [r.overdue(TODAY) for r in rows] == [True, False, False]


def test_upcoming_days_extend_the_window(center):
    task(center["a"], "tomorrow_early", local(1, 0, 10))
    task(center["a"], "in_three_days", local(3, 9))
    assert [r.step for r in due_tasks(TODAY, actor=NURSE, include_upcoming_days=1)] == ["tomorrow_early"]
    assert len(due_tasks(TODAY, actor=NURSE, include_upcoming_days=3)) == 2


def test_row_carries_guest_room_assignee_and_masks_the_phone_by_permission(center):
    task(center["a"], "day_2", local(0, 9), stay=center["sa"], assignee=center["nurse"])
    task(center["b"], "after_care", local(0, 10), stay=center["sb"], kind="callback", channel="phone")
    mine, other = due_tasks(TODAY, actor=NURSE)
    assert (mine.guest_name, mine.room, mine.assignee_name, mine.call_window) == ("张晓红", "603", "林护士", "afternoon")
    assert mine.phone == "138****5678"
    assert other.room == ""  # discharged: her old room is not hers any more
    assert mine.due == local(0, 9).datetime and mine.due.tzinfo is not None
    assert due_tasks(TODAY, actor=SERVICE)[0].phone == "13812345678"


def test_filters(center):
    task(center["a"], "visit", local(0, 9), stay=center["sa"], assignee=center["nurse"])
    task(center["b"], "call", local(0, 10), stay=center["sb"], kind="callback", channel="phone", role="customer_service")
    steps = lambda **kw: [r.step for r in due_tasks(TODAY, actor=NURSE, **kw)]  # noqa: E731
    assert steps(role="customer_service") == ["call"]
    assert steps(kind="visit") == ["visit"]
    assert steps(channel="phone") == ["call"]
    assert steps(assignee_id=center["nurse"]) == ["visit"]
    assert steps(guest_id=center["b"]) == ["call"]
    assert steps(floor=6) == ["visit"]
    assert steps(floor=7) == []  # 701's guest was discharged
    assert steps(limit=1) == ["visit"]


def test_to_json_is_plain_and_named_for_people(center):
    task(center["a"], "day_2", local(0, 9), stay=center["sa"])
    data = due_tasks(TODAY, actor=NURSE)[0].to_json()
    assert data["guest"] == "张晓红" and data["room"] == "603"
    assert data["due"] == "2026-11-23T01:00:00+00:00"
    assert {"kind", "step", "channel", "role", "title", "status"} <= set(data)


def _plan(query) -> str:
    sql, params = query.sql()
    return "\n".join(row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_due_query_plan_uses_the_composite_indexes(sqlite_store):
    """Pinned: a full scan of task here is 10x slower at 1M tasks (PERF.md)."""
    for _ in range(2):
        plan = _plan(due_query(TODAY))
        assert "USING INDEX task_status_due_at" in plan, plan
        assert "SCAN t1" not in plan and "TEMP B-TREE" not in plan, plan
        db.execute_sql("ANALYZE")  # the plan must survive statistics too
    per_guest = _plan(due_query(TODAY, guest_id=1))
    assert "USING INDEX task_guest_id_status_due_at" in per_guest, per_guest
    filtered = _plan(due_query(TODAY, role="nurse", floor=6, kind="visit"))
    assert "USING INDEX task_status_due_at" in filtered and "SCAN t1" not in filtered, filtered


def test_system_actor_sees_full_phone(center):
    task(center["a"], "x", local(0, 9))
    assert due_tasks(TODAY, actor=SYSTEM)[0].phone == "13812345678"
