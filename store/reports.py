"""Manager reports as plain rows: callbacks done vs due per person per week, the overdue trend,
complaints and time to close per month, satisfaction per month. Every call needs "export".

Definitions (calendar maths in the center's zone; weeks start on Monday):
- a callback is a task of kind callback or message; cancelled / not-applicable ones do not count;
- done vs due: tasks *due* in the week; done = closed as done (by anyone); the person is who closed
  it, else its assignee, else nobody (the row carries the task's role instead);
- overdue at the start of a day: due before local midnight and still open then (open now with no
  done_at, or closed after that midnight);
- time to close: closed_at - received_at, in hours, for complaints received in the month;
- satisfaction: the mean of each survey's item scores, averaged over the surveys of the month.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from store import clock
from store.models import Complaint, Staff, Survey, Task
from store.permissions import require
from store.writes import Actor

CALL_KINDS = ("callback", "message")
NOT_COUNTED = ("cancelled", "not_applicable")


@dataclass(frozen=True)
class PersonWeek:
    week: dt.date  # Monday
    person: str  # staff name, "" when nobody closed or owns it
    role: str  # the tasks' role when person is ""
    due: int
    done: int

    @property
    def rate(self) -> float | None:
        return self.done / self.due if self.due else None


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    overdue: int


@dataclass(frozen=True)
class ComplaintMonth:
    month: dt.date  # first of the month
    received: int
    closed: int
    still_open: int
    closed_late: int  # closed after the deadline
    mean_hours_to_close: float | None


@dataclass(frozen=True)
class SatisfactionMonth:
    month: dt.date
    surveys: int
    mean: float | None  # 1..5
    low: int  # surveys with any item scored 1 or 2


@dataclass(frozen=True)
class Report:
    end_day: dt.date
    callbacks: tuple[PersonWeek, ...]
    overdue: tuple[DayCount, ...]
    complaints: tuple[ComplaintMonth, ...]
    satisfaction: tuple[SatisfactionMonth, ...]


def build_report(actor: Actor, end_day: dt.date | None = None, *, weeks: int = 8, days: int = 28,
                 months: int = 6) -> Report:
    """All four reports up to the local day `end_day` (default today)."""
    require(actor, "export")
    end_day = end_day or clock.today()
    return Report(end_day, callbacks_by_person(end_day, weeks), overdue_trend(end_day, days),
                  complaints_by_month(end_day, months), satisfaction_by_month(end_day, months))


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def callbacks_by_person(end_day: dt.date, weeks: int = 8) -> tuple[PersonWeek, ...]:
    """Done vs due per person for the `weeks` weeks ending with the week of `end_day`."""
    first = monday(end_day) - dt.timedelta(weeks=weeks - 1)
    start, end = clock.local_day_bounds(first)[0], clock.local_day_bounds(monday(end_day) + dt.timedelta(days=6))[1]
    doer, owner = Staff.alias(), Staff.alias()
    query = (Task.select(Task.due_at, Task.status, Task.role, doer.name, owner.name)
             .join(doer, JOIN.LEFT_OUTER, on=(Task.done_by == doer.id))
             .switch(Task).join(owner, JOIN.LEFT_OUTER, on=(Task.assignee == owner.id))
             .where(Task.kind.in_(CALL_KINDS) & (Task.due_at >= start) & (Task.due_at < end)
                    & Task.status.not_in(NOT_COUNTED)))
    tally: dict[tuple[dt.date, str, str], list[int]] = {}
    tz = clock.timezone()
    for due_at, status, role, done_by, assignee in query.tuples():
        week = monday(_local_day(due_at, tz))
        person = done_by or assignee or ""
        cell = tally.setdefault((week, person, "" if person else role), [0, 0])
        cell[0] += 1
        cell[1] += status == "done"
    rows = [PersonWeek(week, person, role, due, done) for (week, person, role), (due, done) in tally.items()]
    return tuple(sorted(rows, key=lambda r: (r.week, r.person == "", r.person, r.role)))


def overdue_trend(end_day: dt.date, days: int = 28) -> tuple[DayCount, ...]:
    """Callbacks overdue at the start of each of the `days` days ending with `end_day`."""
    first = end_day - dt.timedelta(days=days - 1)
    starts = [clock.local_day_bounds(first + dt.timedelta(days=i))[0].datetime for i in range(days)]
    query = (Task.select(Task.due_at, Task.done_at, Task.status)
             .where(Task.kind.in_(CALL_KINDS) & (Task.due_at < starts[-1])
                    & ((Task.status == "open") | (Task.done_at > starts[0]))))
    spans = [(due, done) for due, done, status in query.tuples() if status == "open" or done is not None]
    counts = []
    for i, start in enumerate(starts):
        counts.append(DayCount(first + dt.timedelta(days=i),
                               sum(1 for due, done in spans if due < start and (done is None or done > start))))
    return tuple(counts)


def complaints_by_month(end_day: dt.date, months: int = 6) -> tuple[ComplaintMonth, ...]:
    """Per month received (local), oldest first: how many, closed, still open, late, mean hours to close."""
    firsts = [month_start(end_day, back) for back in range(months - 1, -1, -1)]
    start = clock.at_local(firsts[0])
    end = clock.at_local(month_start(end_day, -1))
    query = (Complaint.select(Complaint.received_at, Complaint.closed_at, Complaint.deadline, Complaint.status)
             .where((Complaint.received_at >= start) & (Complaint.received_at < end)))
    by_month: dict[dt.date, list] = {first: [] for first in firsts}
    tz = clock.timezone()
    for row in query.tuples():
        by_month[month_start(_local_day(row[0], tz))].append(row)
    return tuple(_complaint_month(first, rows) for first, rows in by_month.items())


def _complaint_month(first: dt.date, rows: list) -> ComplaintMonth:
    closed = [(received, closed_at, deadline) for received, closed_at, deadline, status in rows
              if status == "closed" and closed_at is not None]
    hours = [(closed_at - received).total_seconds() / 3600 for received, closed_at, _ in closed]
    late = sum(1 for _, closed_at, deadline in closed if deadline is not None and closed_at > deadline)
    return ComplaintMonth(first, len(rows), len(closed), len(rows) - len(closed), late,
                          round(sum(hours) / len(hours), 1) if hours else None)


def satisfaction_by_month(end_day: dt.date, months: int = 6) -> tuple[SatisfactionMonth, ...]:
    """Per local month, oldest first: surveys returned, their mean score, how many had a low score."""
    firsts = [month_start(end_day, back) for back in range(months - 1, -1, -1)]
    query = (Survey.select(Survey.at, Survey.scores)
             .where((Survey.at >= clock.at_local(firsts[0])) & (Survey.at < clock.at_local(month_start(end_day, -1)))))
    by_month: dict[dt.date, list[list[int]]] = {first: [] for first in firsts}
    tz = clock.timezone()
    for at, scores in query.tuples():
        values = [int(v) for v in (scores or {}).values()]
        if values:
            by_month[month_start(_local_day(at, tz))].append(values)
    rows = []
    for first, surveys in by_month.items():
        means = [sum(v) / len(v) for v in surveys]
        rows.append(SatisfactionMonth(first, len(surveys), round(sum(means) / len(means), 2) if means else None,
                                      sum(1 for v in surveys if min(v) <= 2)))
    return tuple(rows)


def _local_day(when: dt.datetime, tz: str) -> dt.date:
    import arrow

    return arrow.get(when).to(tz).date()
