"""Task generation: make the task list match the playbooks. Idempotent, incremental, re-anchoring.

    run()                      # everything due up to today + HORIZON_DAYS
    run(guest_ids=[12])        # just these guests (after an outcome or an edit)
    mark_anchors_changed(tx, guest_id)   # call inside your write when you change an anchor date

A run with no guest_ids looks only at guests whose anchors changed since the last run (their
`anchors_changed_at` >= the high-water mark), unless the horizon moved on (a new day): then
every guest is looked at once. Writes go through store.writes.write, CHUNK guests per transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

import arrow

from store import clock, occurrences, schedule, task_rows
from store.anchors import load as load_anchors
from store.models import Guest, Task, db
from store.plan import AUTO, CHECKED_OUT, Existing, GuestPlan, has_new, plan_guest
from store.settings import get_setting, put_setting
from store.writer_thread import Writer, can_overlap
from store.writes import SYSTEM, Actor, write

HORIZON_DAYS = 14  # open tasks exist this far ahead (the callbacks screen shows 7 days)
LOOKAHEAD_DAYS = 400  # occurrences computed this far, so a task re-anchored beyond the horizon moves
CHUNK = 300  # guests per write transaction: other terminals wait at most one chunk
THROUGH_KEY, MARK_KEY, BOOKS_KEY = "generation_through", "generation_at", "generation_playbooks"


@dataclass
class GenerationResult:
    created: int = 0
    moved: int = 0
    cancelled: int = 0
    not_applicable: int = 0
    reopened: int = 0
    missed: int = 0  # open bedside visits closed as missed at checkout
    guests: int = 0

    def add(self, plan: GuestPlan) -> None:
        self.created += sum(1 for r in plan.creates if r.status == "open")
        self.not_applicable += sum(1 for r in plan.creates if r.status == "not_applicable")
        self.moved += len(plan.moves)
        self.cancelled += len(plan.cancels)
        self.reopened += len(plan.reopens)
        self.missed += len(plan.missed)


def mark_anchors_changed(tx, guest_id: int) -> None:
    """Inside a write: this guest's anchor dates (or flags: VIP, do-not-disturb) changed."""
    Guest.update(anchors_changed_at=tx.now).where(Guest.id == guest_id).execute()


def default_through() -> dt.date:
    return clock.today() + dt.timedelta(days=HORIZON_DAYS)


def run(through: dt.date | None = None, guest_ids: Iterable[int] | None = None,
        actor: Actor = SYSTEM) -> GenerationResult:
    """Bring tasks up to `through` (default today + HORIZON_DAYS); returns what changed."""
    started = clock.now()
    today = clock.today()
    through = max(through or default_through(), today)
    books = schedule.playbooks()
    fingerprint = schedule.playbook_fingerprint()
    if guest_ids is not None:
        full, scan = list(guest_ids), []
    else:
        full, scan = _due_guests(through, fingerprint)
    result = GenerationResult(guests=len(full) + len(scan))
    overlap = len(full) + len(scan) > CHUNK and can_overlap()
    try:
        with Writer(overlap, derived=True) as writer:  # tasks can be generated again
            run = _Run(books, through, today, through + dt.timedelta(days=LOOKAHEAD_DAYS), started.datetime,
                       actor, writer)
            for start in range(0, len(full), CHUNK):
                run.generate(full[start:start + CHUNK], result)
            for start in range(0, len(scan), CHUNK):
                run.generate(run.with_new(scan[start:start + CHUNK]), result)
    finally:
        occurrences.forget()
    if guest_ids is None:
        write(actor, "tasks.generate.mark", lambda tx: _mark(tx, through, started, fingerprint))
    return result


