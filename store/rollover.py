"""The day's roll-over: once per database per local day, every guest's plan moves on to the new
horizon. Whichever terminal or command comes first after midnight claims it in a write; the
others skip it (the app: their screens follow the change feed) or wait for it (`carefloor due`,
whose list must include it). No scheduler needed.

    run(terminal)              # the app, after its first frame and when the local day changes
    run(terminal, wait=True)   # `carefloor due`
    catch_up(terminal)         # the app, when the day was already rolled over: anyone still behind

The claim is the setting `planning_rollover`: {day, books, by, host, pid, at, done}. It is taken
in a write (on PostgreSQL the row is locked first), so two processes never both roll over.
A claim left by a process that died (same host, its pid gone) or older than LEASE is taken
over. Edited playbooks (a new fingerprint) make a new roll-over the same day. Its events are by
`system (day roll-over)`.
"""
from __future__ import annotations

import datetime as dt
import os
import socket
import time

import arrow

from store import clock, generate, schedule
from store.db import is_sqlite
from store.models import Setting, db
from store.settings import put_setting
from store.writes import Actor, write

KEY = "planning_rollover"
LEASE = dt.timedelta(minutes=10)  # a claim this old with no result is taken over
POLL_S = 0.1
NAME = "system (day roll-over)"


def actor(terminal: str = "") -> Actor:
    return Actor(None, NAME, "system", terminal)


def pending() -> bool:
    """Whether today's roll-over is still to do (a cheap read: the app asks every minute)."""
    return not _finished(_read(), clock.today().isoformat(), schedule.playbook_fingerprint())


def run(terminal: str = "", *, wait: bool = False) -> generate.GenerationResult | None:
    """Roll over if no one has today; returns what it planned, None if someone else did (or does)."""
    who = actor(terminal)
    day, books = clock.today().isoformat(), schedule.playbook_fingerprint()
    deadline = time.monotonic() + LEASE.total_seconds()
    while True:
        state = _read()
        if _finished(state, day, books):
            return None
        if _claimable(state, day, books) and write(who, "tasks.rollover",
                                                   lambda tx: _claim(tx, day, books, terminal)):
            break
        if not wait or time.monotonic() > deadline:
            return None
        time.sleep(POLL_S)  # another process holds it: its result is what `due` lists
    try:
        result = generate.run(actor=who)
    except BaseException:
        write(who, "tasks.rollover.failed", lambda tx: _release(tx, day, books))
        raise
    write(who, "tasks.rollover.done", lambda tx: _finish(tx, day, books, result))
    return result


def catch_up(terminal: str = "") -> generate.GenerationResult | None:
    """Once today's roll-over is finished: plan any guest still behind (her write's planning cut
    short by a crash; a guest put in past the checks), so a terminal that starts finds her
    planned or her failure shown. None while a roll-over is due or in hand (it plans them)."""
    if not _finished(_read(), clock.today().isoformat(), schedule.playbook_fingerprint()):
        return None
    return generate.run(actor=actor(terminal))


def _read() -> dict:
    row = Setting.get_or_none(Setting.key == KEY)
    return row.value if row is not None and isinstance(row.value, dict) else {}


def _finished(state: dict, day: str, books: str) -> bool:
    return state.get("day") == day and state.get("books") == books and bool(state.get("done"))


def _claimable(state: dict, day: str, books: str) -> bool:
    """Not finished, and no live process is on it."""
    if _finished(state, day, books):
        return False
    return not (state.get("day") == day and state.get("books") == books) or _abandoned(state)


def _claim(tx, day: str, books: str, terminal: str) -> bool:
    if not _claimable(_locked(), day, books):
        return False  # someone was quicker
    put_setting(tx, KEY, {"day": day, "books": books, "by": terminal, "host": socket.gethostname(),
                          "pid": os.getpid(), "at": tx.now.isoformat(), "done": None})
    return True


def _locked() -> dict:
    """The claim as stored, its row locked for this write on PostgreSQL (SQLite: the write
    already holds the database's write lock)."""
    if is_sqlite():
        return _read()
    Setting.insert(key=KEY, value={}).on_conflict_ignore().execute()
    table, quote = Setting._meta.table_name, db.obj.quote
    db.execute_sql(f"SELECT 1 FROM {quote[0]}{table}{quote[1]} WHERE {quote[0]}key{quote[1]} = {db.obj.param} "
                   "FOR UPDATE", (KEY,))
    return _read()


def _abandoned(state: dict) -> bool:
    """The claim's process died (on this host), or it is older than LEASE."""
    if state.get("host") == socket.gethostname() and isinstance(state.get("pid"), int) and not _alive(state["pid"]):
        return True
    try:
        claimed = arrow.get(state.get("at"))
    except (TypeError, ValueError, arrow.parser.ParserError):
        return True
    return clock.now() - claimed > LEASE


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _release(tx, day: str, books: str) -> None:
    """A failed roll-over gives its claim up, so the next terminal or command tries again."""
    state = _locked()
    if state.get("day") == day and state.get("books") == books and state.get("pid") == os.getpid():
        put_setting(tx, KEY, {**state, "at": None})


def _finish(tx, day: str, books: str, result: generate.GenerationResult) -> None:
    state = _locked()
    put_setting(tx, KEY, {**state, "day": day, "books": books, "done": tx.now.isoformat(),
                          "guests": result.guests, "created": result.created,
                          "failures": len(result.failures)})
