"""A tamper-evident audit trail: every event sealed with a keyed hash chained to the one before.

    seal(e) = HMAC-SHA256(key, seal(previous) + "\\n" + canonical(e))

`canonical` covers every field `hashed_fields()` lists (every column but the seal itself; the
previous event's id, `prev`, included), so an event cannot be changed, moved, removed or added
by someone who lacks the key (store/auditkey.py) without `verify` naming it.

Order: events are sealed in commit order. `append` reads the chain's head and inserts after it
while the transaction holds the write lock: on SQLite the write path's BEGIN IMMEDIATE; on
PostgreSQL a transaction-level advisory lock taken here (held to COMMIT), so ids come from the
sequence in the same order.

A chain starts at an event with `prev` NULL, sealed over the empty string: a new database's
first event, or a marker (`audit.chain_start`) when events came before it (the upgrade that
brought the chain, or `audit --new-key`). The marker's `after` counts the events before it and
names the last one, so none can be added there unnoticed.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
from typing import Any, Sequence

import peewee as pw

from store import auditkey, clock
from store.models import Event, db

MARKER = "audit.chain_start"
PG_LOCK = 0x6361726566_6C72  # pg_advisory_xact_lock key of the chain's append ("careflr")
GENESIS = ""


def hashed_fields() -> tuple[str, ...]:
    """Every field of an event its seal covers, in order. A new column is one more name here.

    Empty values (None, "") are left out of the canonical form, so a column added later with an
    empty default leaves the seals of older events as they were.
    """
    return ("id", "prev", "at", "staff", "staff_name", "terminal", "action", "entity", "entity_id",
            "guest", "before", "after", "os_user", "tty", "client")


def canonical(values: dict[str, Any], fields: tuple[str, ...] | None = None) -> bytes:
    """The bytes a seal covers: `name:s<length>:text` or `name:i:number` for each non-empty hashed
    field, one a line. Lengths make it unambiguous without escaping (and it is cheap to build)."""
    parts = []
    for name in fields or hashed_fields():
        value = values.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, int):
            parts.append(f"{name}:i:{value}")
            continue
        if isinstance(value, dt.datetime):  # PostgreSQL returns `at` as a datetime, SQLite as this text
            value = value.strftime("%Y-%m-%d %H:%M:%S")
        parts.append(f"{name}:s{len(value)}:{value}")
    return "\n".join(parts).encode("utf-8")


def seal(key: bytes, prev_seal: str | None, values: dict[str, Any], fields: tuple[str, ...] | None = None) -> str:
    return hmac.digest(key, (prev_seal or GENESIS).encode("ascii") + b"\n" + canonical(values, fields),
                       "sha256").hex()


# -- the append (store.writes) -------------------------------------------------------------
_insert_sql: dict[tuple[type, tuple[str, ...]], str] = {}


def append(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, start: bool = False) -> list[int]:
    """Insert event rows (db values in `columns` order) sealed after the head; returns their ids.

    The caller is inside the write transaction. `start` begins a new chain (a marker).
    """
    key = auditkey.current()
    ids, prev_id, prev_seal = _next_ids(len(rows))
    if start:
        prev_id, prev_seal = None, GENESIS
    sealed, fields = [], hashed_fields()
    for new_id, row in zip(ids, rows):
        values = dict(zip(columns, row))
        values["id"], values["prev"] = new_id, prev_id
        prev_seal = seal(key, prev_seal, values, fields)
        sealed.append((new_id, prev_id, prev_seal, *row))
        prev_id = new_id
    db.cursor().executemany(_insert(tuple(columns)), sealed)
    return ids


def _next_ids(n: int) -> tuple[list[int], int | None, str]:
    """Ids for n new events and the head (id, seal) they follow, read under the write lock."""
    cursor = db.cursor()
    if isinstance(db.obj, pw.SqliteDatabase):  # the write transaction holds the lock: max + 1 is ours
        cursor.execute('SELECT "id", "seal" FROM "event" ORDER BY "id" DESC LIMIT 1')
        head = cursor.fetchone()
        if head is None:
            return list(range(1, n + 1)), None, GENESIS
        return list(range(head[0] + 1, head[0] + 1 + n)), head[0], head[1] or GENESIS
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))  # a new statement: sees every earlier commit
    cursor.execute('SELECT h."id", h."seal", nextval(pg_get_serial_sequence(\'"event"\', \'id\')) '
                   'FROM generate_series(1, %s) LEFT JOIN (SELECT "id", "seal" FROM "event" '
                   'ORDER BY "id" DESC LIMIT 1) h ON true', (n,))
    got = cursor.fetchall()
    return sorted(r[2] for r in got), got[0][0], got[0][1] or GENESIS


def _insert(columns: tuple[str, ...]) -> str:
    """The cached multi-row INSERT for (id, prev, seal, *columns) on this backend."""
    cache_key = (type(db.obj), columns)
    sql = _insert_sql.get(cache_key)
    if sql is None:
        quote = db.obj.quote
        names = ("id", "prev", "seal", *columns)
        cols = ", ".join(f"{quote[0]}{Event._meta.fields[n].column_name}{quote[1]}" for n in names)
        marks = ", ".join([db.obj.param] * len(names))
        sql = _insert_sql[cache_key] = f"INSERT INTO {quote[0]}{Event._meta.table_name}{quote[1]} ({cols}) VALUES ({marks})"
    return sql


def marker_after(reason: str) -> dict[str, Any]:
    """What a chain start marker says: why, and the events before it (count, last id)."""
    count, last = db.execute_sql('SELECT COUNT(*), MAX("id") FROM "event"').fetchone()
    return {"reason": reason, "before": int(count), "last_before": last}


def start_chain(reason: str, terminal: str = "") -> int:
    """Append a chain start marker (in the caller's transaction); returns its id.

    Inserts only the columns every schema since the chain has, so a migration can call it."""
    after = json.dumps(marker_after(reason), sort_keys=True)
    at = Event._meta.fields["at"].db_value(clock.now())
    columns = ("at", "staff_name", "terminal", "action", "entity", "after")
    return append(columns, [(at, "carefloor", terminal, MARKER, "event", after)], start=True)[0]


def has_seals(database: pw.Database) -> bool:
    """True when the event table exists and holds at least one sealed event."""
    table = Event._meta.table_name
    if not database.table_exists(table) or "seal" not in {c.name for c in database.get_columns(table)}:
        return False
    return database.execute_sql(f'SELECT 1 FROM "{table}" WHERE "seal" IS NOT NULL LIMIT 1').fetchone() is not None
