"""Task generation: make each guest's tasks match the playbooks. Idempotent, per guest, re-anchoring.

    run()                      # every guest whose plan is behind: the day roll-over, `carefloor due`
    run(through=day)           # ... and at least up to `day` (a look-ahead)
    run(guest_ids=[12])        # just these guests (after an outcome)
    mark_anchors_changed(tx, guest_id)   # inside a write that changes her dates: she is planned
    plan_with(tx, guest_id)              # a new guest: planned before that write commits

Planning state is per guest (Guest.planned_through, planned_books, planned_change, plan_rev): a
guest is planned from her own entry and her own changes, whatever any other run looked ahead to.
A run with no guest_ids plans in full the guests never planned, planned by other playbooks (an
edited file: a different fingerprint), whose anchors changed since their plan, or whose planning
failed; a guest only behind the horizon (a new day) is read lightly and planned in full only if
something new falls due. Writes go through store.writes.write, CHUNK guests per transaction; a write
applies a guest's plan only if no one planned or changed her since it was read (plan_rev).
A guest whose data cannot be planned is skipped and recorded (store/plan_failures.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from store import clock, occurrences, plan_failures, schedule, task_rows
from store.anchors import GuestAnchors, load as load_anchors
from store.db import is_sqlite
from store.models import Guest, Task, db
from store.plan import AUTO, CHECKED_OUT, NOT_APPLICABLE, ENTERED_LATE, Existing, GuestPlan, Horizon, PlanFailed, \
    has_new, plan_guest
from store.writer_thread import Writer, can_overlap
from store.writes import SYSTEM, Actor, write

HORIZON_DAYS = 14  # open tasks exist this far ahead (the callbacks screen shows 7 days)
LOOKAHEAD_DAYS = 400  # occurrences computed this far, so a task re-anchored beyond the horizon moves
CHUNK = 300  # guests per write transaction: other terminals wait at most one chunk
IN_WRITE_MAX = CHUNK  # a write that changed more guests (an import) plans them right after it commits
PENDING = "generate.plan"  # Tx.data key: the guests a write asked to plan


@dataclass
class GenerationResult:
    created: int = 0
    moved: int = 0
    cancelled: int = 0
    not_applicable: int = 0
    reopened: int = 0
    missed: int = 0  # open bedside visits closed as missed at checkout
    guests: int = 0
    failures: list[plan_failures.Failure] = field(default_factory=list)

    def add(self, plan: GuestPlan) -> None:
        self.created += sum(1 for r in plan.creates if r.status == "open")
        self.not_applicable += sum(1 for r in plan.creates if r.status == NOT_APPLICABLE) + len(plan.late)
        self.moved += len(plan.moves)
        self.cancelled += len(plan.cancels)
        self.reopened += len(plan.reopens)
        self.missed += len(plan.missed)


@dataclass(frozen=True)
class _State:
    """A guest's planning state as read: her revision, planned horizon, the change it saw."""
    rev: int
    planned: dt.date | None
    change: object  # anchors_changed_at as stored (compared, written back as is)
    full: bool  # plan her in full (else only if something new falls due)


def mark_anchors_changed(tx, guest_id: int) -> None:
    """Inside a write: this guest's anchor dates (or flags: VIP, do-not-disturb) changed. She is
    planned again before the write commits (a large batch: right after)."""
    Guest.update(anchors_changed_at=tx.now, plan_rev=Guest.plan_rev + 1).where(Guest.id == guest_id).execute()
    plan_with(tx, guest_id)


def plan_with(tx, guest_id: int) -> None:
    """Inside a write: plan this guest as part of it (a new guest; changed dates)."""
    tx.data.setdefault(PENDING, set()).add(guest_id)
    tx.before_commit(PENDING, _plan_pending)


def _plan_pending(tx) -> None:
    ids = sorted(tx.data.get(PENDING, ()))
    if len(ids) > IN_WRITE_MAX and not tx.nested:
        tx.after_commit(PENDING, lambda: run(guest_ids=ids, actor=tx.actor))  # in chunks, others write between
    else:
        run(guest_ids=ids, actor=tx.actor)


def default_through() -> dt.date:
    return clock.today() + dt.timedelta(days=HORIZON_DAYS)


