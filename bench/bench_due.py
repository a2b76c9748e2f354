"""Due-list benchmark: the store query and the whole `carefloor due --json` command.

    main(quick) -> [{"name", "median_ms", "spread", "n"}, ...]   (spread = max - min, in ms)

Database: $CAREFLOOR_BENCH_DB (the big generated center: 1M tasks), its day from
$CAREFLOOR_BENCH_TODAY (YYYY-MM-DD) or the center's today. Without it, a synthetic center is
built in a temp folder (20k tasks when quick, 200k otherwise). Targets (issue 2): the query
under 5 ms and the command under 0.5 s on 1M tasks.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 23)


def main(quick: bool) -> list[dict]:
    target = os.environ.get("CAREFLOOR_BENCH_DB")
    with tempfile.TemporaryDirectory() as tmp:
        if not target:
            target = str(Path(tmp) / "due.db")
            build(target, tasks=20_000 if quick else 200_000)
            day = DAY
        else:
            day = _bench_day(target)
        size = _task_count(target)
        rows = _query_rows(target, day, size, runs=15 if quick else 40)
        rows.append(_command_row(target, day, size, runs=3 if quick else 7))
    return rows


def _query_rows(target: str, day: dt.date, size: int, runs: int) -> list[dict]:
    from store import db as store_db
    from store.tasks import due_tasks
    from store.writes import Actor

    reader = Actor(0, "bench", "", "")
    store_db.open_database(target, create=False)
    try:
        full = len(due_tasks(day, actor=reader))
        rows = [
            _row(f"due query, first 200 rows ({size:,} tasks)", runs, lambda: due_tasks(day, actor=reader, limit=200)),
            _row(f"due query, all {full:,} due rows ({size:,} tasks)", runs, lambda: due_tasks(day, actor=reader)),
        ]
    finally:
        store_db.close()
    return rows


def _command_row(target: str, day: dt.date, size: int, runs: int) -> dict:
    argv = [sys.executable, "-m", "tui.cli", "due", "--db", target, "--on", day.isoformat(), "--json"]
    env = {**os.environ, "CAREFLOOR_LANG": "en"}

    def once():
        subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)

    once()  # the first run of a day brings generation up to date; later runs are incremental
    return _row(f"carefloor due --json ({size:,} tasks)", runs, once)


def _row(name: str, runs: int, fn) -> dict:
    fn()  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"name": name, "median_ms": round(statistics.median(times), 2),
            "spread": round(max(times) - min(times), 2), "n": runs}


def _bench_day(target: str) -> dt.date:
    text = os.environ.get("CAREFLOOR_BENCH_TODAY")
    if text:
        return dt.date.fromisoformat(text)
    from store import clock, db as store_db

    store_db.open_database(target, create=False)
    try:
        return clock.today()
    finally:
        store_db.close()


def _task_count(target: str) -> int:
    from store import db as store_db
    from store.models import Task

    store_db.open_database(target, create=False)
    try:
        return Task.select().count()
    finally:
        store_db.close()


def build(target: str, *, tasks: int, per_guest: int = 10, seed: int = 7) -> None:
    """A synthetic center: guests with tasks spread over a year around DAY, past ones mostly done."""
    from store import clock, db as store_db
    from store.models import Floor, Guest, Room, Stay, Task, db

    rng = random.Random(seed)
    store_db.open_database(target)
    now = clock.at_local(DAY, 8).datetime
    try:
        with db.atomic():
            floor = Floor.create(number=6)
            rooms = [Room.create(floor=floor, number=f"6{n:02d}", status="occupied").id for n in range(1, 61)]
            guests = tasks // per_guest
            Guest.insert_many([dict(name=f"客户{i}", phone=f"138{i:08d}", entered_on=DAY, created_at=now)
                               for i in range(guests)]).execute()
            Stay.insert_many([dict(guest=i + 1, contract_no=f"B{i}", status="admitted" if i < 60 else "discharged",
                                   room=rooms[i % 60]) for i in range(guests)]).execute()
            batch = []
            for n in range(tasks):
                batch.append(_task(rng, n, n // per_guest + 1, now))
                if len(batch) == 2000:
                    Task.insert_many(batch).execute()
                    batch = []
            if batch:
                Task.insert_many(batch).execute()
        db.execute_sql("ANALYZE")
    finally:
        store_db.close()


def _task(rng: random.Random, n: int, guest: int, now: dt.datetime) -> dict:
    due = now + dt.timedelta(minutes=rng.randint(-365 * 1440, 120 * 1440))
    past = due < now - dt.timedelta(days=2)
    status = rng.choice(("done", "done", "done", "done", "skipped", "not_applicable")) if past else "open"
    return dict(guest=guest, stay=guest, kind=rng.choice(("visit", "callback", "message")), playbook="bench",
                step=f"s{n % 40}", anchor="admission", dedupe_key=f"bench/{n}", title="回访", due_at=due,
                channel="phone", role="customer_service", status=status, created_at=now)


if __name__ == "__main__":
    for row in main(quick="--quick" in sys.argv):
        print(f"{row['name']:<60} {row['median_ms']:>9.2f} ms  spread {row['spread']:.2f}  n={row['n']}")
