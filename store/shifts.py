"""Shifts of the floor: the "shifts" setting names each shift by its local start time.

    shifts = {"day": "08:00", "night": "20:00"}   (the default)

A shift runs from its start to the next shift's start (the last one wraps past midnight).
The handover is for the *outgoing* shift: the one that was running `handover_grace_minutes`
(default 120) ago, so at 09:00 the night shift is still the one being handed over.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import arrow

from store import clock
from store.errors import Invalid
from store.settings import get_setting

DEFAULT_SHIFTS = {"day": "08:00", "night": "20:00"}
DEFAULT_GRACE_MINUTES = 120
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Shift:
    key: str  # day | night | whatever the center named it
    day: dt.date  # the local day the shift starts on
    start: arrow.Arrow  # UTC
    end: arrow.Arrow  # UTC, exclusive

    @property
    def local_start(self) -> arrow.Arrow:
        return self.start.to(clock.timezone())

    @property
    def local_end(self) -> arrow.Arrow:
        return self.end.to(clock.timezone())


def parse_shifts(raw) -> list[tuple[int, str]]:
    """[(minutes after midnight, key)] sorted by start; Invalid names the bad entry."""
    if not isinstance(raw, dict) or not raw:
        raise Invalid("shifts", "expected a table such as {example}", example='{"day": "08:00", "night": "20:00"}')
    starts = []
    for key, value in raw.items():
        match = _HHMM.match(str(value).strip())
        if not match:
            raise Invalid("shifts", "shift {key!r}: start {value!r} is not a time like 08:00", key=key, value=value)
        starts.append((int(match.group(1)) * 60 + int(match.group(2)), str(key)))
    starts.sort()
    if len({m for m, _ in starts}) != len(starts):
        raise Invalid("shifts", "two shifts start at the same time")
    return starts


def configured_shifts() -> list[tuple[int, str]]:
    return parse_shifts(get_setting("shifts", DEFAULT_SHIFTS))


def shift_at(instant: arrow.Arrow | None = None, starts: list[tuple[int, str]] | None = None) -> Shift:
    """The shift running at `instant` (default now)."""
    starts = starts or configured_shifts()
    local = (instant or clock.now()).to(clock.timezone())
    minute = local.hour * 60 + local.minute
    day = local.date()
    running = [i for i, (m, _) in enumerate(starts) if m <= minute]
    if running:
        return _build(starts, day, running[-1])
    return _build(starts, day - dt.timedelta(days=1), len(starts) - 1)


def _build(starts: list[tuple[int, str]], day: dt.date, index: int) -> Shift:
    minute, key = starts[index]
    if index + 1 < len(starts):
        end_day, end_minute = day, starts[index + 1][0]
    else:
        end_day, end_minute = day + dt.timedelta(days=1), starts[0][0]
    return Shift(key, day, clock.at_local(day, minute // 60, minute % 60),
                 clock.at_local(end_day, end_minute // 60, end_minute % 60))


def grace_minutes() -> int:
    value = get_setting("handover_grace_minutes", DEFAULT_GRACE_MINUTES)
    return value if isinstance(value, int) and 0 <= value <= 12 * 60 else DEFAULT_GRACE_MINUTES


def outgoing_shift(now: arrow.Arrow | None = None) -> Shift:
    """The shift being handed over now: the one running `grace_minutes()` ago."""
    return shift_at((now or clock.now()).shift(minutes=-grace_minutes()))


def next_shift(shift: Shift) -> Shift:
    return shift_at(shift.end)


def previous_shift(shift: Shift) -> Shift:
    return shift_at(shift.start.shift(minutes=-1))