def run(through: dt.date | None = None, guest_ids: Iterable[int] | None = None,
        actor: Actor = SYSTEM) -> GenerationResult:
    """Plan every guest behind up to max(`through`, today + HORIZON_DAYS), or just `guest_ids`."""
    started = clock.now()
    today = clock.today()
    target = max(through or today, default_through())
    books = schedule.playbooks()
    fingerprint = schedule.playbook_fingerprint()
    known = plan_failures.recorded()
    states = _states(guest_ids, target, fingerprint, known)
    full = [gid for gid, st in states.items() if st.full]
    scan = [gid for gid, st in states.items() if not st.full]
    result = GenerationResult(guests=len(states))
    overlap = len(states) > CHUNK and can_overlap()
    try:
        with Writer(overlap, derived=True) as writer:  # tasks can be generated again
            planner = _Run(books, fingerprint, target, today, started.datetime, actor, writer, states, known)
            for start in range(0, len(full), CHUNK):
                planner.generate(full[start:start + CHUNK], result)
            for start in range(0, len(scan), CHUNK):
                planner.scan(scan[start:start + CHUNK], result)
    finally:
        occurrences.forget()
    return result


def _states(guest_ids, target: dt.date, fingerprint: str, known: dict) -> dict[int, _State]:
    """The guests to look at and their state: the given ones (in full), else everyone behind."""
    cols = (Guest.id, Guest.plan_rev, Guest.planned_through, Guest.planned_books, Guest.planned_change,
             Guest.anchors_changed_at)
    if guest_ids is not None:
        ids = sorted(set(guest_ids))
        rows = [r for start in range(0, len(ids), 500)
                for r in _rows(Guest.select(*cols).where(Guest.id.in_(ids[start:start + 500])))]
        return {gid: _State(rev, _date(planned), changed, True) for gid, rev, planned, _, _, changed in rows}
    behind = (Guest.planned_through.is_null() | (Guest.planned_through < target) | (Guest.planned_books != fingerprint)
              | _changed() | Guest.id.in_(list(known)))
    out = {}
    for gid, rev, planned, books, seen, changed in _rows(Guest.select(*cols).where(behind)):
        full = planned is None or books != fingerprint or gid in known or (changed is not None and seen != changed)
        out[gid] = _State(rev, _date(planned), changed, full)
    return out


def _changed():
    """Her anchors changed after her last plan (a write that did not plan her: a crash between)."""
    return Guest.anchors_changed_at.is_null(False) & (
        Guest.planned_change.is_null() | (Guest.planned_change != Guest.anchors_changed_at))


def _rows(query) -> list[tuple]:
    """Raw rows, in id order: 100,000 through Peewee's row wrapper took ~100 ms of every run."""
    return db.execute_sql(*query.order_by(Guest.id).sql()).fetchall()


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class _Run:
    """One generation run: its dates, playbooks and row builder, applied chunk by chunk."""
    books: dict
    fingerprint: str
    target: dt.date
    today: dt.date
    now: dt.datetime
    actor: Actor
    writer: Writer
    states: dict[int, _State]
    known: dict  # failures on record when the run began

    def __post_init__(self):
        self.inserter = task_rows.Inserter(self.now)

    def horizon(self, gid: int) -> Horizon:
        planned = self.states[gid].planned
        through = max(self.target, planned) if planned else self.target
        return Horizon(through, self.today, through + dt.timedelta(days=LOOKAHEAD_DAYS), planned)

    def scan(self, chunk: list[int], result: GenerationResult) -> None:
        """Guests only behind the horizon: planned in full if something new falls due, else
        their horizon moves on."""
        failed: dict[int, Exception] = {}
        anchors = load_anchors(chunk, failed)
        keys, done = task_rows.keys_and_done(chunk)
        todo, bump, failures = [], [], self._anchor_failures(failed)
        for gid, ga in anchors.items():
            try:
                new = has_new(ga, self.books, keys.get(gid, set()), done.get(gid, {}), self.horizon(gid).through)
            except PlanFailed as exc:
                failures.append(plan_failures.failure_of(gid, exc.playbook, exc.step, exc.error))
                continue
            (todo if new else bump).append(gid)
        self.generate(todo, result, anchors, bump, failures)

    def generate(self, chunk: list[int], result: GenerationResult, anchors: dict[int, GuestAnchors] | None = None,
                 bump: list[int] = (), failures: list | None = None) -> None:
        failures = list(failures or [])
        if anchors is None:
            failed: dict[int, Exception] = {}
            anchors = load_anchors(chunk, failed)
            failures += self._anchor_failures(failed)
        existing = task_rows.existing(chunk) if chunk else {}
        plans: dict[int, GuestPlan] = {}
        for gid in chunk:
            if gid not in anchors:
                continue  # failed above, or deleted meanwhile
            rows = existing.get(gid, {})
            try:
                plans[gid] = plan_guest(anchors[gid], self.books, {k: Existing(*r) for k, r in rows.items()},
                                        self.horizon(gid))
            except PlanFailed as exc:
                failures.append(plan_failures.failure_of(gid, exc.playbook, exc.step, exc.error))
        result.failures += failures
        for plan in plans.values():
            result.add(plan)
        if not (plans or bump or failures):
            return
        states = {gid: self.horizon(gid).through for gid in [*plans, *bump]}
        batch = _Batch(plans, states, failures, self.known, self.states, self.inserter, self.fingerprint)
        batch.batches = self.inserter.batches([r for p in plans.values() for r in p.creates])  # here, not in the lock
        self.writer.submit(lambda: write(self.actor, "tasks.generate", batch.apply))

    def _anchor_failures(self, failed: dict[int, Exception]) -> list:
        return [plan_failures.failure_of(gid, "", "", exc) for gid, exc in failed.items()]


