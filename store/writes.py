"""The one write path: every change is one transaction that also appends its events.

    write(actor, "task.done", lambda tx: complete(tx, task_id))

SQLite transactions begin IMMEDIATE (take the write lock first, so the busy timeout works),
each in its process's turn (store/writelock.py: an flock queue, so no writer starves);
on PostgreSQL a lock error is retried with jitter and a dropped connection is reopened once.
Retries re-run `apply` from the start, so `apply` must only touch the database; do slow reads
before calling write(). Low-level failures become clear StoreErrors (store/faults.py).

No write waits for ever: WAIT_LIMIT_S after it was asked for (set_wait_limit), a write that has
not begun its transaction gives up with faults.Busy, whoever holds the database (a stopped
terminal, a dead one whose lock outlives it, the sqlite3 shell); nothing of it is saved.
`pending()` tells another thread (the UI) which writes of this process are still waiting.
On SQLite each write also checks, inside its transaction, that the file at the database's path
is still the one this connection has open (store/db.py): a deleted or replaced file refuses it.
"""
from __future__ import annotations

import itertools
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import peewee as pw

from store import auditchain, clock, faults, terminal, writelock
from store.models import Event, db

T = TypeVar("T")
LOCK_RETRIES = 8
WAIT_LIMIT_S = 15.0  # how long a write may wait for its turn before it gives up (faults.Busy)


def set_wait_limit(seconds: float) -> None:
    """How long a write waits for the database before it gives up (default WAIT_LIMIT_S)."""
    global WAIT_LIMIT_S
    if not 0 < seconds <= 3600:
        raise ValueError(f"a write's wait limit must be between 0 and 3600 seconds, not {seconds!r}")
    WAIT_LIMIT_S = float(seconds)
    from store.db import apply_wait_limit

    apply_wait_limit()


@dataclass(frozen=True)
class Pending:
    """A write of this process that has not finished: what, since when, until when it waits."""

    action: str
    started: float   # time.monotonic() when write() was called
    deadline: float  # time.monotonic() at which it gives up if it has not begun
    thread: int      # threading.get_ident() of the writing thread
    queued: bool     # still waiting for its turn (False: its transaction is running)


_pending: dict[int, Pending] = {}
_pending_ids = itertools.count()


