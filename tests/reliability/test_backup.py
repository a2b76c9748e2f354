"""Backups while others write, restores that check first, the daily copy that keeps N."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time

import pytest

from store import backup, db as store_db
from store.errors import SchemaTooNew
from tests.reliability.helpers import CTX, acking_writer, drain, prepare_center, read_acks


def _texts(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT text FROM note")}
    finally:
        conn.close()


def _integrity(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_backup_while_another_process_writes_is_consistent_and_complete(tmp_path, frozen_clock):
    live = str(tmp_path / "center.db")
    prepare_center(live)
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    writer = CTX.Process(target=acking_writer, args=(live, 0, "bk", write_end))
    writer.start()
    os.close(write_end)
    raw = bytearray()
    deadline = time.monotonic() + 30
    while len(read_acks(bytes(raw))) < 20 and time.monotonic() < deadline:
        raw += drain(read_end)
        time.sleep(0.01)
    before = read_acks(bytes(raw + drain(read_end)))  # committed before the backup starts
    made = backup.backup_file(live, tmp_path / "copy.db")
    time.sleep(0.2)  # the writer keeps going after the snapshot
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(timeout=10)
    os.close(read_end)
    assert len(before) >= 20
    assert _integrity(made) == "ok"
    texts = _texts(made)
    assert all(f"bk p0 k{k} r0" in texts for _, k in before)
    assert len(_texts(live)) > len(texts)  # the writer went on: the copy is a snapshot, not a stop
    assert oct(os.stat(made).st_mode & 0o777) == "0o600"  # pytest's folders are the account's own
    os.environ["CAREFLOOR_AUDIT_KEY"] = f"{live}-audit.key"  # a copy elsewhere opens with the center's key
    try:
        store_db.open_database(str(made), create=False)  # a backup is a center the app can open
        from store.auditverify import verify

        assert verify().intact  # and its audit chain is whole up to the moment of the copy
    finally:
        del os.environ["CAREFLOOR_AUDIT_KEY"]
        store_db.close()


@pytest.fixture
def center(tmp_path, frozen_clock):
    live = tmp_path / "center.db"
    prepare_center(str(live))
    return live


def test_restore_puts_the_backup_back_and_keeps_the_previous_database(center, tmp_path):
    from tests.reliability.helpers import write_note

    store_db.open_database(str(center))
    write_note(0, 0, "keep")
    store_db.close()
    copy = backup.backup_file(center, tmp_path / "copy.db")
    store_db.open_database(str(center))
    write_note(0, 1, "after")  # made after the backup: the restore takes it away
    restored, previous = backup.restore(copy, center)
    assert restored.events == 1 + 0 and _integrity(center) == "ok"
    from store.models import Note

    # the same open connection sees the restored file (the backup API wrote through SQLite)
    assert [n.text for n in Note.select()] == ["keep p0 k0 r0"]
    store_db.close()
    assert "after p0 k1 r0" in _texts(previous)
    conn = sqlite3.connect(center)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_restore_refuses_a_file_that_is_not_a_database(center, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is a spreadsheet, not a database" * 200)
    before = center.read_bytes()
    with pytest.raises(backup.BackupError, match="not a readable carefloor database"):
        backup.restore(junk, center)
    assert center.read_bytes() == before


def test_restore_refuses_a_damaged_backup(center, tmp_path):
    copy = backup.backup_file(center, tmp_path / "copy.db")
    damaged = tmp_path / "damaged.db"
    shutil.copy(copy, damaged)
    conn = sqlite3.connect(damaged)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'event'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(damaged, "r+b") as handle:  # scribble over the event table's root page
        handle.seek((root - 1) * page)
        handle.write(b"\xff" * 64)
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(damaged, center)
    assert "damaged" in str(caught.value) or "not a readable" in str(caught.value)
    assert _integrity(center) == "ok"


def test_restore_refuses_a_backup_from_a_newer_carefloor(center, tmp_path):
    from store.migrations import LATEST

    copy = backup.backup_file(center, tmp_path / "copy.db")
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE schema_version SET version = ?", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="newer carefloor"):
        backup.restore(copy, center)


def test_restore_refuses_a_sqlite_file_of_another_program(center, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(backup.BackupError, match="not a carefloor database"):
        backup.restore(other, center)


def test_daily_backup_once_a_day_keeping_the_last_n(center, tmp_path, frozen_clock):
    folder = tmp_path / "daily"
    made = []
    for day in range(5):
        made.append(backup.daily_backup_if_due(center, folder, keep=3))
        assert backup.daily_backup_if_due(center, folder, keep=3) is None  # second start that day
        frozen_clock.advance(days=1)
    assert all(made)
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in made[-3:]]
    assert made[-1].name == "carefloor-2026-11-27.db"


def test_backup_refuses_to_overwrite(center, tmp_path):
    backup.backup_file(center, tmp_path / "copy.db")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup_file(center, tmp_path / "copy.db")


def test_cli_backup_then_restore(center, tmp_path, capsys):
    from tui.cli import main

    assert main(["backup", str(tmp_path / "b.db"), "--db", str(center)]) == 0
    assert main(["restore", str(tmp_path / "b.db"), "--db", str(center), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "b.db" in out and "before-restore" in out and "open carefloor terminals say so" in out
    junk = tmp_path / "junk.db"
    junk.write_text("nope")
    assert main(["restore", str(junk), "--db", str(center), "--yes"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("carefloor: ") and "Traceback" not in err and len(err.splitlines()) == 1


def test_app_start_makes_the_days_backup_and_passes_on_warnings(center, monkeypatch):
    from store import faults
    from tui import autobackup

    class FakeApp:
        is_running = True
        told: list[str] = []

        def call_from_thread(self, fn, *args, **kwargs):
            fn(*args, **kwargs)

        def notify(self, message, **kwargs):
            self.told.append(message)

    store_db.open_database(str(center))
    monkeypatch.setattr(faults, "warnings", ["the database is on a network file system (nfs)"])
    app = FakeApp()
    autobackup.start(app, str(center)).join(timeout=30)
    store_db.close()
    assert [p.name for p in (center.parent / "backups").iterdir()] == ["carefloor-2026-11-23.db"]
    assert app.told == ["the database is on a network file system (nfs)"]


def test_automatic_backups_can_be_turned_off(center):
    from store.settings import put_setting
    from store.writes import SYSTEM, write

    store_db.open_database(str(center))
    write(SYSTEM, "setting.put", lambda tx: put_setting(tx, "backup_keep", 0))
    assert backup.auto_backup(str(center)) is None
    store_db.close()
    assert not (center.parent / "backups").exists()


def test_restore_behind_a_stopped_writer_gives_up_and_changes_nothing(center, tmp_path, short_wait):
    """A terminal stopped in its turn (kill -STOP) must not hold a restore for ever."""
    from store import writelock

    copy = backup.backup_file(center, tmp_path / "copy.db")
    ready = CTX.Event()
    holder = CTX.Process(target=_hold_turn, args=(str(center), ready))
    holder.start()
    try:
        assert ready.wait(30)
        os.kill(holder.pid, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.raises(backup.BackupError, match="is busy"):
            backup.restore(copy, center)
        assert time.monotonic() - started < 10
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)
    assert writelock.turn_for(center) is not None and _integrity(center) == "ok"


def _hold_turn(path: str, ready) -> None:
    from store import writelock

    with writelock.turn_for(path).held():
        ready.set()
        time.sleep(120)