@dataclass
class _Batch:
    """One chunk's write: its plans, horizons and failures, applied to the guests no one
    planned or changed since they were read."""
    plans: dict[int, GuestPlan]
    through: dict[int, dt.date]
    failures: list
    known: dict
    states: dict[int, _State]
    inserter: task_rows.Inserter
    fingerprint: str
    batches: list = field(default_factory=list)

    def apply(self, tx) -> None:
        stale = _stale(self.through, self.states)
        plans = self.plans
        if stale:  # someone planned them meanwhile (their plan is newer): leave them
            plans = {gid: p for gid, p in plans.items() if gid not in stale}
            self.batches = self.inserter.batches([r for p in plans.values() for r in p.creates])
        task_rows.insert(self.batches)
        for gid, plan in plans.items():
            _apply_plan(tx, gid, plan)
        planned = [gid for gid in self.through if gid not in stale]
        _save_states(planned, self.through, self.states, self.fingerprint)
        plan_failures.record(tx, self.failures, self.known)
        plan_failures.clear(tx, [gid for gid in planned if gid in self.known])
        created = sum(b.rows for b in self.batches)
        if created or plans:
            tx.record("task", None, None, {"created": created, "guests": len(plans)})


def _stale(through: dict[int, dt.date], states: dict[int, _State]) -> set[int]:
    """Guests whose plan_rev moved since they were read (locked for this write on PostgreSQL)."""
    ids = list(through)
    if not ids:
        return set()
    marks = ", ".join([db.obj.param] * len(ids))
    sql = f'SELECT "id", "plan_rev" FROM "guest" WHERE "id" IN ({marks})' + ("" if is_sqlite() else " FOR UPDATE")
    current = dict(db.execute_sql(sql, ids).fetchall())
    return {gid for gid in ids if current.get(gid) != states[gid].rev}


def _save_states(planned: list[int], through: dict[int, dt.date], states: dict[int, _State], books: str) -> None:
    """Each planned guest's new horizon, playbooks and the change her plan saw; her revision moves on."""
    if not planned:
        return
    change = Guest.planned_change
    sql = ('UPDATE "guest" SET "planned_through" = {p}, "planned_books" = {p}, "planned_change" = {p}, '
           '"plan_rev" = "plan_rev" + 1 WHERE "id" = {p} AND "plan_rev" = {p}').format(p=db.obj.param)
    rows = [(Guest.planned_through.db_value(through[gid]), books, change.db_value(states[gid].change), gid,
             states[gid].rev) for gid in planned]
    db.cursor().executemany(sql, rows)


def _apply_plan(tx, gid: int, plan: GuestPlan) -> None:
    for task_id, due, end in plan.moves:
        Task.update(due_at=due, window_end=end).where(Task.id == task_id, Task.status == "open").execute()
    for task_id, due, end in plan.late:
        Task.update(status=NOT_APPLICABLE, reason=ENTERED_LATE, due_at=due, window_end=end).where(
            Task.id == task_id, Task.status == "open").execute()
    for task_id, reason in plan.cancels:
        Task.update(status="cancelled", outcome=AUTO, reason=reason).where(
            Task.id == task_id, Task.status == "open").execute()
    for task_id, due, end in plan.reopens:
        Task.update(status="open", outcome="", reason="", due_at=due, window_end=end).where(
            Task.id == task_id, Task.status.in_(("cancelled", NOT_APPLICABLE))).execute()
    if plan.missed:
        Task.update(status="skipped", outcome=CHECKED_OUT, reason=CHECKED_OUT, done_at=tx.now).where(
            Task.id.in_(plan.missed), Task.status == "open").execute()
    if plan.moves or plan.cancels or plan.reopens or plan.missed or plan.late:
        tx.record("task", None, None, {"moved": len(plan.moves), "cancelled": len(plan.cancels),
                                       "reopened": len(plan.reopens), "missed": len(plan.missed),
                                       "entered_late": len(plan.late)},
                  guest=gid, action="tasks.replan")
