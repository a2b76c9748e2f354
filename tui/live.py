"""Live refresh: notice any change to the database (any process, any machine) cheaply.

The app calls `ChangeWatcher.poll()` every `poll_ms` on the UI thread (it costs microseconds on
SQLite, one indexed MAX(id) on PostgreSQL). When it returns an event id, the app posts
`DataChanged(last_event_id)` to the active screen. Screens react in `on_data_changed` — see
screens/base.py: `CareScreen` turns it into `refresh_data()`, which reloads in a thread worker.

SQLite: `PRAGMA data_version` moves when another connection commits; `total_changes` moves when
this connection writes. Only then is `latest_event_id()` read. PostgreSQL: `latest_event_id()` each poll.

Before that, `check_file()` (two stats) says when the SQLite file under the app was deleted or
replaced, came back, or was restored by `carefloor restore` (then the app works on the restored
file: store.changes.reopen_restored). The app tells the person each time.
"""
from __future__ import annotations

from typing import Callable

from textual.message import Message

from store import changes
from store.filecheck import RestoreMark


class DataChanged(Message):
    """Something in the database changed; `last_event_id` is the newest event seen."""

    def __init__(self, last_event_id: int) -> None:
        super().__init__()
        self.last_event_id = last_event_id


class ChangeWatcher:
    """Remembers what it saw last; `poll()` says whether anything moved since."""

    def __init__(self, data_version: Callable[[], int | None] = changes.data_version,
                 latest_event_id: Callable[[], int] = changes.latest_event_id,
                 local_changes: Callable[[], int] = changes.local_changes) -> None:
        self._data_version = data_version
        self._latest_event_id = latest_event_id
        self._local_changes = local_changes
        self.version = data_version()
        self.local = local_changes()
        self.last_event_id = latest_event_id()
        self.file = "ok"  # "ok", "gone" or "replaced" (store.changes.file_status)
        self.mark = changes.restore_mark()
        self.restored: RestoreMark | None = None  # the last restore reopened

    def check_file(self) -> str | None:
        """What happened to the database file since the last check: "gone", "replaced", "back"
        (the same file at its path again), "restored" (reopened after `carefloor restore`), or None."""
        mark = changes.restore_mark()
        if mark is not None and mark != self.mark:
            self.mark = mark
            if changes.reopen_restored(mark):
                self.restored, self.file = mark, "ok"
                self.version, self.local = None, -1  # a new connection: read the feed at the next poll
                return "restored"
        state = changes.file_status()
        if state == self.file:
            return None
        self.file = state
        return "back" if state == "ok" else state

    def poll(self) -> int | None:
        """The new last event id if something changed since the previous poll, else None."""
        version, local = self._data_version(), self._local_changes()
        if version is not None and version == self.version and local == self.local:
            return None
        self.version, self.local = version, local
        latest = self._latest_event_id()
        if latest == self.last_event_id:
            return None
        self.last_event_id = latest
        return latest
