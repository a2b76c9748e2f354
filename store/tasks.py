"""Task read queries: what is due (and overdue) on a day, as plain rows.

The due list walks the composite index task(status, due_at) (or task(guest, status, due_at)
for one guest) and joins the guest, stay, room and assignee by primary key; a test pins the
plan with EXPLAIN QUERY PLAN so a schema change cannot silently turn it into a full scan.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import lru_cache

from peewee import JOIN

from store import clock
from store.models import Floor, Guest, Room, Staff, Stay, Task, db, listed
from store.permissions import phone_for
from store.schedule import step_titles, step_whys
from store.writes import Actor

ROOM_STAY_STATUSES = ("signed", "admitted")  # a discharged guest's old room is not "her" room


@dataclass(frozen=True)
class TaskRow:
    id: int
    guest_id: int
    guest_name: str
    room: str
    kind: str
    playbook: str
    step: str
    title: str
    due: dt.datetime
    window_end: dt.datetime | None
    channel: str
    role: str
    assignee_name: str
    status: str
    attempts: int
    phone: str
    call_window: str
    why: str = ""  # the playbook step's manual rule as stored ("§4.8.2 出所3天内回访"); whys wins
    titles: dict = field(default_factory=dict, compare=False)  # {"zh", "en"} from the playbook; title is the stored one
    whys: dict = field(default_factory=dict, compare=False)  # {"zh", "en"} from the playbook; why is the stored one

    def overdue(self, day: dt.date) -> bool:
        """Due before `day` began (center-local)."""
        return self.due < clock.local_day_bounds(day)[0].datetime

    def to_json(self) -> dict:
        # shallow: dataclasses.asdict deep-copies every value (datetimes too), ~50 ms of a
        # 1,000-row `carefloor due --json`
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["titles"], data["whys"] = dict(self.titles), dict(self.whys)
        data["guest"] = data.pop("guest_name")
        data["assignee"] = data.pop("assignee_name")
        data["due"] = self.due.isoformat()
        data["window_end"] = self.window_end.isoformat() if self.window_end else None
        return data


COLUMNS = (
    Task.id, Task.guest, Guest.name, Room.number, Stay.status, Task.kind, Task.playbook, Task.step,
    Task.title, Task.due_at, Task.window_end, Task.channel, Task.role, Staff.name, Task.status,
    Task.attempts, Guest.phone, Guest.call_window, Task.why,
)


def due_query(day: dt.date, *, include_upcoming_days: int = 0, guest_id: int | None = None,
              role: str | None = None, assignee_id: int | None = None, channel: str | None = None,
              kind: str | None = None, floor: int | None = None, limit: int | None = None):
    """The Peewee query behind due_tasks (exposed so tests can EXPLAIN it)."""
    end = clock.local_day_bounds(day + dt.timedelta(days=include_upcoming_days))[1]
    query = (
        Task.select(*COLUMNS)
        .join(Guest, on=(Task.guest == Guest.id))
        .switch(Task).join(Stay, JOIN.LEFT_OUTER, on=(Task.stay == Stay.id))
        .join(Room, JOIN.LEFT_OUTER, on=(Stay.room == Room.id))
        .switch(Task).join(Staff, JOIN.LEFT_OUTER, on=(Task.assignee == Staff.id))
        .where((Task.status == "open") & (Task.due_at < end) & listed())
        .order_by(Task.due_at, Task.id)
    )
    if guest_id is not None:
        query = query.where(Task.guest == guest_id)
    for column, value in ((Task.role, role), (Task.assignee, assignee_id), (Task.channel, channel),
                          (Task.kind, kind)):
        if value is not None:
            query = query.where(column == value)
    if floor is not None:
        floor_ids = Floor.select(Floor.id).where(Floor.number == floor)
        query = query.where(Room.floor.in_(floor_ids) & Stay.status.in_(ROOM_STAY_STATUSES))
    return query.limit(limit) if limit else query


def due_tasks(day: dt.date, *, actor: Actor, include_upcoming_days: int = 0, guest_id: int | None = None,
              role: str | None = None, assignee_id: int | None = None, channel: str | None = None,
              kind: str | None = None, floor: int | None = None, limit: int | None = None) -> list[TaskRow]:
    """Open tasks due by the end of `day` (+ upcoming days), overdue first, oldest first."""
    sql, params = _due_sql(type(db.obj).__name__, clock.timezone(), day, include_upcoming_days, guest_id, role,
                           assignee_id, channel, kind, floor, limit)
    cursor = db.execute_sql(sql, params)  # raw rows: peewee's per-cell converters cost more than the query
    rows = [_row(values, actor) for values in cursor.fetchall()]
    keys = {(r.playbook, r.step) for r in rows}
    titles, whys = step_titles(keys), step_whys(keys)
    for r in rows:
        r.titles.update(titles.get((r.playbook, r.step), {}))
        r.whys.update(whys.get((r.playbook, r.step), {}))
    return rows


@lru_cache(maxsize=64)
def _due_sql(_dialect: str, _zone: str, day, upcoming, guest_id, role, assignee_id, channel, kind, floor, limit):
    """SQL text and parameters, built once per dialect, zone and arguments (building costs ~0.5 ms)."""
    query = due_query(day, include_upcoming_days=upcoming, guest_id=guest_id, role=role, assignee_id=assignee_id,
                      channel=channel, kind=kind, floor=floor, limit=limit)
    sql, params = query.sql()
    return sql, tuple(params)


def _row(values: tuple, actor: Actor) -> TaskRow:
    (task_id, guest_id, guest_name, room, stay_status, kind, playbook, step, title, due, window_end,
     channel, role, assignee, status, attempts, phone, call_window, why) = values
    return TaskRow(
        id=task_id, guest_id=guest_id, guest_name=guest_name,
        room=(room or "") if stay_status in ROOM_STAY_STATUSES else "",
        kind=kind, playbook=playbook, step=step, title=title, due=_utc(due), window_end=_utc(window_end),
        channel=channel, role=role, assignee_name=assignee or "", status=status, attempts=attempts,
        phone=phone_for(actor, phone or ""), call_window=call_window or "", why=why or "",
    )


def _utc(value) -> dt.datetime | None:
    """A stored naive-UTC instant (text on SQLite, datetime on PostgreSQL) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value