def pending() -> list[Pending]:
    """Writes of this process still running, oldest first (safe from any thread)."""
    return sorted(_pending.values(), key=lambda p: p.started)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in staff member, or the system (generation, imports)."""

    staff_id: int | None
    name: str
    role: str
    terminal: str = ""
    permissions: frozenset[str] = frozenset()

    def can(self, permission: str) -> bool:
        return self.staff_id is None or permission in self.permissions


SYSTEM = Actor(None, "system", "system", "")


@dataclass
class Tx:
    """Handle passed to `apply`: record what changed; events are written at commit.

    `before_commit(key, fn)`: fn(tx) runs once, after `apply`, in the same transaction (its
    writes and events commit with it). `after_commit(key, fn)`: fn() runs once the outermost
    transaction has committed (inside another transaction it runs before that one's commit, as
    before_commit). Both keep the first fn given for a key; store.generate plans the guests a
    write changed this way."""

    actor: Actor
    action: str
    events: list[dict[str, Any]] = field(default_factory=list)
    committing: bool = False
    starts_chain: bool = False  # the first event begins a new audit chain (store/auditchain.py)
    hooks: dict[str, Callable] = field(default_factory=dict)
    later: dict[str, Callable] = field(default_factory=dict)
    nested: bool = False
    data: dict[str, Any] = field(default_factory=dict)  # what the hooks collect (e.g. guests to plan)

    def record(self, entity: str, entity_id: int | None, before: Any = None, after: Any = None,
               *, guest: int | None = None, action: str | None = None) -> None:
        self.events.append({
            "action": action or self.action, "entity": entity, "entity_id": entity_id,
            "guest": guest, "before": before, "after": after,
        })

    def before_commit(self, key: str, fn: Callable[["Tx"], Any]) -> None:
        self.hooks.setdefault(key, fn)

    def after_commit(self, key: str, fn: Callable[[], Any]) -> None:
        if self.nested:
            self.hooks.setdefault(key, lambda tx: fn())
        else:
            self.later.setdefault(key, fn)

    def restart(self) -> "Tx":
        """Forget what a failed attempt recorded (and asked for) before `apply` runs again."""
        self.events.clear()
        self.hooks.clear()
        self.later.clear()
        self.data.clear()
        self.committing = False
        self.starts_chain = False
        return self

    @property
    def now(self):
        return clock.now()


def write(actor: Actor, action: str, apply: Callable[[Tx], T]) -> T:
    """Run `apply` in one write transaction with its events; wait in turn if others write."""
    if db.in_transaction():
        return _once(actor, action, apply, Tx(actor, action, nested=True), outermost=False)
    tx = Tx(actor, action)
    started = time.monotonic()
    key = next(_pending_ids)
    sqlite = isinstance(db.obj, pw.SqliteDatabase)  # PostgreSQL writers do not queue
    _pending[key] = Pending(action, started, started + WAIT_LIMIT_S, threading.get_ident(), sqlite)
    try:
        if sqlite:
            result = _write_sqlite(actor, action, apply, tx, key)
        else:
            result = _write_server(actor, action, apply, tx)
    except (pw.OperationalError, pw.InterfaceError) as exc:
        fault = faults.translate(exc, committing=tx.committing)
        if fault is None:
            raise
        raise fault from exc
    finally:
        _pending.pop(key, None)
    for fn in tx.later.values():  # after the commit and out of the line: they may write themselves
        fn()
    return result


def _write_sqlite(actor: Actor, action: str, apply: Callable[[Tx], T], tx: Tx, key: int) -> T:
    """Take this process's turn (store/writelock.py), then BEGIN IMMEDIATE within what is left
    of the wait limit: time spent queueing counts, so a stuck lock fails everyone on time."""
    check = getattr(db.obj, "before_write", None)
    if check is not None:
        check()  # a deleted or replaced file refuses the write before it waits for anyone
    waiting = _pending[key]
    turn = writelock.turn_for(db.database)
    if turn is not None:
        try:
            turn.acquire(waiting.deadline)
        except writelock.Timeout:
            raise faults.busy() from None
    try:
        _pending[key] = Pending(action, waiting.started, waiting.deadline, waiting.thread, False)
        configured = _busy_timeout_ms()
        left_ms = max(0, int((waiting.deadline - time.monotonic()) * 1000))
        if left_ms > configured - 100:  # hardly queued: keep the connection's own timeout
            return _once(actor, action, apply, tx)
        with _busy_timeout(left_ms):
            return _once(actor, action, apply, tx)
    finally:
        if turn is not None:
            turn.release()


def _write_server(actor: Actor, action: str, apply: Callable[[Tx], T], tx: Tx) -> T:
    reconnected = False
    for attempt in range(LOCK_RETRIES + 1):
        try:
            return _once(actor, action, apply, tx)
        except (pw.OperationalError, pw.InterfaceError) as exc:
            if faults.is_connection_lost(exc) and not reconnected and not tx.committing:
                _reconnect()
                reconnected = True
            elif not _is_lock_error(exc) or attempt == LOCK_RETRIES:
                raise
            else:
                time.sleep(random.uniform(0.002, 0.02) * (attempt + 1))
            tx.restart()
    raise AssertionError("unreachable")


def _once(actor: Actor, action: str, apply: Callable[[Tx], T], tx: Tx, outermost: bool = True) -> T:
    with _transaction():
        if outermost and (check := getattr(db.obj, "check_file", None)) is not None:
            check()  # inside the lock: the file at the path is still the one being written
        result = apply(tx)
        if not tx.events:
            tx.record("", None)
        _append_events(tx)  # before the hooks': the log reads in the order things happened
        _run_hooks(tx)
        tx.committing = True  # from here a broken connection leaves the outcome unknown
    return result


def _run_hooks(tx: Tx) -> None:
    """The before-commit hooks `apply` asked for, each once (a hook may ask for another), then
    the events they recorded on `tx`."""
    written, done = len(tx.events), set()
    while len(done) < len(tx.hooks):
        key = next(k for k in tx.hooks if k not in done)
        done.add(key)
        tx.hooks[key](tx)
    if len(tx.events) > written:
        _append_events(tx, tx.events[written:])


class _busy_timeout:
    """Set this connection's SQLite busy timeout for a block, then put the configured one back."""

    def __init__(self, ms: int):
        self.ms = ms

    def __enter__(self):
        db.connection().execute(f"PRAGMA busy_timeout={int(self.ms)}")

    def __exit__(self, *exc):
        db.connection().execute(f"PRAGMA busy_timeout={_busy_timeout_ms()}")


def _busy_timeout_ms() -> int:
    """The connections' own busy timeout: the wait limit (store/db.py sets it on each)."""
    return int(WAIT_LIMIT_S * 1000)


def _reconnect() -> None:
    """Drop a dead server connection and open a new one (the next statement would anyway)."""
    try:
        db.close()
    except Exception:  # closing a dead connection may itself complain
        pass
    db.connect(reuse_if_open=True)


def _transaction():
    if isinstance(db.obj, pw.SqliteDatabase) and not db.in_transaction():
        return db.atomic("IMMEDIATE")
    return db.atomic()


_EVENT_COLUMNS = tuple(name for name in auditchain.hashed_fields() if name not in ("id", "prev"))


def _append_events(tx: Tx, events: list[dict[str, Any]] | None = None) -> None:
    """Insert the event rows, sealed in the audit chain, with one cached statement (the write
    lock is held meanwhile: store/auditchain.py). `events`: the hooks' later ones."""
    seat = terminal.seat()  # who sits at this terminal: every event says (store/terminal.py)
    base = {"at": clock.now(), "staff": tx.actor.staff_id, "staff_name": tx.actor.name,
            "terminal": tx.actor.terminal, "os_user": seat.os_user, "tty": seat.tty, "client": seat.client}
    fields = [Event._meta.fields[name] for name in _EVENT_COLUMNS]
    rows = [tuple(f.db_value(ev[f.name] if f.name in ev else base[f.name]) for f in fields)
            for ev in (tx.events if events is None else events)]
    auditchain.append(_EVENT_COLUMNS, rows, start=tx.starts_chain and events is None)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def append_view_event(actor: Actor, entity: str, entity_id: int, guest: int | None = None) -> None:
    """Audit a read (opening a guest file): its own tiny write."""
    write(actor, f"{entity}.view", lambda tx: tx.record(entity, entity_id, guest=guest))
