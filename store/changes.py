"""The change feed: what live screens poll to know something changed, and whether the database
file under them is still the one they show (store/filecheck.py)."""
from __future__ import annotations

import os

import peewee as pw

from store import filecheck
from store.db import file_status, reopen_restored
from store.models import Event, db

__all__ = ["data_version", "file_status", "latest_event_id", "local_changes", "reopen_restored",
           "restore_mark"]
_marks: dict[str, tuple[tuple[int, int, int], filecheck.RestoreMark | None]] = {}


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


def restore_mark() -> filecheck.RestoreMark | None:
    """The last `carefloor restore` of the open SQLite file (None: never, or PostgreSQL).
    A stat each call; the mark is read again only when its file changed."""
    path = getattr(db.obj, "file_path", None)
    if path is None:
        return None
    mark_path = filecheck.restore_mark_path(path)
    try:
        found = os.stat(mark_path)
    except FileNotFoundError:
        return None
    stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
    cached = _marks.get(str(mark_path))
    if cached is None or cached[0] != stamp:
        cached = _marks[str(mark_path)] = (stamp, filecheck.restore_mark(path))
    return cached[1]
