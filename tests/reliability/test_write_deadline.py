"""No write waits for ever: a stopped or dead holder of the write turn makes the others give up
on time with the "database is busy" message (store.writes.WAIT_LIMIT_S), and the line goes on.

Each test runs the waiting write in a thread and joins it with a generous timeout, so code that
waits for ever (a blocking flock with no deadline) fails the test instead of hanging it."""
from __future__ import annotations

import fcntl
import os
import signal
import threading
import time

import pytest

from store import faults, writelock, writes
from tests.reliability.helpers import CTX, prepare_center, write_note

HANG = 20  # seconds: far beyond any deadline here; reaching it means "waited for ever"


def _attempt(fn) -> dict:
    """Run fn in a thread; what it raised (or returned) and how long it took, or "hung"."""
    out: dict = {}

    def run():
        started = time.monotonic()
        try:
            out["value"] = fn()
        except BaseException as exc:  # the test looks at it
            out["error"] = exc
        out["took"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG)
    if thread.is_alive():
        out["hung"] = True
    return out


def _hold_in_a_write(target: str, ready, inside_sqlite: bool) -> None:
    """A writer that takes its turn (and SQLite's lock, if asked) and then never finishes."""
    from store import db as store_db
    from store.writes import SYSTEM, write

    store_db.open_database(target)
    if inside_sqlite:
        def apply(tx):
            write_note(9, 0, "holder")  # nested: part of this transaction
            ready.set()
            time.sleep(120)

        write(SYSTEM, "holder.write", apply)
    else:
        with writelock.turn_for(target).held():
            ready.set()
            time.sleep(120)


@pytest.fixture
def center(tmp_path, frozen_clock, short_wait):
    from store import db as store_db

    target = str(tmp_path / "center.db")
    prepare_center(target)
    yield target
    store_db.close()


@pytest.mark.parametrize("inside_sqlite", [True, False], ids=["in its transaction", "in the line only"])
def test_a_stopped_holder_makes_the_next_writer_give_up_with_the_message(center, inside_sqlite):
    from store import db as store_db
    from store.models import Note

    ready = CTX.Event()
    holder = CTX.Process(target=_hold_in_a_write, args=(center, ready, inside_sqlite))
    holder.start()
    try:
        assert ready.wait(30)
        os.kill(holder.pid, signal.SIGSTOP)  # a terminal suspended with ctrl+z, a hung process
        store_db.open_database(center)
        result = _attempt(lambda: write_note(1, 0, "nurse"))
        assert "hung" not in result, "the write waited for ever behind a stopped holder"
        assert isinstance(result.get("error"), faults.Busy), result
        assert 0.4 <= result["took"] < 5
        message = str(result["error"])
        assert "the database is busy" in message and "your text is kept" in message
        assert Note.select().where(Note.text.startswith("nurse")).count() == 0
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)
    write_note(1, 1, "nurse")  # the holder is gone: the next save goes through
    assert Note.select().where(Note.text.startswith("nurse")).count() == 1


def _hold_then_die_leaving_a_child(target: str, ready) -> None:
    """Takes its turn, forks a child that keeps the open files (and so the place's flock), dies."""
    from store import db as store_db

    store_db.open_database(target)
    writelock.turn_for(target).acquire()
    if os.fork() == 0:
        time.sleep(120)  # the child: holds the inherited place until it is killed
        os._exit(0)
    ready.set()
    time.sleep(120)


def test_a_dead_holder_whose_place_outlives_it_does_not_block_for_ever(center):
    """The kernel frees a dead process's flocks only when the last copy of the file closes: a
    child forked in the turn keeps it. The others give up on time, with the message."""
    from store import db as store_db

    ready = CTX.Event()
    holder = CTX.Process(target=_hold_then_die_leaving_a_child, args=(center, ready))
    holder.start()
    assert ready.wait(30)
    orphan = _children_of(holder.pid)
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(10)
    try:
        store_db.open_database(center)
        result = _attempt(lambda: write_note(1, 0, "nurse"))
        assert "hung" not in result, "the write waited for ever behind a dead holder"
        assert isinstance(result.get("error"), faults.Busy), result
    finally:
        for pid in orphan:
            os.kill(pid, signal.SIGKILL)
    write_note(1, 1, "nurse")


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def test_writers_behind_one_that_gave_up_go_on_in_order(tmp_path):
    """A writer that gives up lets its place go: the one behind it is not stuck behind it."""
    path = str(tmp_path / "center.db")
    stuck, ours = writelock.turn_for(path), []
    ready, release = threading.Event(), threading.Event()

    def holder():
        with stuck.held():
            ready.set()
            release.wait(30)

    first = threading.Thread(target=holder)
    first.start()
    assert ready.wait(5)
    gave_up = _attempt(lambda: writelock.turn_for(path).held(time.monotonic() + 0.2).__enter__())
    assert isinstance(gave_up.get("error"), writelock.Timeout)
    release.set()
    first.join(5)

    def writer(i):
        with writelock.turn_for(path).held(time.monotonic() + 5):
            ours.append(i)

    for i in range(3):
        result = _attempt(lambda i=i: writer(i))
        assert "error" not in result and "hung" not in result, result
    assert ours == [0, 1, 2]


