"""The one clock: everything that needs "now" asks here, so tests can travel in time."""
from __future__ import annotations

import datetime as dt
import threading

import arrow

DEFAULT_TZ = "Asia/Shanghai"


class Clock:
    """Wall clock in UTC."""

    def now(self) -> arrow.Arrow:
        return arrow.utcnow()


class FixedClock(Clock):
    """A clock that stands still until a test moves it."""

    def __init__(self, at: arrow.Arrow | dt.datetime | str):
        self._at = _as_utc(at)
        self._lock = threading.Lock()

    def now(self) -> arrow.Arrow:
        with self._lock:
            return self._at

    def set(self, at: arrow.Arrow | dt.datetime | str) -> None:
        with self._lock:
            self._at = _as_utc(at)

    def advance(self, **delta: float) -> None:
        """Move forward by timedelta keywords (days=1, minutes=5)."""
        with self._lock:
            self._at = self._at + dt.timedelta(**delta)


def _as_utc(at: arrow.Arrow | dt.datetime | str) -> arrow.Arrow:
    return arrow.get(at).to("UTC")


_clock: Clock = Clock()
_tz: str = DEFAULT_TZ


def install(clock: Clock) -> None:
    """Make `clock` the source of "now" for this process."""
    global _clock
    _clock = clock


def set_timezone(tz: str) -> None:
    """The center's zone; "today" is the local day there."""
    global _tz
    _tz = tz


def timezone() -> str:
    return _tz


def now() -> arrow.Arrow:
    """Current instant, UTC."""
    return _clock.now()


def local_now() -> arrow.Arrow:
    """Current instant in the center's zone."""
    return _clock.now().to(_tz)


def today() -> dt.date:
    """The center's local calendar day."""
    return local_now().date()


def local_day_bounds(day: dt.date) -> tuple[arrow.Arrow, arrow.Arrow]:
    """[start, end) of a local calendar day, as UTC instants."""
    start = arrow.Arrow(day.year, day.month, day.day, tzinfo=_tz)
    end = start.shift(days=1)
    return start.to("UTC"), end.to("UTC")


def at_local(day: dt.date, hour: int = 0, minute: int = 0) -> arrow.Arrow:
    """A local wall time on `day`, as a UTC instant (DST-safe: built, not shifted)."""
    return arrow.Arrow(day.year, day.month, day.day, hour, minute, tzinfo=_tz).to("UTC")
