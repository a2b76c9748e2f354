"""Where each playbook step falls for one guest: (instance, occurrence id, local day, due, window end).

Pure given the guest's anchors and her existing tasks (after_step steps are timed from the
result of the step they follow).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterator, Mapping, NamedTuple

import arrow

from seeds.festivals import birthday_in, festival_on
from seeds.playbook_schema import INSTANT_ANCHORS, Playbook, Step
from store import clock
from store.anchors import GuestAnchors, Instance
from store.schedule import clock_delta, place, resolve, shift, step_dates, window_for

EXACT_SLOT = dt.timedelta(minutes=30)
MEMO_MAX = 50_000  # entries (~220 bytes each); cleared when full. 10,000 guests fill 26,000.
# Guests who share anchor dates share their steps' dates and slots: computed once per run
# (generate.run calls forget() at its end). Keyed by id(step) and holding the step, so a
# reloaded playbook never hits an old entry.
_memo: dict[tuple, tuple[Step, object]] = {}


class Occurrence(NamedTuple):
    step: Step
    inst: Instance
    occ: str
    day: dt.date
    due_at: dt.datetime
    window_end: dt.datetime
    anchor_day: dt.date
    festival: str = ""

    def key(self, guest_id: int) -> str:
        return task_key(guest_id, self.step.playbook, self.step.id, self.inst.ref, self.occ)


def task_key(guest_id: int, playbook: str, step_id: str, ref: str, occ: str | int) -> str:
    """The dedupe key: stable when dates move, so re-anchoring moves a task instead of adding one."""
    return f"g{guest_id}/{playbook}/{step_id}/{ref}/{occ}"


def for_step(step: Step, book: Playbook, ga: GuestAnchors, limit: dt.date,
             done: Mapping[str, tuple[str, dt.datetime]]) -> Iterator[Occurrence]:
    """Every occurrence of `step` for this guest up to `limit` (local date)."""
    if step.anchor == "festival" or step.anchor == "birthday":
        yield from _yearly(step, book, ga, limit)
        return
    if step.anchor == "quarter":
        yield from _quarterly(step, book, ga, limit)
        return
    context = book.step(step.after_step).context if step.anchor == "after_step" else step.context
    for inst in ga.instances(context):
        if not _matches(step, ga, inst):
            continue
        if step.anchor == "after_step":
            yield from _after_step(step, book, ga, inst, limit, done)
        elif step.anchor in INSTANT_ANCHORS:
            yield from _timed(step, book, ga, inst, limit)
        else:
            base = inst.dates.get(step.anchor)
            if isinstance(base, dt.date):
                yield from _dated(step, book, ga, inst, base, limit)


def _matches(step: Step, ga: GuestAnchors, inst: Instance) -> bool:
    for key, allowed in step.only_for.items():
        value = ga.vip if key == "vip" else inst.attrs.get(key)
        if value not in allowed:
            return False
    return True


def _dated(step, book, ga, inst, base, limit, offset=None, occ_prefix=""):
    for index, day in _step_dates(step, base, inst.dates, limit, offset):
        due, end = _slot(step, book, ga, day)
        yield Occurrence(step, inst, f"{occ_prefix}{index}", day, due, end, base)


def _step_dates(step, base, dates, limit, offset):
    """schedule.step_dates, memoized on the dates the step's bounds read."""
    key = ("dates", id(step), base, limit, offset, *[dates.get(n) for n in _bound_names(step)])
    return _memoized(key, step, lambda: step_dates(step, base, dates, limit, offset))


def _bound_names(step) -> tuple[str, ...]:
    """The anchor dates a step's repeat, between and clamp bounds read (schedule.resolve)."""
    def names():
        bounds = (step.repeat.start, step.repeat.until) if step.repeat else ()
        bounds += (*step.between, step.clamp)
        return tuple(sorted({"due_date" if b.pregnancy_week is not None else b.anchor for b in bounds if b}))
    return _memoized(("names", id(step)), step, names)


