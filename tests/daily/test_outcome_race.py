"""Two people complete the same task at the same moment: one wins, the other is told, one log."""
from __future__ import annotations

import threading

import pytest

from store import outcomes, task_claim
from store.errors import Conflict
from store.models import ContactLog, Event, Task, db
from tests.daily.fixtures import build_center


@pytest.fixture
def center(store):
    return build_center()


def _race(center, monkeypatch, first, second):
    """Run two outcomes in two threads (two connections), both having read the open task first."""
    barrier = threading.Barrier(2, timeout=1.0)
    real_load = task_claim.load_open

    def load_then_wait(task_id):
        task = real_load(task_id)
        try:
            barrier.wait()  # PostgreSQL: both read "open" before either writes
        except threading.BrokenBarrierError:
            pass  # SQLite: BEGIN IMMEDIATE already holds the other one back
        return task

    monkeypatch.setattr("store.outcomes.load_open", load_then_wait)
    results: dict[str, object] = {}

    def run(name, call):
        try:
            results[name] = call()
        except Conflict as exc:
            results[name] = exc
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in (("a", first), ("b", second))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=20)
    return results


def test_two_nurses_marking_one_visit_done_at_once(center, monkeypatch):
    task_id = center.tasks["v_wang"]
    a, b = center.actor("nurse"), center.actor("nurse2")
    results = _race(center, monkeypatch, lambda: outcomes.done(a, task_id), lambda: outcomes.done(b, task_id))
    conflicts = [r for r in results.values() if isinstance(r, Conflict)]
    wins = [r for r in results.values() if isinstance(r, outcomes.Result)]
    assert len(conflicts) == 1 and len(wins) == 1
    task = Task.get_by_id(task_id)
    winner = "李护士" if task.done_by_id == a.staff_id else "张护士"
    assert str(conflicts[0]) == f"already done by {winner} at 10:00"
    assert ContactLog.select().where(ContactLog.task == task_id).count() == 1
    assert Event.select().where(Event.entity == "task", Event.entity_id == task_id).count() == 1


def test_no_answer_racing_reached_never_logs_twice(center, monkeypatch):
    task_id = center.tasks["cb_today"]
    a, b = center.actor("cs"), center.actor("cs2")
    results = _race(center, monkeypatch, lambda: outcomes.reached(a, task_id, "ok"),
                    lambda: outcomes.skip(b, task_id, "duplicate"))
    assert sum(isinstance(r, Conflict) for r in results.values()) == 1
    assert ContactLog.select().where(ContactLog.task == task_id).count() == 1