def test_a_place_still_held_from_a_lap_ago_is_skipped(tmp_path):
    """Tickets wrap around SLOTS places: if the writer that had this place a lap ago is stopped
    and still holds it, the next ticket is taken instead of waiting on it (while holding the
    counter, which would stop every writer of the file)."""
    path = str(tmp_path / "center.db")
    turn = writelock.turn_for(path)
    with turn.held():  # makes the files; ticket 0 taken and let go
        pass
    lap_ago = os.open(f"{path}-wturn.d/1", os.O_RDWR | os.O_CREAT, 0o660)
    fcntl.flock(lap_ago, fcntl.LOCK_EX)  # ticket 1's place, as if held by ticket 1 - SLOTS
    try:
        result = _attempt(lambda: turn.held(time.monotonic() + 5).__enter__())
        assert "hung" not in result and "error" not in result, result
        assert result["took"] < 1
        turn.release()
        with open(f"{path}-wturn", "rb") as fh:
            assert int.from_bytes(fh.read(8), "little") == 3  # 1 skipped, 2 taken
    finally:
        os.close(lap_ago)


def test_a_stopped_process_holding_the_ticket_counter_does_not_stop_the_line(tmp_path):
    path = str(tmp_path / "center.db")
    with writelock.turn_for(path).held():
        pass
    counter = os.open(f"{path}-wturn", os.O_RDWR)
    fcntl.flock(counter, fcntl.LOCK_EX)  # stopped in the microseconds it takes a ticket
    try:
        result = _attempt(lambda: writelock.turn_for(path).held(time.monotonic() + 0.3).__enter__())
        assert isinstance(result.get("error"), writelock.Timeout), result
    finally:
        os.close(counter)


def test_pending_writes_are_visible_to_another_thread_while_they_wait(tmp_path, frozen_clock, short_wait):
    """What the UI reads to say "saving…": the write, how long it has waited, until when."""
    from store import db as store_db

    target = str(tmp_path / "center.db")
    prepare_center(target)
    store_db.open_database(target)
    short_wait(10)
    turn = writelock.turn_for(target)
    ready, release = threading.Event(), threading.Event()

    def holder():
        with turn.held():
            ready.set()
            release.wait(30)

    first = threading.Thread(target=holder)
    first.start()
    assert ready.wait(5)
    saver = threading.Thread(target=lambda: write_note(1, 0, "nurse"))
    saver.start()
    deadline = time.monotonic() + 10
    while not writes.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    waiting = writes.pending()
    assert [(p.action, p.queued, p.thread) for p in waiting] == [("nurse.write", True, saver.ident)]
    assert 9 < waiting[0].deadline - waiting[0].started <= 10
    release.set()
    saver.join(10)
    first.join(5)
    assert writes.pending() == []
    store_db.close()


def test_the_wait_limit_is_checked():
    with pytest.raises(ValueError, match="between 0 and 3600"):
        writes.set_wait_limit(0)


@pytest.mark.pg
def test_postgres_row_lock_held_by_a_stopped_client_ends_in_busy(pg_database_url, frozen_clock, short_wait):
    """On PostgreSQL writers do not queue, but a stopped client can hold a row lock: lock_timeout."""
    from store import db as store_db
    from store.settings import get_setting, put_setting
    from store.writes import SYSTEM, write
    from tests.conftest import _reset_pg

    _reset_pg(pg_database_url)
    store_db.open_database(pg_database_url)
    write(SYSTEM, "setting", lambda tx: put_setting(tx, "center_name", "A"))
    other = store_db.build(pg_database_url)
    other.connect()
    other.execute_sql("BEGIN")
    other.execute_sql("SELECT * FROM setting WHERE key = 'center_name' FOR UPDATE")
    try:
        result = _attempt(lambda: write(SYSTEM, "setting", lambda tx: put_setting(tx, "center_name", "B")))
        assert isinstance(result.get("error"), faults.Busy), result
        assert result["took"] < 5
    finally:
        other.execute_sql("ROLLBACK")
        other.close()
    write(SYSTEM, "setting", lambda tx: put_setting(tx, "center_name", "C"))
    assert get_setting("center_name") == "C"
    store_db.close()


def test_a_center_sets_the_wait_limit_in_the_config_file(sqlite_store, tmp_path):
    from tui.app import make_app
    from tui.config import ConfigError, load_config, parse_config

    before = writes.WAIT_LIMIT_S
    path = tmp_path / "config.toml"
    path.write_text("write_wait_s = 30\n", encoding="utf-8")
    try:
        make_app(None, config=load_config(path))
        assert writes.WAIT_LIMIT_S == 30
        assert sqlite_store.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 30_000
    finally:
        writes.set_wait_limit(before)
    with pytest.raises(ConfigError, match="write_wait_s must be a number from 1 to 300"):
        parse_config({"write_wait_s": 0}, "c.toml")
    assert parse_config({}, "c.toml").write_wait_s is None  # the store's own default stays
