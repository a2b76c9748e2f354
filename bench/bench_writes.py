"""20 processes write to one SQLite file at once: the real write path against bare Peewee.

Each process does N small write transactions back to back, all released by one barrier:
- bare (the baseline, what issue 8 measured): Peewee `atomic("IMMEDIATE")`, busy_timeout 5000,
  the same pragmas, a read-then-write of one row (SELECT MAX, INSERT), no retry;
- path: the very same two statements inside store.writes.write (its turn, IMMEDIATE, the event
  row): the difference to bare is the write path alone (the ratio);
- note: store.notes.add_note, a real save (its reads before the lock, a Peewee insert, the event).
Each on its own file, in the same run. Also checks nothing was lost: every process's
acknowledged rows are all there, in order.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import tempfile
import time
import traceback
from pathlib import Path

from bench.runner import percentile

PROCS = 20
WRITES = {True: 100, False: 500}


def main(quick: bool) -> list[dict]:
    n = WRITES[quick]
    with tempfile.TemporaryDirectory(prefix="cf-bench-writes-") as tmp:
        base = run(str(Path(tmp) / "bare.db"), "bare", PROCS, n)
        ours = run(str(Path(tmp) / "path.db"), "path", PROCS, n)
        note = run(str(Path(tmp) / "note.db"), "note", PROCS, n)
    return rows(ours, base, n) + [_note_row(note, n)]


def run(path: str, mode: str, procs: int, n: int) -> dict:
    """Start `procs` writers on `path` at once; latencies (ms), errors, losses, throughput."""
    prepare(path, mode)
    ctx = mp.get_context("fork")
    barrier, queue = ctx.Barrier(procs), ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(path, mode, i, n, barrier, queue)) for i in range(procs)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=600) for _ in workers]
    for w in workers:
        w.join()
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    lat = sorted(x for r in results for x in r["lat"])
    errors = sum(r["errors"] for r in results)
    first = next((r["first_error"] for r in results if r["first_error"]), "")
    acked = {r["i"]: r["acked"] for r in results}
    return {"lat": lat, "errors": errors, "first_error": first, "tps": len(lat) / wall,
            "lost": count_lost(path, mode, acked)}


def prepare(path: str, mode: str) -> None:
    """An empty bare table, or a migrated center with one guest to write notes to."""
    if mode == "bare":
        database = _bare_database(path)
        for ddl in ITEM_DDL:
            database.execute_sql(ddl)
        database.close()
        return
    import datetime as dt

    from store import clock, db as store_db
    from store.models import Guest

    database = store_db.open_database(path)
    Guest.insert(name="bench", entered_on=dt.date(2026, 11, 1), created_at=clock.now()).execute()
    for ddl in ITEM_DDL:
        database.execute_sql(ddl)
    store_db.close()


ITEM_DDL = ("CREATE TABLE item (id INTEGER PRIMARY KEY, proc INTEGER, k INTEGER, text TEXT)",
            "CREATE INDEX item_proc_k ON item (proc, k)")  # the read stays one index probe
READ_SQL = "SELECT MAX(k) FROM item WHERE proc = ?"
WRITE_SQL = "INSERT INTO item (proc, k, text) VALUES (?, ?, ?)"


def _bare_database(path: str):
    import peewee as pw

    from store.db import SQLITE_PRAGMAS

    return pw.SqliteDatabase(path, pragmas=dict(SQLITE_PRAGMAS, busy_timeout=5000), timeout=5)


def _worker(path: str, mode: str, i: int, n: int, barrier, queue) -> None:
    out = {"i": i, "lat": [], "errors": 0, "first_error": "", "acked": []}
    try:
        one = {"bare": _bare_writer, "path": _path_writer, "note": _note_writer}[mode](path, i)
        barrier.wait()
        out["start"] = time.perf_counter()
        for k in range(n):
            t0 = time.perf_counter()
            try:
                one(k)
                out["acked"].append(k)
            except Exception as exc:  # counted, not fatal: the figure is how many fail
                out["errors"] += 1
                out["first_error"] = out["first_error"] or f"{type(exc).__name__}: {exc}"
            out["lat"].append((time.perf_counter() - t0) * 1000)
        out["end"] = time.perf_counter()
    except Exception:
        out["first_error"] = traceback.format_exc(limit=3)
        out.setdefault("start", time.perf_counter())
        out["end"] = time.perf_counter()
    queue.put(out)


def _path_writer(path: str, i: int):
    from store import db as store_db
    from store.writes import Actor, write

    database = store_db.open_database(path)
    actor = Actor(None, f"bench {i}", "system", f"proc {i}")

    def apply(tx, k):
        database.execute_sql(READ_SQL, (i,)).fetchone()
        database.execute_sql(WRITE_SQL, (i, k, f"bench p{i} k{k}"))
        tx.record("item", k)
    return lambda k: write(actor, "bench.item", lambda tx: apply(tx, k))


def _note_writer(path: str, i: int):
    from store import db as store_db
    from store.notes import add_note
    from store.writes import Actor

    store_db.open_database(path)
    actor = Actor(None, f"bench {i}", "system", f"proc {i}")
    return lambda k: add_note(actor, f"bench p{i} k{k}", guest_id=1)


def _bare_writer(path: str, i: int):
    database = _bare_database(path)
    database.connect()

    def one(k: int) -> None:
        with database.atomic("IMMEDIATE"):
            database.execute_sql(READ_SQL, (i,)).fetchone()
            database.execute_sql(WRITE_SQL, (i, k, f"bench p{i} k{k}"))
    return one


def count_lost(path: str, mode: str, acked: dict[int, list[int]]) -> int:
    """Acknowledged writes missing from the file, plus any process whose rows are out of order."""
    import re

    database = _bare_database(path)
    sql = f"SELECT text FROM {'note' if mode == 'note' else 'item'} ORDER BY id"
    seen: dict[int, list[int]] = {}
    for (text,) in database.execute_sql(sql).fetchall():
        m = re.fullmatch(r"bench p(\d+) k(\d+)", text)
        if m:
            seen.setdefault(int(m[1]), []).append(int(m[2]))
    database.close()
    lost = 0
    for proc, ks in acked.items():
        got = seen.get(proc, [])
        lost += len(set(ks) - set(got)) + (0 if got == sorted(got) else 1)
    return lost


def rows(ours: dict, base: dict, n: int) -> list[dict]:
    """p50, p99, p99.9 of both, ours with ratio to the baseline."""
    label = f"{PROCS} procs x {n} writes"
    out = []
    for who, res in (("write path", ours), ("bare IMMEDIATE", base)):
        note = (f"{res['tps']:.0f} tx/s, {res['errors']} errors, {res['lost']} lost"
                + (f" ({res['first_error'][:60]})" if res["first_error"] else ""))
        for p, tag in ((0.5, "p50"), (0.99, "p99"), (0.999, "p99.9")):
            value = percentile(res["lat"], p)
            row = {"name": f"{label}: {who} {tag}", "median_ms": value, "n": len(res["lat"]),
                   "spread": f"max {percentile(res['lat'], 1.0):.0f} ms" if tag == "p99.9" else "",
                   "note": note if tag == "p50" else ""}
            if who == "write path":
                row["ratio"] = value / max(percentile(base["lat"], p), 1e-9)
            out.append(row)
    return out


def _note_row(res: dict, n: int) -> dict:
    lat = res["lat"]
    return {"name": f"{PROCS} procs x {n} writes: store.notes.add_note p99", "median_ms": percentile(lat, 0.99),
            "spread": f"max {percentile(lat, 1.0):.0f} ms", "n": len(lat),
            "note": (f"p50 {percentile(lat, 0.5):.1f}, p99.9 {percentile(lat, 0.999):.0f} ms; {res['tps']:.0f} tx/s, "
                     f"{res['errors']} errors, {res['lost']} lost")}
