"""A large postpartum center for the benchmarks, generated deterministically and cached.

    python -m bench.large_center [--quick] [--seed N]   # prints the path

Full: 300 rooms, 100k guests, 1M tasks, 2M contact logs; --quick is ten times smaller.
Rows go straight into the tables with executemany (not the write path: this is a fixture),
indexes are dropped during the load and rebuilt after, then ANALYZE. The center's "today" is
TODAY; tasks before it are mostly done, the rest open, and every guest is marked planned (her
planned_through and playbook fingerprint) so the first `carefloor due` does not regenerate 100k guests. The file is cached under
bench/out/ keyed by size, seed and the schema, so a second run is instant.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = dt.date(2026, 11, 23)
GEN_VERSION = 4
SIZES = {
    False: {"rooms": 300, "guests": 100_000, "tasks": 1_000_000, "logs": 2_000_000, "staff": 60},
    True: {"rooms": 300, "guests": 10_000, "tasks": 100_000, "logs": 200_000, "staff": 20},
}
SURNAMES = [("张", "z"), ("王", "w"), ("李", "l"), ("刘", "l"), ("陈", "c"), ("杨", "y"), ("黄", "h"),
            ("赵", "z"), ("吴", "w"), ("周", "z"), ("徐", "x"), ("孙", "s"), ("马", "m"), ("朱", "z")]
GIVEN = [("晓", "x"), ("红", "h"), ("丽", "l"), ("静", "j"), ("敏", "m"), ("燕", "y"), ("芳", "f"),
         ("娟", "j"), ("霞", "x"), ("婷", "t"), ("雪", "x"), ("琳", "l"), ("慧", "h"), ("颖", "y")]
OUTCOMES = ["reached", "no_answer", "busy", "callback_later", "reached"]


def ensure(quick: bool, seed: int = 7) -> tuple[Path, str, float, bool]:
    """(path, today, seconds the build took, whether it came from the cache)."""
    path = cached_path(quick, seed)
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, TODAY.isoformat(), json.loads(meta.read_text())["took_s"], True
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    tmp = path.with_name(path.name + ".part")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-audit.key")):
        leftover.unlink(missing_ok=True)
    build(tmp, SIZES[quick], seed)
    os.replace(tmp, path)
    os.replace(f"{tmp}-audit.key", f"{path}-audit.key")  # the center's audit key goes with it
    took = time.perf_counter() - started
    meta.write_text(json.dumps({"took_s": round(took, 1), "size": SIZES[quick], "seed": seed}))
    return path, TODAY.isoformat(), took, False


def cached_path(quick: bool, seed: int) -> Path:
    """bench/out/large-<size>-s<seed>-<hash of schema (and its version) and playbooks>.db"""
    from store.migrations import LATEST
    from store.models import MODELS
    from store.schedule import fingerprint_of

    schema = [LATEST] + [(m._meta.table_name, [f.column_name for f in m._meta.sorted_fields]) for m in MODELS]
    books = fingerprint_of(None)  # a playbook edit builds a new center (its settings carry the digest)
    key = hashlib.sha1(json.dumps([GEN_VERSION, SIZES[quick], seed, schema, books]).encode()).hexdigest()[:10]
    return OUT / f"large-{'quick' if quick else 'full'}-s{seed}-{key}.db"


def build(path: Path, size: dict, seed: int) -> None:
    """Create the schema with the store, then bulk-load every table over one raw connection."""
    from store import db as store_db

    store_db.open_database(str(path))
    store_db.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=off")
    conn.execute("PRAGMA synchronous=off")
    conn.execute("PRAGMA cache_size=-200000")
    indexes = _drop_indexes(conn)
    rng = random.Random(seed)
    conn.execute("BEGIN")
    loader = _Loader(conn)
    rooms = _rooms_and_staff(loader, size)
    stays = _guests_and_stays(loader, size, rng, rooms)
    _tasks_and_logs(loader, size, rng, stays)
    _settings(loader)
    conn.execute("COMMIT")
    for sql in indexes:
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=wal")
    conn.close()


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


class _Loader:
    """executemany with every NOT NULL column filled from the model's own defaults."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def load(self, model, rows, verb: str = "INSERT") -> None:
        fields = [f for f in model._meta.sorted_fields if not (f.primary_key and f.column_name == "id")]
        cols = [f.column_name for f in fields]
        defaults = {f.column_name: None if callable(f.default) or f.default is None else f.db_value(f.default)
                    for f in fields}
        sql = (f'{verb} INTO "{model._meta.table_name}" ({", ".join(cols)}) '
               f'VALUES ({", ".join("?" * len(cols))})')
        batch = []
        for row in rows:
            batch.append(tuple(row.get(c, defaults[c]) for c in cols))
            if len(batch) >= 20_000:
                self.conn.executemany(sql, batch)
                batch.clear()
        if batch:
            self.conn.executemany(sql, batch)


