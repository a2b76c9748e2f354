"""Claiming a task inside a write: exactly one of two simultaneous outcomes wins.

The claim is a conditional UPDATE (still open, attempts unchanged since it was read) whose
row count is checked. On SQLite the IMMEDIATE transaction already serialises writers; on
PostgreSQL (READ COMMITTED) the second UPDATE waits for the first, re-checks its WHERE
against the committed row and matches nothing. The loser raises TaskTaken, which rolls
its whole transaction back: never two contact logs for one completion.
"""
from __future__ import annotations

import datetime as dt

from store import clock
from store.errors import Conflict, NotFound
from store.models import ContactLog, Staff, Task
from store.writes import Tx

VERBS = {"done": "done", "skipped": "skipped", "cancelled": "cancelled",
         "not_applicable": "closed", "open": "updated"}


class TaskTaken(Conflict):
    """Someone else acted on the task first; `by` and `at` say who and when."""

    def __init__(self, status: str, by: str, at: dt.datetime | None):
        self.status, self.by, self.at = status, by, at
        verb = VERBS.get(status, status)
        if at:
            super().__init__("already {verb} by {by} at {at}", verb=verb, by=by, at=clock_hhmm(at))
        else:
            super().__init__("already {verb} by {by}", verb=verb, by=by)


def clock_hhmm(at: dt.datetime) -> str:
    """Local wall time, e.g. 10:42."""
    import arrow

    return arrow.get(at).to(clock.timezone()).format("HH:mm")


def load_open(task_id: int) -> Task:
    """The task, if it is still open; else TaskTaken (or NotFound)."""
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound("task {id} no longer exists: refresh the list", id=task_id)
    if task.status != "open":
        raise taken(task)
    return task


def claim(tx: Tx, task: Task, changes: dict) -> None:
    """UPDATE the task only if nobody changed it since `task` was read; record the event."""
    count = (Task.update(**changes)
             .where(Task.id == task.id, Task.status == "open", Task.attempts == task.attempts)
             .execute())
    if count != 1:
        raise taken(Task.get_by_id(task.id))
    before = {k: _plain(getattr(task, _attr(k))) for k in changes}
    tx.record("task", task.id, before, {k: _plain(v) for k, v in changes.items()}, guest=task.guest_id)


def taken(task: Task) -> TaskTaken:
    """Who changed the task last, from its completion or its latest contact log."""
    if task.status != "open" and task.done_at is not None:
        return TaskTaken(task.status, _name(task.done_by_id), task.done_at)
    last = (ContactLog.select().where(ContactLog.task == task.id)
            .order_by(ContactLog.at.desc(), ContactLog.id.desc()).first())
    if last is not None:
        return TaskTaken(task.status, _name(last.staff_id), last.at)
    return TaskTaken(task.status, "system", None)


def _name(staff_id: int | None) -> str:
    if staff_id is None:
        return "system"
    staff = Staff.get_or_none(Staff.id == staff_id)
    return staff.name if staff else f"#{staff_id}"


def _attr(field: str) -> str:
    return f"{field}_id" if field in ("assignee", "done_by") else field


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value
