"""The audit chain's head, recorded outside the database each time a daily backup is made.

`audit-heads.jsonl` in the backups folder gets one line per backup: the last event's id and seal
in that backup. `carefloor audit --verify` then checks that every recorded head is still in the
database with the same seal, so a log cut off after its last event (which leaves an intact but
shorter chain) is caught too. A restore adds a line saying which head the database went back to:
heads recorded before it are history that the restore undid on purpose.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from store import clock, filemodes

FILE = "audit-heads.jsonl"


@dataclass(frozen=True)
class Head:
    event: int
    seal: str | None
    at: str  # UTC, when it was recorded
    source: str  # the backup's file name, or the file restored from
    line: int
    restored: bool = False


@dataclass(frozen=True)
class Unreadable:
    line: int
    text: str


def record_backup(folder: Path, backup: Path, policy: filemodes.Policy) -> tuple[int, str | None] | None:
    """Append the head of the chain as it is in `backup`; returns it (None: the backup has no events)."""
    head = head_of(backup)
    if head is not None:
        _append(folder, {"at": clock.now().isoformat(), "backup": backup.name, "event": head[0], "seal": head[1]},
                policy)
    return head


def record_restore(folder: Path, restored: Path, source: str, policy: filemodes.Policy) -> None:
    """Note that the database went back to the head of `restored` (the file now in place)."""
    head = head_of(restored)
    if head is not None:
        _append(folder, {"at": clock.now().isoformat(), "restored": source, "event": head[0], "seal": head[1]}, policy)


def read(folder: Path) -> list[Head | Unreadable]:
    """The heads that still count: the last restore's and every one after it, oldest first."""
    path = folder / FILE
    if not path.is_file():
        return []
    found: list[Head | Unreadable] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, text in enumerate(fh, 1):
            if not text.strip():
                continue
            entry = _parse(number, text)
            if isinstance(entry, Head) and entry.restored:
                found = []
            found.append(entry)
    return found


def head_of(path: Path) -> tuple[int, str | None] | None:
    """(id, seal) of the last event in a SQLite file, None when it has none."""
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        try:
            row = conn.execute("SELECT id, seal FROM event ORDER BY id DESC LIMIT 1").fetchone()
        except sqlite3.OperationalError:  # a file from before the chain (schema 3 or older): no seals yet
            row = conn.execute("SELECT id, NULL FROM event ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return (int(row[0]), row[1]) if row else None


def _parse(number: int, text: str) -> Head | Unreadable:
    try:
        data = json.loads(text)
        restored = "restored" in data
        return Head(int(data["event"]), data.get("seal"), str(data["at"]),
                    str(data["restored"] if restored else data["backup"]), number, restored)
    except (ValueError, KeyError, TypeError):
        return Unreadable(number, text.strip()[:80])


def _append(folder: Path, entry: dict, policy: filemodes.Policy) -> None:
    filemodes.make_dir(folder, filemodes.SHARED, policy)
    fd = filemodes.append(folder / FILE, filemodes.SHARED, policy)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