def _ts(day: dt.date, hour: int, minute: int = 0) -> str:
    """Naive UTC text as UtcDateTimeField stores it (Shanghai is UTC+8, no DST)."""
    local = dt.datetime.combine(day, dt.time(hour, minute))
    return (local - dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")


def _rooms_and_staff(loader: _Loader, size: dict) -> list[int]:
    from store.models import Floor, Room, Staff

    floors = size["rooms"] // 30
    loader.load(Floor, ({"number": f + 3, "name": f"{f + 3}F"} for f in range(floors)))
    loader.load(Room, ({"floor_id": r // 30 + 1, "number": f"{r // 30 + 3}{r % 30 + 1:02d}",
                        "status": "occupied" if r % 5 else "vacant"} for r in range(size["rooms"])))
    roles = ["nurse", "nurse", "nurse", "customer_service", "manager"]
    loader.load(Staff, ({"number": f"S{s + 1}", "name": f"员工{s + 1}", "role": roles[s % len(roles)],
                         "created_at": _ts(TODAY - dt.timedelta(days=900), 9)} for s in range(size["staff"])))
    return [r + 1 for r in range(size["rooms"]) if (r % 5)]


def _guests_and_stays(loader: _Loader, size: dict, rng: random.Random, rooms: list[int]) -> list[tuple]:
    """Guests entered over five years; the newest fill the occupied rooms. Returns (guest, stay, discharge)."""
    from store.models import Guest, Stay

    from store.generate import HORIZON_DAYS
    from store.schedule import fingerprint_of

    planned = {"planned_through": (TODAY + dt.timedelta(days=HORIZON_DAYS + 30)).isoformat(),
               "planned_books": fingerprint_of(None)}  # planned with today's playbooks: no re-plan of everyone
    n, stays, guests = size["guests"], [], []
    for g in range(1, n + 1):
        signed = TODAY - dt.timedelta(days=int((n - g) * 1800 / n) + 40)
        s, given = rng.choice(SURNAMES), [rng.choice(GIVEN) for _ in range(2)]
        phone = f"13{rng.randrange(10**9):09d}"
        guests.append({"name": s[0] + given[0][0] + given[1][0], "initials": s[1] + given[0][1] + given[1][1],
                       "phone": phone, "phone_last4": phone[-4:], "entered_on": signed.isoformat(),
                       "created_at": _ts(signed, 10), "vip": int(rng.random() < 0.05), **planned})
        current = g > n - len(rooms)  # the newest fill the occupied rooms, on day 1..28 of their stay
        admitted = TODAY - dt.timedelta(days=g % 28) if current else signed + dt.timedelta(days=35)
        discharge = admitted + dt.timedelta(days=28)
        stays.append((g, g, discharge))
        guests[-1]["_stay"] = {
            "guest_id": g, "contract_no": f"HT{g:07d}", "signed_on": signed.isoformat(),
            "due_date": (signed + dt.timedelta(days=30)).isoformat(), "admitted_on": admitted.isoformat(),
            "planned_admission": admitted.isoformat(), "planned_discharge": discharge.isoformat(),
            "discharged_on": None if current else discharge.isoformat(),
            "room_id": rooms[g - (n - len(rooms)) - 1] if current else None,
            "status": "admitted" if current else "discharged", "package_days": 28,
        }
    loader.load(Guest, ({k: v for k, v in row.items() if k != "_stay"} for row in guests))
    loader.load(Stay, (row["_stay"] for row in guests))
    return stays


def _steps() -> list[dict]:
    data = tomllib.loads((ROOT / "seeds" / "playbooks" / "postpartum.toml").read_text(encoding="utf-8"))
    steps, role = data.get("steps") or [], data.get("defaults", {}).get("role", "customer_service")
    return [{"id": s.get("id", f"step{i}"), "anchor": s.get("anchor", "signing"), "channel": s.get("channel", "phone"),
             "kind": s.get("kind", "callback"), "role": s.get("role", role),
             "title": (s.get("title") or {}).get("zh", s.get("id", ""))}
            for i, s in enumerate(steps)] or [{"id": "visit", "anchor": "discharge", "channel": "phone",
                                                "kind": "callback", "role": "customer_service", "title": "回访"}]


OFFSETS = [-30, -7, 0, 1, 3, 7, 14, 30, 42, 90, 180, 365]


def _tasks_and_logs(loader: _Loader, size: dict, rng: random.Random, stays: list[tuple]) -> None:
    """tasks/guests tasks each (offsets around discharge), then logs spread over the tasks."""
    from store.models import ContactLog, Task

    per_guest, steps, task_info = size["tasks"] // len(stays), _steps(), []

    def tasks():
        for guest, stay, discharge in stays:
            for i in range(per_guest):
                step = steps[i % len(steps)]
                due = discharge + dt.timedelta(days=OFFSETS[i % len(OFFSETS)] + 365 * (i // len(OFFSETS)))
                past = due < TODAY - dt.timedelta(days=1)
                status = ("done" if rng.random() < 0.93 else "skipped") if past else "open"
                hour = 9 + (guest + i) % 9
                task_info.append((guest, due, hour))
                yield {"guest_id": guest, "stay_id": stay, "kind": step["kind"], "playbook": "postpartum",
                       "step": step["id"], "anchor": step["anchor"], "dedupe_key": f"{guest}/{step['id']}/{i}",
                       "title": step["title"], "due_at": _ts(due, hour),
                       "window_end": _ts(due + dt.timedelta(days=2), hour), "channel": step["channel"],
                       "role": step["role"], "status": status, "attempts": 1 if status != "open" else 0,
                       "outcome": "reached" if status == "done" else "", "done_at": _ts(due, hour, 30) if past else None,
                       "done_by_id": (guest % size["staff"]) + 1 if past else None,
                       "created_at": _ts(due - dt.timedelta(days=60), 3)}

    loader.load(Task, tasks())
    per_task = size["logs"] / max(1, len(task_info))

    def logs():
        for n in range(size["logs"]):
            t = int(n / per_task)
            guest, due, hour = task_info[t]
            yield {"guest_id": guest, "task_id": t + 1, "staff_id": (n % size["staff"]) + 1,
                   "at": _ts(due, hour, n % 50), "channel": "phone", "outcome": OUTCOMES[n % len(OUTCOMES)],
                   "note": "" if n % 3 else "回访顺利"}

    loader.load(ContactLog, logs())


def _settings(loader: _Loader) -> None:
    from store.models import Setting

    values = {"timezone": "Asia/Shanghai", "center_name": "Bench center", "center_kind": "postpartum"}
    loader.load(Setting, ({"key": k, "value": json.dumps(v)} for k, v in values.items()), "INSERT OR REPLACE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.large_center", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="ten times smaller")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    path, today, took, cached = ensure(args.quick, args.seed)
    print(f"{path} (today {today}, {'cached, ' if cached else ''}built in {took:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
