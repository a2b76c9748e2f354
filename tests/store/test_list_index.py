"""The lists across guests (due, today's visits, handover) read the (status, due_at) index, which
leaves out not-applicable rows; a query that forgets `listed()` scans every task (PERF.md: 10x at 1M)."""
from __future__ import annotations

import datetime as dt

import pytest

from store import clock, daily, handover, tasks
from store.models import Guest, Task, db
from store.writes import SYSTEM

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def plans(sqlite_store, monkeypatch):
    """Every SELECT on task the store runs, with its query plan."""
    seen: list[tuple[str, str]] = []
    execute = db.obj.execute_sql

    def explaining(sql, params=None, *args, **kwargs):
        if sql.startswith("SELECT") and 'FROM "task"' in sql:
            rows = execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            seen.append((sql, "\n".join(str(r[-1]) for r in rows)))
        return execute(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", explaining)
    _tasks()
    return seen


def _tasks() -> None:
    now = clock.now()
    rows = []
    for g in range(1, 21):
        Guest.create(id=g, name=f"客人{g}", entered_on=TODAY, created_at=now)
        for n, status in enumerate(("not_applicable",) * 6 + ("done", "skipped", "open", "cancelled")):
            rows.append(dict(guest=g, kind="visit" if n % 2 else "callback", playbook="p", step=f"s{n}",
                             anchor="admission", dedupe_key=f"g{g}/{n}", status=status, channel="phone",
                             due_at=now + dt.timedelta(hours=n - 5), done_at=now if status == "done" else None,
                             created_at=now))
    Task.insert_many(rows).execute()


@pytest.mark.parametrize("analyzed", [False, True])
def test_the_lists_across_guests_search_the_status_due_index(plans, analyzed):
    if analyzed:
        db.execute_sql("ANALYZE")  # the plan must survive statistics too
    tasks.due_tasks(TODAY, actor=SYSTEM, include_upcoming_days=7)
    daily.visits_for_day(TODAY, actor=SYSTEM)
    handover.handover()
    assert len(plans) >= 6, plans  # due 1, visits 2, handover 3
    for sql, plan in plans:
        assert "USING INDEX task_status_due_at" in plan and "SCAN t1" not in plan, (sql, plan)


def test_not_applicable_rows_are_left_out_of_the_lists_index(sqlite_store):
    (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'task_status_due_at'").fetchone()
    assert "WHERE" in sql and "'not_applicable'" in sql, sql


def test_the_lists_still_show_what_they_showed(plans):
    due = tasks.due_tasks(TODAY, actor=SYSTEM, include_upcoming_days=7)
    assert {r.status for r in due} == {"open"} and len(due) == 20
