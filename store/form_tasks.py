"""Playbook tasks a lifecycle form completes (seeds/lifecycle.toml [form_closes]).

The discharge form is the day-before-discharge checklist done on paper (manual 000 §4.7.2): once
the guest has checked out, that task is done, by whoever checked her out, in the same write. Left
open it stayed overdue on the callbacks list for months. The room readiness form (every item
ticked) and the approved car request close their checklists the same way.

    close_for_form(tx, stay, "discharge")   # inside the form's write
"""
from __future__ import annotations

import operator
from functools import reduce

from seeds.lifecycle import load_lifecycle
from store.models import Task


def close_for_form(tx, stay, form: str) -> tuple[int, ...]:
    """Mark the stay's open tasks of the steps `form` completes as done; returns their ids."""
    steps = load_lifecycle().form_closes.get(form, ())
    if not steps:
        return ()
    which = reduce(operator.or_, ((Task.playbook == book) & (Task.step == step) for book, step in steps))
    ids = tuple(row.id for row in Task.select(Task.id).where((Task.stay == stay.id) & (Task.status == "open") & which))
    if not ids:
        return ()
    now = tx.now.datetime
    Task.update(status="done", outcome="done", done_by=tx.actor.staff_id, done_at=now).where(
        Task.id.in_(ids), Task.status == "open").execute()
    for task_id in ids:
        tx.record("task", task_id, {"status": "open"}, {"status": "done", "form": form}, guest=stay.guest_id,
                  action="task.done_by_form")
    return ids
