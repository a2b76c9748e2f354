"""Write turns: writers queue on an flock beside the file; a dead holder never blocks anyone."""
from __future__ import annotations

import os
import signal
import threading
import time

from store import writelock
from tests.reliability.helpers import CTX, write_note


def test_a_writer_waits_for_the_turn_then_saves(sqlite_store, sqlite_url):
    import datetime as dt

    from store import clock
    from store.models import Guest, Note

    Guest.insert(name="t", entered_on=dt.date(2026, 11, 1), created_at=clock.now()).execute()
    turn = writelock.turn_for(sqlite_url)
    held, release = threading.Event(), threading.Event()

    def holder():
        with turn.held():  # this thread's own open file: a separate place in the queue
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    write_note(0, 0, "turn")
    assert time.monotonic() - started >= 0.25
    thread.join()
    assert Note.select().count() == 1


def _hold_forever(path: str, ready) -> None:
    with writelock.turn_for(path).held():
        ready.set()
        time.sleep(60)


def test_a_killed_holder_releases_its_turn(tmp_path):
    path = str(tmp_path / "center.db")
    ready = CTX.Event()
    child = CTX.Process(target=_hold_forever, args=(path, ready))
    child.start()
    assert ready.wait(10)
    os.kill(child.pid, signal.SIGKILL)
    child.join(5)
    started = time.monotonic()
    with writelock.turn_for(path).held():
        pass
    assert time.monotonic() - started < 1


def test_sqlite_connections_cap_the_wal_file(sqlite_store):
    """After each checkpoint the -wal file is cut back to 64 MiB (RELIABILITY.md: WAL under 64 MB)."""
    assert sqlite_store.execute_sql("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024 * 1024
    assert sqlite_store.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL: care records
