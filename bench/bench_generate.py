"""Generation benchmark: a full run over N guests, and the incremental run of a 60-room center.

    main(quick) -> [{"name", "median_ms", "spread", "n"}, ...]   (spread = max - min, in ms)

Synthetic centers in a temp folder (SQLite): guests in every stage (signed, in house, gone
home; aesthetics leads and surgeries). Targets (issue 3): 10,000 guests under 5 s; one guest's
dates edited (the write that changes them also re-plans her) for a 60-room center under 200 ms.
"""
from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T02:00:00+00:00"


def main(quick: bool) -> list[dict]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from store import clock

    previous = clock._clock
    clock.install(clock.FixedClock(NOW))
    try:
        full_n = _arg("--guests") or (1000 if quick else 10_000)
        return [*_full(full_n, 1 if quick else 3), _incremental(3 if quick else 15)]
    finally:
        clock.install(previous)


def _row(name: str, times: list[float], cpu: list[float] | None = None) -> dict:
    ms = [t * 1000 for t in times]
    row = {"name": name, "median_ms": round(statistics.median(ms), 1),
           "spread": round(max(ms) - min(ms), 1), "n": len(ms)}
    if cpu:  # wall time on a shared 2-core machine varies with its load; CPU time less so
        row["note"] = f"cpu {statistics.median(cpu) * 1000:.0f} ms"
    return row


def _timed(fn) -> tuple[float, float]:
    """(wall, CPU of this process) seconds for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _full(guests: int, runs: int) -> list[dict]:
    from store import clock, db as store_db, generate

    first, rollover = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            store_db.open_database(str(Path(tmp) / "gen.db"))
            _populate(guests, seed=7)
            clock._clock.advance(seconds=1)  # the guests were entered before the run, as in life
            first.append(_timed(generate.run))
            clock._clock.advance(days=1)
            rollover.append(_timed(generate.run))
            clock._clock.advance(days=-1, seconds=-1)
            store_db.close()
    return [_row(f"generate: first run, {guests:,} guests", *zip(*first)),
            _row(f"generate: next-day roll-over, {guests:,} guests", *zip(*rollover))]


def _incremental(runs: int) -> dict:
    from store import clock, db as store_db, generate
    from store.models import Stay
    from store.writes import SYSTEM, write

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        store_db.open_database(str(Path(tmp) / "center.db"))
        ids = _populate(600, seed=11, aesthetics=False)  # 60 rooms, ten stays of history per room
        generate.run()
        for k in range(runs):
            gid = ids[k % len(ids)]
            clock._clock.advance(seconds=1)
            times.append(_timed(lambda g=gid, k=k: write(SYSTEM, "stay.edit", lambda tx: (
                Stay.update(planned_admission=dt.date(2026, 11, 25) + dt.timedelta(days=k % 5))
                .where(Stay.guest == g).execute(), generate.mark_anchors_changed(tx, g)))))
        store_db.close()
    # the edit's own write, which re-plans her before it commits (store.generate.mark_anchors_changed)
    return _row("generate: one guest's dates edited, the write re-planning her, 60-room center", *zip(*times))


def _populate(n: int, seed: int, aesthetics: bool = True) -> list[int]:
    """n guests in a realistic spread of stages, inserted in bulk (a fixture, not the write path)."""
    from store import clock
    from store.models import Case, Guest, Procedure, Stay, db

    rng = random.Random(seed)
    today = clock.today()
    now = clock.now()
    with db.atomic():
        clinic = n // 4 if aesthetics else 0
        rows = [dict(name=f"客{i}", kind="aesthetics" if i < clinic else "postpartum",
                     entered_on=today - dt.timedelta(days=rng.randint(0, 400)), created_at=now,
                     birthday=dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 3000)))
                for i in range(n)]
        for start in range(0, n, 500):
            Guest.insert_many(rows[start:start + 500]).execute()
        ids = [g.id for g in Guest.select(Guest.id, Guest.kind).order_by(Guest.id)]
        kinds = dict(Guest.select(Guest.id, Guest.kind).tuples())
        stays, cases, procs = [], [], []
        for gid in ids:
            offset = rng.randint(-300, 120)
            if kinds[gid] == "postpartum":
                admitted = today + dt.timedelta(days=offset)
                stays.append(dict(guest=gid, contract_no=f"B{gid}", package_days=28,
                                  signed_on=admitted - dt.timedelta(days=150), due_date=admitted - dt.timedelta(days=3),
                                  planned_admission=admitted, admitted_on=admitted if offset <= 0 else None,
                                  discharged_on=admitted + dt.timedelta(days=28) if offset < -28 else None))
            else:
                day = today + dt.timedelta(days=min(offset, 0))
                cases.append(dict(guest=gid, consulted_on=day, category="new", on_611_plan=rng.random() < 0.3))
                if rng.random() < 0.3:
                    procs.append(dict(guest=gid, kind="surgery_outpatient", name="x", performed_on=day))
        for model, batch in ((Stay, stays), (Case, cases), (Procedure, procs)):
            for start in range(0, len(batch), 500):
                model.insert_many(batch[start:start + 500]).execute()
    return ids[-60:]


def _arg(flag: str) -> int | None:
    """`--guests 3000` on the command line (ad-hoc runs), else None."""
    return int(sys.argv[sys.argv.index(flag) + 1]) if flag in sys.argv else None


if __name__ == "__main__":
    for row in main(quick="--quick" in sys.argv):
        print(row)