def _slot(step, book, ga, day):
    """(due_at, window_end) of a step on a local day for this guest's window preferences."""
    key = ("slot", id(step), day, ga.night_shift, ga.call_window, clock.timezone())
    return _memoized(key, step, lambda: place(day, window_for(
        step, day, night_shift=ga.night_shift, call_window=ga.call_window, windows=book.windows)))


def forget() -> None:
    """Drop the memo (after a generation run: the app keeps running, the memory comes back)."""
    _memo.clear()


def _memoized(key: tuple, step: Step, compute):
    """The value stored for `key`, else compute() stored; an entry of another step never counts."""
    hit = _memo.get(key)
    if hit is not None and hit[0] is step:
        return hit[1]
    if len(_memo) >= MEMO_MAX:
        _memo.clear()
    value = compute()
    _memo[key] = (step, value)
    return value


def _after_step(step, book, ga, inst, limit, done):
    result = done.get(task_key(ga.id, book.name, step.after_step, inst.ref, 0))
    if result is None:
        return
    outcome, done_at = result
    base = arrow.get(done_at).to(clock.timezone()).date()
    offset = step.offset_by_outcome.get(outcome, step.offset)
    yield from _dated(step, book, ga, inst, base, limit, offset)


def _timed(step, book, ga, inst, limit):
    at = inst.dates.get(step.anchor)
    if not isinstance(at, dt.datetime):
        return
    local = arrow.get(at).to(clock.timezone())
    if step.offset.is_clock:
        due = at + clock_delta(step.offset)
        end = due + EXACT_SLOT
    elif step.window is None:
        day = shift(local.date(), step.offset)
        due = clock.at_local(day, local.hour, local.minute).datetime
        end = due + EXACT_SLOT
    else:
        day = shift(local.date(), step.offset)
        due, end = _slot(step, book, ga, day)
    day = arrow.get(due).to(clock.timezone()).date()
    lo, hi = resolve(step.between[0], inst.dates), resolve(step.between[1], inst.dates)
    if day <= limit and (lo is None or day >= lo) and (hi is None or day <= hi):
        yield Occurrence(step, inst, "0", day, due, end, local.date())


def _yearly(step, book, ga, limit):
    inst = ga.instances("guest")[0]
    lo, hi = resolve(step.between[0], inst.dates), resolve(step.between[1], inst.dates)
    if step.between[0] is not None and lo is None:
        return
    lo = lo or ga.entered_on
    hi = min(hi, limit) if hi else limit
    birthday = inst.dates.get("birthday")
    for year in range(lo.year, hi.year + 1):
        if step.anchor == "birthday":
            if birthday:
                yield from _in_range(step, book, ga, inst, str(year), birthday_in(year, birthday), lo, hi)
            continue
        for fid in step.festivals:
            yield from _in_range(step, book, ga, inst, f"{fid}{year}", festival_on(year, fid), lo, hi, fid)


def _in_range(step, book, ga, inst, occ, day, lo, hi, festival=""):
    if lo <= day <= hi:
        due, end = _slot(step, book, ga, day)
        yield Occurrence(step, inst, occ, day, due, end, day, festival)


def quarter_starts(lo: dt.date, hi: dt.date) -> Iterator[dt.date]:
    """1 January, April, July and October from `lo` to `hi`, both included."""
    for year in range(lo.year, hi.year + 1):
        for month in (1, 4, 7, 10):
            day = dt.date(year, month, 1)
            if lo <= day <= hi:
                yield day


def _quarterly(step, book, ga, limit):
    """The tier re-evaluation each quarter start (manual 002), only for guests it concerns."""
    if not ga.tier_review:
        return
    inst = ga.instances("guest")[0]
    for day in quarter_starts(ga.entered_on, limit):
        shifted = shift(day, step.offset)
        if shifted <= limit:
            due, end = _slot(step, book, ga, shifted)
            yield Occurrence(step, inst, f"{day.year}q{(day.month - 1) // 3 + 1}", shifted, due, end, day)
