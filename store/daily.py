"""Read side of the daily work: today's visits (done or not), callbacks due, a guest's recent history.

Plain rows for the visits and callbacks screens. Both lists walk the task(status, due_at) index
with a bounded due range, so they stay fast with a million tasks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import JOIN

from store import clock
from store.models import ContactLog, Floor, Guest, Note, Room, Staff, Stay, Task, listed
from seeds.playbook_schema import Window
from store.schedule import call_hours, playbooks, step_titles
from store.tasks import TaskRow, due_tasks
from store.writes import Actor

VISIT_LOOKBACK_DAYS = 7  # an open visit missed this week still shows, older ones do not
ALL_ROLES = ("manager", "supervisor", "admin")  # roles that see every role's work by default


@dataclass(frozen=True)
class VisitRow:
    id: int
    guest_id: int
    guest_name: str
    room: str
    floor: int | None
    day_of_stay: int | None
    title: str
    playbook: str
    step: str
    due: dt.datetime
    status: str
    outcome: str
    attempts: int
    done_by: str
    done_at: dt.datetime | None
    titles: dict = field(default_factory=dict, compare=False)  # {"zh", "en"} from the playbook


@dataclass(frozen=True)
class CallbackRow:
    task: TaskRow
    why: str  # the rule as stored on the task (fallback: a step the playbook no longer has)
    bucket: str  # overdue | today | upcoming
    whys: dict = field(default_factory=dict, compare=False)  # {"zh", "en"} from the playbook: the screen picks
    call_hours: Window | None = None  # her call window as clock hours, for a phone call (reschedule warns)


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    who: str
    what: str  # an outcome ("reached", "no_answer", …) or "note"
    channel: str
    text: str


def default_role(actor: Actor) -> str | None:
    """Whose work a person sees by default: their own role's, or everyone's for managers."""
    return None if actor.role in ALL_ROLES else actor.role


def visits_for_day(day: dt.date, *, actor: Actor, role: str | None = None, floor: int | None = None) -> list[VisitRow]:
    """Visits due on `day` (done or not) plus open ones missed in the days before, by room."""
    start, end = clock.local_day_bounds(day)
    since = clock.local_day_bounds(day - dt.timedelta(days=VISIT_LOOKBACK_DAYS))[0]
    open_q = _visit_query(role, floor).where((Task.status == "open") & (Task.due_at >= since) & (Task.due_at < end)
                                             & listed())
    closed_q = _visit_query(role, floor).where(Task.status.in_(("done", "skipped")) & (Task.due_at >= start)
                                               & (Task.due_at < end) & listed())
    rows = [_visit_row(values, day) for values in list(open_q.tuples()) + list(closed_q.tuples())]
    titles = step_titles((r.playbook, r.step) for r in rows)
    for r in rows:
        r.titles.update(titles.get((r.playbook, r.step), {}))
    return sorted(rows, key=lambda r: (r.room == "", r.room, r.due, r.id))


def _visit_query(role: str | None, floor: int | None):
    done_by = Staff.alias()
    query = (Task.select(Task.id, Task.guest, Guest.name, Room.number, Floor.number, Stay.admitted_on, Stay.status,
                         Task.title, Task.playbook, Task.step, Task.due_at, Task.status, Task.outcome, Task.attempts,
                         done_by.name, Task.done_at)
             .join(Guest, on=(Task.guest == Guest.id))
             .switch(Task).join(Stay, JOIN.LEFT_OUTER, on=(Task.stay == Stay.id))
             .join(Room, JOIN.LEFT_OUTER, on=(Stay.room == Room.id))
             .join(Floor, JOIN.LEFT_OUTER, on=(Room.floor == Floor.id))
             .switch(Task).join(done_by, JOIN.LEFT_OUTER, on=(Task.done_by == done_by.id))
             .where(Task.kind == "visit"))
    if role:
        query = query.where(Task.role == role)
    if floor is not None:
        query = query.where(Floor.number == floor)
    return query


def _visit_row(values: tuple, day: dt.date) -> VisitRow:
    (task_id, guest_id, name, room, floor, admitted, stay_status, title, playbook, step, due, status, outcome,
     attempts, done_by, done_at) = values
    in_house = stay_status == "admitted" and admitted is not None
    return VisitRow(task_id, guest_id, name, (room or "") if in_house else "", floor if in_house else None,
                    (day - admitted).days + 1 if in_house else None, title, playbook, step, due, status,
                    outcome or "", attempts, done_by or "", done_at)


def callbacks_due(day: dt.date, *, actor: Actor, days_ahead: int = 7, mine: bool = False, role: str | None = None,
                  channel: str | None = None, kind: str | None = None, floor: int | None = None,
                  limit: int = 500) -> list[CallbackRow]:
    """Open calls and messages: overdue, due on `day`, and the next `days_ahead` days."""
    rows = due_tasks(day, actor=actor, include_upcoming_days=days_ahead, role=role,
                     assignee_id=actor.staff_id if mine else None, channel=channel, kind=kind, floor=floor,
                     limit=limit)
    start, end = clock.local_day_bounds(day)
    hours = _call_hours(rows)
    return [CallbackRow(r, r.why, _bucket(r.due, start.datetime, end.datetime), dict(r.whys),
                        hours.get((r.call_window, r.playbook)) if r.channel == "phone" else None)
            for r in rows if r.kind != "visit"]


def _call_hours(rows: list[TaskRow]) -> dict[tuple[str, str], Window | None]:
    """(call window, playbook) -> clock hours, read once per list ("afternoon" is the playbook's)."""
    wanted = {(r.call_window, r.playbook) for r in rows if r.call_window and r.channel == "phone"}
    if not wanted:
        return {}
    books = playbooks()
    return {(text, name): call_hours(text, books[name].windows if name in books else None)
            for text, name in wanted}


def _bucket(due: dt.datetime, start: dt.datetime, end: dt.datetime) -> str:
    return "overdue" if due < start else "today" if due < end else "upcoming"


def history(guest_id: int, limit: int = 8) -> list[HistoryRow]:
    """The guest's latest contacts and notes, newest first, with who did them."""
    logs = (ContactLog.select(ContactLog.at, Staff.name, ContactLog.outcome, ContactLog.channel, ContactLog.note)
            .join(Staff, JOIN.LEFT_OUTER, on=(ContactLog.staff == Staff.id))
            .where(ContactLog.guest == guest_id).order_by(ContactLog.at.desc()).limit(limit).tuples())
    notes = (Note.select(Note.at, Staff.name, Note.text).join(Staff, JOIN.LEFT_OUTER, on=(Note.staff == Staff.id))
             .where(Note.guest == guest_id).order_by(Note.at.desc()).limit(limit).tuples())
    rows = [HistoryRow(at, who or "", outcome, channel, note) for at, who, outcome, channel, note in logs]
    rows += [HistoryRow(at, who or "", "note", "", text) for at, who, text in notes]
    return sorted(rows, key=lambda r: r.at, reverse=True)[:limit]


def guest_brief(guest_id: int) -> dict:
    """Name, salutation and call window for a panel header."""
    guest = Guest.get_by_id(guest_id)
    return {"name": guest.name, "salutation": guest.salutation, "call_window": guest.call_window,
            "do_not_disturb": guest.do_not_disturb}


@dataclass(frozen=True)
class Script:
    title: str
    text: str
    checklist: tuple[str, ...]
    why: str  # in the language asked for (or the task's stored text)
    channel: str
    whys: dict = field(default_factory=dict, compare=False)  # {"zh", "en"} from the playbook: the screen picks


def script_for(task_id: int, lang: str, staff_name: str | None = None) -> Script:
    """The task's script with the guest's details filled in (store.scripts), as plain text."""
    from store.scripts import filled_script

    filled = filled_script(task_id, lang, staff_name=staff_name)
    return Script(filled.title, filled.text, tuple(_item(i) for i in filled.checklist), filled.why, filled.channel,
                  dict(filled.whys or {}))


def _item(item) -> str:
    if isinstance(item, dict):
        return str(item.get("item") or item.get("text") or "")
    return str(item)


def floor_numbers() -> list[int]:
    """Every floor of the center, for the floor filter."""
    return [n for (n,) in Floor.select(Floor.number).order_by(Floor.number).tuples()]
