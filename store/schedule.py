"""Date math for playbook steps: offsets, repeats, bounds, windows, retries. Pure except step_for().

Conventions (docs/playbooks.md): admission day is day 1 of the stay; planned discharge =
admission + package days; pregnancy week N starts on due date - 280 days + 7 N.
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Mapping

import arrow

from seeds.festivals import is_rest_day
from seeds.playbook_schema import Bound, Offset, Outcome, Repeat, Step, Window
from store import clock

MAX_REPEATS = 400
DEFAULT_RETRY = Outcome()


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month `months` later; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, offset: Offset, times: int = 1) -> dt.date:
    """`day` moved by `offset` (days, weeks, months) `times` times, on the calendar."""
    amount = offset.amount * times
    if offset.unit == "months":
        return add_months(day, amount)
    if offset.unit == "weeks":
        return day + dt.timedelta(weeks=amount)
    if offset.unit == "days":
        return day + dt.timedelta(days=amount)
    raise ValueError(f"a calendar shift cannot use {offset.unit}")


def clock_delta(offset: Offset) -> dt.timedelta:
    """A minutes/hours offset as a timedelta (applied to UTC instants)."""
    return dt.timedelta(**{offset.unit: offset.amount})


def pregnancy_start(due: dt.date) -> dt.date:
    """Day 0 of the pregnancy: due date - 280 days."""
    return due - dt.timedelta(days=280)


def pregnancy_week_date(due: dt.date, week: int) -> dt.date:
    """The day the pregnancy reaches `week` completed weeks."""
    return pregnancy_start(due) + dt.timedelta(weeks=week)


def pregnancy_week(due: dt.date, day: dt.date) -> int:
    """Completed weeks of pregnancy on `day`."""
    return (day - pregnancy_start(due)).days // 7


def stay_day(admission: dt.date, day: dt.date) -> int:
    """Day N of the stay; the admission day is day 1."""
    return (day - admission).days + 1


def planned_discharge(admission: dt.date, package_days: int) -> dt.date:
    """Admission + package days (a 28-day package admitted on the 1st leaves on the 29th)."""
    return admission + dt.timedelta(days=package_days)


def resolve(bound: Bound | None, ctx: Mapping[str, dt.date | None]) -> dt.date | None:
    """The date a bound names for this guest, or None when that date is not known."""
    if bound is None:
        return None
    if bound.pregnancy_week is not None:
        due = ctx.get("due_date")
        return pregnancy_week_date(due, bound.pregnancy_week) if due else None
    base = ctx.get(bound.anchor)
    if isinstance(base, dt.datetime):
        base = arrow.get(base).to(clock.timezone()).date()
    return shift(base, bound.offset) if base else None


def repeat_dates(repeat: Repeat, first: dt.date, ctx: Mapping, limit: dt.date) -> list[tuple[int, dt.date]]:
    """(occurrence index, date) of a repeating step, from `first`, within from/until/count/limit."""
    start, until = resolve(repeat.start, ctx), resolve(repeat.until, ctx)
    if repeat.start is not None and start is None:
        return []
    stop = min(d for d in (until, limit) if d is not None)
    out = []
    for index, day in enumerate(_series(repeat, first)):
        if index >= (repeat.count or MAX_REPEATS) or day > stop:
            break
        if start is None or day >= start:
            out.append((index, day))
    return out


def _series(repeat: Repeat, first: dt.date):
    if repeat.every is not None:
        for k in range(MAX_REPEATS):
            yield shift(first, repeat.every, k)
        return
    day, found = first, 0
    while found < MAX_REPEATS:
        if day.day in repeat.days_of_month:
            found += 1
            yield day
        day += dt.timedelta(days=1)


def step_dates(step: Step, base: dt.date, ctx: Mapping, limit: dt.date,
               offset: Offset | None = None) -> list[tuple[int, dt.date]]:
    """Every (occurrence, local date) a day-level step falls on for one anchor date."""
    first = shift(base, offset or step.offset)
    pairs = repeat_dates(step.repeat, first, ctx, limit) if step.repeat else [(0, first)]
    lo, hi = resolve(step.between[0], ctx), resolve(step.between[1], ctx)
    if step.between[0] is not None and lo is None:
        return []
    clamp = resolve(step.clamp, ctx)
    out = []
    for index, day in pairs:
        day = min(day, clamp) if clamp else day
        if (lo is None or day >= lo) and (hi is None or day <= hi):
            out.append((index, day))
    return out


def window_for(step: Step, day: dt.date, *, night_shift: bool = False, call_window: str = "",
               windows: Mapping[str, Window] | None = None) -> Window | None:
    """The window a task is placed in: the guest's preference, afternoon for night-shift guests and
    for calls on weekends and holidays, else the step's own."""
    if step.window is None or step.channel != "phone":
        return step.window
    known = windows or {}
    if call_window:
        preferred = _parse_window(call_window, known)
        if preferred:
            return preferred
    if night_shift or is_rest_day(day):
        return known.get("afternoon") or Window("afternoon", (14, 0), (17, 30))
    return step.window


