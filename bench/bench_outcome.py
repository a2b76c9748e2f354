"""Outcome benchmark: one outcome key, store side: the write (task, contact log, re-plan, events)
and the reload of the list the screen shows afterwards.

    main(quick) -> [{"name", "median_ms", "spread", "n", "note"}, ...]   (spread = max - min, note = p95)

Database: $CAREFLOOR_BENCH_DB (the big generated center: 1M tasks), its day from
$CAREFLOOR_BENCH_TODAY or the center's today; else a synthetic center from bench_due.build
(20k tasks when quick, 200k otherwise). Tasks used are put back afterwards (status, attempts,
their contact logs), so a cached big center stays as it was; only event rows remain (append-only).
Target (issue 5): outcome key to updated list p95 < 50 ms with 1M tasks.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import bench_due

ROLE = "customer_service"


def main(quick: bool) -> list[dict]:
    target = os.environ.get("CAREFLOOR_BENCH_DB")
    with tempfile.TemporaryDirectory() as tmp:
        if not target:
            target = str(Path(tmp) / "outcome.db")
            bench_due.build(target, tasks=20_000 if quick else 200_000)
            day = bench_due.DAY
        else:
            day = bench_due._bench_day(target)
        return _measure(target, day, runs=15 if quick else 60)


def _measure(target: str, day: dt.date, runs: int) -> list[dict]:
    from store import clock, daily, outcomes
    from store import db as store_db
    from store.models import Task

    store_db.open_database(target, create=False)
    clock.install(clock.FixedClock(clock.at_local(day, 10)))
    actor = _actor()
    try:
        size = Task.select().count()
        ids = _open_tasks(day, runs + 1)
        saved = _snapshot(ids)
        write_ms, list_ms, both_ms = [], [], []
        try:
            outcomes.done(actor, ids[0])  # warm: playbooks loaded, statements prepared
            for task_id in ids[1:]:
                start = time.perf_counter()
                outcomes.done(actor, task_id)
                mid = time.perf_counter()
                daily.callbacks_due(day, actor=actor, role=ROLE)
                end = time.perf_counter()
                write_ms.append((mid - start) * 1000)
                list_ms.append((end - mid) * 1000)
                both_ms.append((end - start) * 1000)
        finally:
            _restore(saved)
    finally:
        store_db.close()
    label = f"({size:,} tasks)"
    return [_row(f"outcome key to updated list, store side {label}", both_ms),
            _row(f"outcome write: task + log + re-plan + events {label}", write_ms),
            _row(f"callbacks list reload after it {label}", list_ms)]


def _actor():
    from store.models import Staff
    from store.permissions import permissions_for
    from store.writes import Actor

    staff = Staff.select().where(Staff.role == ROLE).first()
    if staff is None:
        return Actor(None, "bench", ROLE, "bench", permissions_for(ROLE))
    return Actor(staff.id, staff.name, ROLE, "bench", permissions_for(ROLE))


def _open_tasks(day: dt.date, count: int) -> list[int]:
    """Open tasks due by the end of `day`, as the callbacks screen would list them."""
    from store import clock
    from store.models import Task

    end = clock.local_day_bounds(day)[1]
    query = (Task.select(Task.id).where((Task.status == "open") & (Task.due_at < end))
             .order_by(Task.due_at.desc()).limit(count))
    ids = [tid for (tid,) in query.tuples()]
    if len(ids) < count:
        raise SystemExit(f"only {len(ids)} open tasks due by {day}: need {count}")
    return ids


def _snapshot(ids: list[int]) -> list[dict]:
    from store.models import Task

    fields = ("id", "status", "outcome", "reason", "attempts", "done_by", "done_at", "due_at", "role")
    return [{f: getattr(t, f + "_id" if f == "done_by" else f) for f in fields}
            for t in Task.select().where(Task.id.in_(ids))]


def _restore(saved: list[dict]) -> None:
    """Put the tasks back as they were and drop their contact logs (bench data only)."""
    from store.models import ContactLog, Task, db

    with db.atomic():
        for row in saved:
            Task.update(**{k: v for k, v in row.items() if k != "id"}).where(Task.id == row["id"]).execute()
        ContactLog.delete().where(ContactLog.task.in_([r["id"] for r in saved])).execute()


def _row(name: str, times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"name": name, "median_ms": round(statistics.median(times), 2),
            "spread": round(max(times) - min(times), 2), "n": len(times), "note": f"p95 {p95:.2f} ms"}


if __name__ == "__main__":
    for row in main(quick="--quick" in sys.argv):
        print(f"{row['name']:<70} {row['median_ms']:>8.2f} ms  spread {row['spread']:.2f}  n={row['n']}  {row['note']}")
