"""The change feed: what live screens poll to know something changed."""
from __future__ import annotations

import peewee as pw

from store.models import Event, db


def latest_event_id() -> int:
    """Highest event id; a change anywhere (any process, any machine) moves it."""
    value = Event.select(pw.fn.MAX(Event.id)).scalar()
    return value or 0


def data_version() -> int | None:
    """SQLite's cheap per-connection counter of other connections' commits (None on PostgreSQL)."""
    if isinstance(db.obj, pw.SqliteDatabase):
        return db.execute_sql("PRAGMA data_version").fetchone()[0]
    return None


def local_changes() -> int:
    """Rows changed through this thread's own connection (SQLite); `data_version` misses these.

    Live polling checks it so a write made by this very connection also refreshes the screens.
    On PostgreSQL it is 0: there the poller reads `latest_event_id` every time.
    """
    if isinstance(db.obj, pw.SqliteDatabase):
        return db.connection().total_changes
    return 0
