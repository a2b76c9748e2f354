"""Task rows in bulk for generation: read a chunk's tasks and insert new ones without Peewee's
per-row conversion (the slow part of generating for thousands of guests).

Rows are plain tuples; a step's constant columns (kind, title, checklist JSON, ...) are built
once per run, timestamps once per (day, window).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from functools import lru_cache
from typing import Iterable, NamedTuple

from seeds.festivals import FESTIVALS
from store.db import is_sqlite
from store.models import Task, db

INSERT_BATCH = 1500  # rows a statement on SQLite: 20 columns, under its 32766 parameters
UTC = dt.timezone.utc
# the columns generation fills; the rest keep their model defaults (see _fixed) or NULL
_COLUMNS = ("guest", "stay", "dedupe_key", "due_at", "window_end", "assignee", "status", "reason",
            "kind", "playbook", "step", "anchor", "title", "channel", "role", "checklist", "why",
            "attempts", "outcome", "created_at")
_EXISTING = ("id", "dedupe_key", "playbook", "status", "due_at", "window_end", "attempts", "outcome",
             "done_at", "guest")


def _quoted(names: Iterable[str]) -> str:
    quote = db.obj.quote
    return ", ".join(f"{quote[0]}{Task._meta.fields[n].column_name}{quote[1]}" for n in names)


def _table() -> str:
    quote = db.obj.quote
    return f"{quote[0]}{Task._meta.table_name}{quote[1]}"


def _in_marks(n: int) -> str:
    return ", ".join([db.obj.param] * n)


def _as_utc(value) -> dt.datetime | None:
    """A stored naive-UTC timestamp (text on SQLite, datetime on PostgreSQL) as aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def existing(guest_ids: list[int]) -> dict[int, dict[str, tuple]]:
    """guest id -> dedupe key -> (id, key, playbook, status, due_at, window_end, attempts, outcome,
    done_at), timestamps aware UTC as UtcDateTimeField reads them."""
    out: dict[int, dict[str, tuple]] = defaultdict(dict)
    if not guest_ids:
        return out
    sql = (f"SELECT {_quoted(_EXISTING)} FROM {_table()} "
           f"WHERE {_quoted(['guest'])} IN ({_in_marks(len(guest_ids))})")
    for row in db.execute_sql(sql, list(guest_ids)).fetchall():
        out[row[9]][row[1]] = (row[0], row[1], row[2], row[3], _as_utc(row[4]), _as_utc(row[5]),
                               row[6], row[7], _as_utc(row[8]))
    return out


def keys_and_done(guest_ids: list[int]) -> tuple[dict[int, set[str]], dict[int, dict[str, tuple]]]:
    """The light read for the day roll-over: each guest's task keys, and her done tasks'
    (outcome, done_at) (after_step steps are timed from them)."""
    keys: dict[int, set[str]] = defaultdict(set)
    done: dict[int, dict[str, tuple]] = defaultdict(dict)
    if not guest_ids:
        return keys, done
    cols = _quoted(["guest", "dedupe_key", "status", "outcome", "done_at"])
    sql = f"SELECT {cols} FROM {_table()} WHERE {_quoted(['guest'])} IN ({_in_marks(len(guest_ids))})"
    for gid, key, status, outcome, done_at in db.execute_sql(sql, list(guest_ids)).fetchall():
        keys[gid].add(key)
        if status == "done" and done_at is not None:
            done[gid][key] = (outcome, _as_utc(done_at))
    return keys, done


class Inserter:
    """Builds and inserts new task rows; one per run (it caches each step's constant columns)."""

    def __init__(self, now: dt.datetime):
        self.sqlite = is_sqlite()
        self.created_at = self.stamp(now)
        self.fixed: dict[tuple[str, str, str], tuple] = {}
        self.sql = (f"INSERT INTO {_table()} ({_quoted(_COLUMNS)}) VALUES ({_in_marks(len(_COLUMNS))}) "
                    "ON CONFLICT DO NOTHING")

    def stamp(self, at: dt.datetime | None):
        """What UtcDateTimeField stores: naive UTC to the second (as text on SQLite)."""
        return _stamp(at, self.sqlite)

    def row(self, new) -> tuple:
        """The insert tuple for a plan.NewTask."""
        step = new.step
        key = (step.playbook, step.id, new.festival)
        fixed = self.fixed.get(key)
        if fixed is None:
            fixed = self.fixed[key] = _fixed(step, new.festival, self.created_at)
        return (new.guest, new.stay, new.key, self.stamp(new.due_at), self.stamp(new.window_end),
                new.assignee, new.status, new.reason) + fixed

    def batches(self, creates: list) -> list[Batch]:
        """The statements inserting these plan.NewTasks, built before the write lock is taken."""
        values = [self.row(new) for new in creates]
        out = []
        for start in range(0, len(values), INSERT_BATCH):
            rows = values[start:start + INSERT_BATCH]
            if self.sqlite:  # many rows a statement: one step, the GIL released meanwhile
                out.append(Batch(self.multi_sql(len(rows)), [v for row in rows for v in row], len(rows), False))
            else:
                out.append(Batch(self.sql, rows, len(rows), True))
        return out

    def multi_sql(self, rows: int) -> str:
        one = f"({_in_marks(len(_COLUMNS))})"
        return (f"INSERT INTO {_table()} ({_quoted(_COLUMNS)}) VALUES {', '.join([one] * rows)} "
                "ON CONFLICT DO NOTHING")


class Batch(NamedTuple):
    sql: str
    params: list
    rows: int
    many: bool  # executemany over row tuples, else one statement with flat parameters


def insert(batches: list[Batch]) -> None:
    """Run the insert statements; keys another terminal created meanwhile are skipped."""
    cursor = db.cursor()
    for batch in batches:
        if batch.many:
            cursor.executemany(batch.sql, batch.params)
        else:
            cursor.execute(batch.sql, batch.params)


@lru_cache(maxsize=8192)
def _stamp(at: dt.datetime | None, as_text: bool):
    if at is None:
        return None
    naive = at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    return naive.isoformat(" ") if as_text else naive


def _fixed(step, festival: str, created_at) -> tuple:
    """The columns every task of one step (and festival) shares, in _COLUMNS order."""
    names = FESTIVALS.get(festival, {"zh": "", "en": ""})
    title = step.title["zh"].replace("{festival}", names["zh"])
    checklist = [{"item": c["zh"], "en": c["en"], "done": False} for c in step.checklist] or None
    text = None if checklist is None else json.dumps(checklist, ensure_ascii=False, sort_keys=True, default=str)
    return (step.kind, step.playbook, step.id, step.anchor, title[:200], step.channel, step.role, text,
            step.why["zh"][:200], 0, "", created_at)
