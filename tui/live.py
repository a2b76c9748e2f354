"""Live refresh: notice any change to the database (any process, any machine) cheaply.

The app calls `ChangeWatcher.poll()` every `poll_ms` on the UI thread (it costs microseconds on
SQLite, one indexed MAX(id) on PostgreSQL). When it returns an event id, the app posts
`DataChanged(last_event_id)` to the active screen. Screens react in `on_data_changed` — see
screens/base.py: `CareScreen` turns it into `refresh_data()`, which reloads in a thread worker.

SQLite: `PRAGMA data_version` moves when another connection commits; `total_changes` moves when
this connection writes. Only then is `latest_event_id()` read. PostgreSQL: `latest_event_id()` each poll.
"""
from __future__ import annotations

from typing import Callable

from textual.message import Message

from store import changes


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