def _parse_window(text: str, known: Mapping[str, Window]) -> Window | None:
    from seeds.playbook_parse import DEFAULT_WINDOWS, FieldError, window

    try:
        return window(text, {**DEFAULT_WINDOWS, **known}) if text != "exact" else None
    except FieldError:
        return None


def call_hours(call_window: str, windows: Mapping[str, Window] | None = None) -> Window | None:
    """The guest's preferred call window as clock hours ("afternoon" in her playbook's `windows`,
    or "14:00-17:00"); None when she has none or it cannot be read."""
    return _parse_window(call_window, windows or {}) if call_window else None


def reschedule_warnings(when: dt.datetime, due: dt.datetime | None, hours: Window | None) -> tuple[str, ...]:
    """What a person should know before moving a task to `when` (allowed, but worth a second look):
    "earlier" than it is due now, "outside" the guest's call window. Pure: the dialog asks on every key."""
    notes = []
    if due is not None and when < due:
        notes.append("earlier")
    if hours is not None:
        local = arrow.get(when).to(clock.timezone())
        if not hours.start <= (local.hour, local.minute) <= hours.end:
            notes.append("outside")
    return tuple(notes)


def place(day: dt.date, win: Window) -> tuple[dt.datetime, dt.datetime]:
    """(due_at, window_end) as UTC datetimes for a local day and window."""
    return _place(day, win.start, win.end, clock.timezone())


@lru_cache(maxsize=65536)
def _place(day: dt.date, start: tuple[int, int], end: tuple[int, int], tz: str):
    """Cached: building zoned times is the slow part of generating thousands of tasks."""
    return (clock.at_local(day, *start).datetime, clock.at_local(day, *end).datetime)


def retry_rule(step: Step | None) -> Outcome:
    """The step's rule for trying again (a step the playbook no longer has: the default)."""
    return step.outcome if step else DEFAULT_RETRY


def next_attempt(step: Step | None, task_due: dt.datetime, attempts: int, now: dt.datetime,
                 window_end: dt.datetime | None = None) -> dt.datetime | None:
    """When to try again after no answer: later in today's window, else the next day's window.
    `attempts` counts tries so far including this one; None = escalate (outcome.escalate_to)."""
    if attempts >= retry_rule(step).max_attempts:
        return None
    return retry_time(step, task_due, now, window_end)


def retry_time(step: Step | None, task_due: dt.datetime, now: dt.datetime,
               window_end: dt.datetime | None = None) -> dt.datetime:
    """`retry_after` from now inside the hours a retry may fall in (the task's window, widened by
    the rule's `within`), else the start of those hours the next day. Always later than now."""
    rule = retry_rule(step)
    now = arrow.get(now).to("UTC").datetime
    candidate = now + (clock_delta(rule.retry_after) if rule.retry_after.is_clock
                       else dt.timedelta(days=1))
    start, end = _window_times(step, task_due, window_end)
    if rule.within is not None:
        start = rule.within.start if start is None else min(start, rule.within.start)
        end = rule.within.end if end is None else max(end, rule.within.end)
    if start is None:
        return candidate
    today = arrow.get(now).to(clock.timezone()).date()
    open_at, close_at = clock.at_local(today, *start).datetime, clock.at_local(today, *end).datetime
    if candidate < open_at:
        return open_at
    if candidate <= close_at:
        return candidate
    return clock.at_local(today + dt.timedelta(days=1), *start).datetime