@dataclass
class _Run:
    """One generation run: its dates, playbooks and row builder, applied chunk by chunk."""
    books: dict
    through: dt.date
    today: dt.date
    limit: dt.date
    now: dt.datetime
    actor: Actor
    writer: Writer
    anchors: dict = field(default_factory=dict)

    def __post_init__(self):
        self.inserter = task_rows.Inserter(self.now)

    def with_new(self, chunk: list[int]) -> list[int]:
        """The guests of `chunk` who have an occurrence up to `through` with no task yet."""
        self.anchors = load_anchors(chunk)
        keys, done = task_rows.keys_and_done(chunk)
        return [gid for gid, ga in self.anchors.items()
                if has_new(ga, self.books, keys.get(gid, set()), done.get(gid, {}), self.through)]

    def generate(self, chunk: list[int], result: GenerationResult) -> None:
        if not chunk:
            return
        anchors = self.anchors if set(chunk) <= set(self.anchors) else load_anchors(chunk)
        existing = task_rows.existing(chunk)
        plans = {}
        for gid in chunk:
            if gid in anchors:
                rows = existing.get(gid, {})
                plans[gid] = plan_guest(anchors[gid], self.books, {k: Existing(*r) for k, r in rows.items()},
                                        self.through, self.today, self.limit, self.now)
                result.add(plans[gid])
        if any(p.changed() for p in plans.values()):
            batches = self.inserter.batches([r for p in plans.values() for r in p.creates])  # here, not in the lock
            self.writer.submit(lambda: write(self.actor, "tasks.generate", lambda tx: _apply(tx, plans, batches)))


def _due_guests(through: dt.date, fingerprint: str) -> tuple[list[int], list[int]]:
    """(guests to plan, guests to scan): on the same horizon only guests changed (or added) since
    the last run; on a new horizon also everyone else, planned if something new falls due.
    Edited playbooks (a different fingerprint) re-plan everyone."""
    last_through, mark = get_setting(THROUGH_KEY), get_setting(MARK_KEY)
    if not (last_through and mark) or get_setting(BOOKS_KEY) != fingerprint:
        return _guest_ids(Guest.select(Guest.id)), []
    since = arrow.get(mark).datetime
    changed = _guest_ids(Guest.select(Guest.id)
                         .where((Guest.anchors_changed_at >= since) | (Guest.created_at >= since)))
    if dt.date.fromisoformat(last_through) >= through:
        return changed, []  # the same day: everyone else is read only on a new horizon
    seen = set(changed)
    return changed, [gid for gid in _guest_ids(Guest.select(Guest.id)) if gid not in seen]


def _guest_ids(query) -> list[int]:
    """The ids a query selects, in order, as raw rows: 100,000 through Peewee's row wrapper
    took ~100 ms of every `carefloor due`, and the same-day run did not even need them."""
    return [gid for (gid,) in db.execute_sql(*query.order_by(Guest.id).sql()).fetchall()]


def _mark(tx, through: dt.date, started, fingerprint: str) -> None:
    if get_setting(BOOKS_KEY) != fingerprint:
        put_setting(tx, BOOKS_KEY, fingerprint)
    last = get_setting(THROUGH_KEY)
    if not last or dt.date.fromisoformat(last) < through:
        put_setting(tx, THROUGH_KEY, through.isoformat())
    put_setting(tx, MARK_KEY, started.isoformat())


def _apply(tx, plans: dict[int, GuestPlan], batches: list[task_rows.Batch]) -> None:
    task_rows.insert(batches)
    for gid, plan in plans.items():
        for task_id, due, end in plan.moves:
            Task.update(due_at=due, window_end=end).where(Task.id == task_id, Task.status == "open").execute()
        for task_id, reason in plan.cancels:
            Task.update(status="cancelled", outcome=AUTO, reason=reason).where(
                Task.id == task_id, Task.status == "open").execute()
        for task_id, due, end in plan.reopens:
            Task.update(status="open", outcome="", reason="", due_at=due, window_end=end).where(
                Task.id == task_id, Task.status == "cancelled").execute()
        if plan.missed:
            Task.update(status="skipped", outcome=CHECKED_OUT, reason=CHECKED_OUT, done_at=tx.now).where(
                Task.id.in_(plan.missed), Task.status == "open").execute()
        if plan.moves or plan.cancels or plan.reopens or plan.missed:
            tx.record("task", None, None, {"moved": len(plan.moves), "cancelled": len(plan.cancels),
                                           "reopened": len(plan.reopens), "missed": len(plan.missed)},
                      guest=gid, action="tasks.replan")
    tx.record("task", None, None, {"created": sum(b.rows for b in batches), "guests": len(plans)})
