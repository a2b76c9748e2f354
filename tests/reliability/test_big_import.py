"""Big imports in short transactions: other terminals save while a file is imported, nobody ever
sees part of a file, and an import killed at any point leaves nothing behind.

A 10,000-row file held the write turn 37-55 s in one transaction of ~40,000 statements. Now the
rows are staged without the lock and published in one write of a few set-based statements
(store/import_stage.py); its time is measured in bench/bench_import.py, these tests check the
structure and what readers and writers see."""
from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from store import db as store_db
from store.writes import SYSTEM
from tests.reliability.helpers import CTX, prepare_center, write_note

ROWS = 3000


def guests_csv(path, rows: int = ROWS, first_phone: int = 0):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("姓名,手机,预产期,签约日期,套餐天数,备注\n")
        for i in range(rows):
            note = "喜欢安静" if i % 4 == 0 else ""
            fh.write(f"客户{i},13{first_phone + i:09d},2027-0{1 + i % 9}-15,2026-06-01,28,{note}\n")
    return path


def _counts(target: str) -> tuple[int, int, int, int]:
    """Guests, stays, notes and the import's events in one read (one snapshot on either backend);
    planning the new guests comes after the publish, in writes of its own, and is not counted."""
    from store.models import db

    return tuple(db.execute_sql(
        "SELECT (SELECT COUNT(*) FROM guest), (SELECT COUNT(*) FROM stay), (SELECT COUNT(*) FROM note), "
        "(SELECT COUNT(*) FROM event WHERE action NOT IN ('tasks.generate', 'tasks.replan'))").fetchone())


@pytest.fixture
def center(db_url, frozen_clock):
    store_db.close()
    prepare_center(db_url)
    store_db.open_database(db_url)
    yield db_url
    store_db.close()


def test_the_import_writes_in_one_short_transaction_of_set_statements(sqlite_store, tmp_path):
    """The structure that keeps other writers' wait short: the file's rows are not written one
    statement at a time inside the lock (10,000 rows: ~40,000 statements, 37-55 s)."""
    from store.importer import import_file

    statements, in_write = [], [False]

    def trace(sql: str) -> None:
        head = sql.lstrip()[:16].upper()
        if head.startswith("BEGIN IMMEDIATE"):
            in_write[0] = True
            statements.append([])
        elif head.startswith(("COMMIT", "ROLLBACK")):
            in_write[0] = False
        elif in_write[0]:
            statements[-1].append(sql)

    sqlite_store.connection().set_trace_callback(trace)
    try:
        report = import_file(guests_csv(tmp_path / "g.csv"), actor=SYSTEM)
    finally:
        sqlite_store.connection().set_trace_callback(None)
    assert report.imported == ROWS
    assert len(statements) == 1, "the import takes the write turn once, to publish"
    assert len(statements[0]) < 20, statements[0][:5]


def _import_paused(target: str, csv: str, where: str, ready, out) -> None:
    """Import `csv`, stopping at `where` ("staging": after the first staged chunk, "publish":
    inside the publishing transaction) until killed or released."""
    from store import import_stage
    from store.importer import import_file

    store_db.open_database(target)
    import_stage.CHUNK = 500
    original = {"staging": import_stage._stage_chunk, "publish": import_stage._rooms}[where]

    def pause(*args):
        original(*args)
        ready.set()
        time.sleep(60)

    setattr(import_stage, {"staging": "_stage_chunk", "publish": "_rooms"}[where], pause)
    try:
        out.put(import_file(csv, actor=SYSTEM).imported)
    except Exception as exc:  # reported to the test
        out.put(repr(exc))


def test_others_save_while_a_big_file_is_staged(center, tmp_path, short_wait):
    """Staging holds no lock: a nurse's note goes in at once (the wait limit is 0.5 s here)."""
    before = _counts(center)
    ready, out = CTX.Event(), CTX.Queue()
    child = CTX.Process(target=_import_paused, args=(center, str(guests_csv(tmp_path / "g.csv")),
                                                      "staging", ready, out))
    child.start()
    try:
        assert ready.wait(60)
        started = time.monotonic()
        write_note(1, 0, "during the import")
        assert time.monotonic() - started < 0.5
        assert _counts(center)[0] == before[0]  # nothing of the file shows yet
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)


@pytest.mark.parametrize("where", ["staging", "publish"])
def test_an_import_killed_midway_leaves_nothing_and_can_be_run_again(center, tmp_path, where):
    from store.importer import import_file

    csv = str(guests_csv(tmp_path / "g.csv"))
    before = _counts(center)
    ready, out = CTX.Event(), CTX.Queue()
    child = CTX.Process(target=_import_paused, args=(center, csv, where, ready, out))
    child.start()
    assert ready.wait(60)
    os.kill(child.pid, signal.SIGKILL)  # a closed terminal, the OOM killer, a power cut of the process
    child.join(10)
    assert _counts(center) == before
    if store_db.is_sqlite():
        conn = sqlite3.connect(center)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
    report = import_file(csv, actor=SYSTEM)  # nothing half-done stands in its way
    assert report.imported == ROWS and not report.errors
    guests, stays, notes, events = _counts(center)
    assert (guests - before[0], stays - before[1], notes - before[2]) == (ROWS, ROWS, ROWS // 4)


def _watch(target: str, stop, out) -> None:
    """Count guests, stays, notes and events over and over until stopped: every state seen."""
    store_db.open_database(target)
    seen = set()
    while not stop.is_set():
        seen.add(_counts(target))
    store_db.close()
    out.put(seen)


def test_readers_see_all_of_a_file_or_none_of_it(center, tmp_path):
    from store.importer import import_file

    before = _counts(center)
    stop, out = CTX.Event(), CTX.Queue()
    reader = CTX.Process(target=_watch, args=(center, stop, out))
    reader.start()
    try:
        report = import_file(guests_csv(tmp_path / "g.csv"), actor=SYSTEM)
        time.sleep(0.2)  # the reader's next rounds see the final state too
    finally:
        stop.set()
        seen = out.get(timeout=30)
        reader.join(10)
    after = _counts(center)
    assert report.imported == ROWS
    assert seen <= {before, after} and after in seen, sorted(seen)
    events_per_guest = (after[3] - before[3] - 1) / ROWS  # the import.file event aside
    assert events_per_guest == 2.25  # guest.add, stay.add, and note.add for every fourth