def _window_times(step, task_due, window_end):
    """The task's own local window (it may have moved to the afternoon), else the step's."""
    if window_end is not None and task_due is not None:
        tz = clock.timezone()
        a, b = arrow.get(task_due).to(tz), arrow.get(window_end).to(tz)
        if a.date() == b.date() and a < b:
            return (a.hour, a.minute), (b.hour, b.minute)
    if step is None or step.window is None:
        return None, None
    return step.window.start, step.window.end


@lru_cache(maxsize=4)
def _books(override: str | None):
    from seeds.playbook import load_all

    books = load_all(override)
    for book in books.values():
        for step in book.steps:
            _check_texts(step)
    return books


def _check_texts(step) -> None:
    """A playbook's words reach every screen and printout: no control or bidi character in them
    (store/text.py), refused as any playbook error is, naming file, step and field."""
    from seeds.errors import SeedError
    from store.errors import BadText
    from store.text import check

    texts = [("title", step.title, False), ("script", step.script, True), ("why", step.why, False)]
    texts += [(f"checklist[{i + 1}]", item, False) for i, item in enumerate(step.checklist)]
    for what, pair, multiline in texts:
        for lang, value in pair.items():
            try:
                check(f"{what}.{lang}", value, multiline=multiline)
            except BadText as exc:
                raise SeedError(f"{step.source}, step {step.id}: {exc}") from None


_process_override: str | None = None


def use_playbook_file(path: str | None) -> None:
    """`--playbook PATH` / config playbook_path for this process; validates now (SeedError names file, step, field)."""
    global _process_override
    _process_override = path or None
    playbooks()


def playbooks(override: str | None = None):
    """The center's playbooks: the shipped ones plus the override file (--playbook, else setting playbook_path)."""
    if override is None and _process_override is not None:
        override = _process_override
    if override is None:
        from store.settings import get_setting

        override = get_setting("playbook_path") or None
    return _books(override)


def playbook_fingerprint() -> str:
    """A digest of the playbook files in force (shipped + override): a change means re-plan everyone."""
    override = _process_override
    if override is None:
        from store.settings import get_setting

        override = get_setting("playbook_path") or None
    return fingerprint_of(override)


def fingerprint_of(override: str | None) -> str:
    """The digest of the shipped playbook files plus `override` (no database needed)."""
    import hashlib
    from pathlib import Path

    from seeds.playbook import PLAYBOOK_DIR

    digest = hashlib.sha256()
    for path in sorted(Path(PLAYBOOK_DIR).glob("*.toml")) + ([Path(override)] if override else []):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def step_titles(keys) -> dict[tuple[str, str], dict[str, str]]:
    """{(playbook, step): {"zh": .., "en": ..}} for list rows, so screens show titles in the session's language."""
    return _step_texts(keys, "title")


def step_whys(keys) -> dict[tuple[str, str], dict[str, str]]:
    """{(playbook, step): {"zh": .., "en": ..}}: each step's manual rule, for the screens to pick a language."""
    return _step_texts(keys, "why")


def _step_texts(keys, attr: str) -> dict[tuple[str, str], dict[str, str]]:
    try:
        books = playbooks()
    except Exception:  # a broken playbook is refused at start-up; a list falls back to the stored text
        return {}
    found = {}
    for playbook, step_id in set(keys):
        book = books.get(playbook)
        step = book.step(step_id) if book else None
        if step is not None and getattr(step, attr):
            found[(playbook, step_id)] = dict(getattr(step, attr))
    return found


def step_for(playbook: str, step_id: str) -> Step | None:
    """The step a task came from (None if the playbook no longer has it)."""
    book = playbooks().get(playbook)
    return book.step(step_id) if book else None
