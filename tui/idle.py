"""Idle lock for a shared terminal: no key or mouse for N minutes, and the app locks itself.

The app calls `touch()` for every input event it receives and `start()` once mounted. Idle time
is measured with store.clock (so tests move a FixedClock instead of waiting); a timer checks
every few seconds. `minutes = 0` turns the lock off (a private desk over ssh, say).
Drafts are saved as people type (store/drafts.py), so locking loses nothing.
"""
from __future__ import annotations

import datetime as dt

from textual import events

from store import clock

CHECK_SECONDS = 5.0  # the lock comes at most this late


class IdleLock:
    """Locks `app` (app.lock()) once nobody has touched it for `minutes` while someone is signed in."""

    def __init__(self, app, minutes: float, check_seconds: float = CHECK_SECONDS) -> None:
        self.app = app
        self.minutes = minutes
        self.check_seconds = check_seconds
        self.last_input = clock.now()
        self.timer = None

    @property
    def enabled(self) -> bool:
        return self.minutes > 0

    def start(self) -> None:
        if self.enabled and self.timer is None:
            self.timer = self.app.set_interval(self.check_seconds, self.check, name="idle-lock")

    def touch(self) -> None:
        self.last_input = clock.now()

    def observe(self, event: events.Event) -> None:
        """Reset the idle time for a key, click, scroll or mouse move that came from the terminal."""
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.touch()

    def idle_for(self) -> dt.timedelta:
        return clock.now() - self.last_input

    def check(self) -> bool:
        """Lock if idle too long with someone signed in; True when it locked."""
        if not self.enabled or getattr(self.app, "actor", None) is None:
            return False
        if self.idle_for() < dt.timedelta(minutes=self.minutes):
            return False
        self.app.lock()
        self.touch()
        return True
