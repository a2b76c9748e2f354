"""A small hand-made center for report figures: every number in test_reports_store.py is worked out from this."""
from __future__ import annotations

import datetime as dt

import arrow

from store import clock
from store.models import Complaint, Guest, Staff, Survey, Task


def at(text: str) -> arrow.Arrow:
    """A local (Shanghai) wall time as a UTC instant."""
    return arrow.get(text, tzinfo="Asia/Shanghai").to("UTC")


def build() -> dict[str, int]:
    now = clock.now()
    a = Staff.create(number="C1", name="甲", role="customer_service", created_at=now)
    b = Staff.create(number="C2", name="乙", role="customer_service", created_at=now)
    guest = Guest.create(name="张三", entered_on=dt.date(2026, 1, 1), created_at=now)
    tasks = [  # (kind, due, status, done_by, done_at, assignee)
        ("callback", "2026-11-17T10:00", "done", a, "2026-11-17T10:30", None),  # t1
        ("message", "2026-11-18T10:00", "done", a, "2026-11-20T09:00", None),  # t2 late
        ("callback", "2026-11-19T10:00", "open", None, None, b),  # t3 still open
        ("callback", "2026-11-20T10:00", "skipped", b, "2026-11-21T12:00", None),  # t4
        ("callback", "2026-11-21T10:00", "cancelled", None, None, None),  # t5 not counted
        ("callback", "2026-11-22T23:30", "open", None, None, None),  # t6 nobody's (role only)
        ("visit", "2026-11-18T10:00", "open", None, None, None),  # t7 a visit, not a callback
        ("callback", "2026-11-23T09:00", "done", a, "2026-11-23T09:30", None),  # t8
        ("callback", "2026-11-23T07:00", "open", None, None, b),  # t9 (UTC: still 11-22)
    ]
    for n, (kind, due, status, doer, done_at, assignee) in enumerate(tasks, 1):
        Task.create(guest=guest, kind=kind, playbook="p", step=f"s{n}", anchor="x", dedupe_key=f"t{n}",
                    due_at=at(due), status=status, done_by=doer, done_at=at(done_at) if done_at else None,
                    assignee=assignee, role="customer_service", created_at=now)
    complaints = [  # (received, closed, deadline, status)
        ("2026-10-05T10:00", "2026-10-06T16:00", "2026-10-07T10:00", "closed"),  # 30 h
        ("2026-10-20T09:00", "2026-10-23T09:00", "2026-10-22T09:00", "closed"),  # 72 h, late
        ("2026-11-02T09:00", None, "2026-11-04T09:00", "open"),
        ("2026-10-31T23:30", "2026-11-01T05:30", "2026-11-02T09:00", "closed"),  # 6 h, October locally
        ("2026-11-01T00:30", None, None, "investigating"),  # November locally, October in UTC
        ("2026-08-15T09:00", "2026-08-16T09:00", None, "closed"),  # before the window
    ]
    for received, closed, deadline, status in complaints:
        Complaint.create(guest=guest, received_at=at(received), closed_at=at(closed) if closed else None,
                         deadline=at(deadline) if deadline else None, status=status, what="x")
    for when, scores in [("2026-11-05T16:00", {"a": 5, "b": 4}), ("2026-11-20T16:00", {"a": 3, "b": 2}),
                         ("2026-10-10T16:00", {"a": 4, "b": 4}), ("2026-10-31T23:00", {"a": 5, "b": 5})]:
        Survey.create(guest=guest, at=at(when), scores=scores)
    return {"a": a.id, "b": b.id}
