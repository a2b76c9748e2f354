"""Each fault ends in a clear StoreError, nothing committed is lost, and the next save works.

What each test proves, honestly: disk full and the read-only folder are real (a 1 MiB tmpfs and
a read-only bind mount, both need root and are skipped without it); the read-only *file* uses
`PRAGMA query_only`, which makes SQLite return the same SQLITE_READONLY error a chmod 444 file
gives a non-root user (tests run as root, who ignores file modes).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time

import pytest

from store import db as store_db, faults
from tests.reliability.helpers import prepare_center, write_note


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path):
    point = tmp_path / "tiny"
    point.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)):
        pytest.skip("needs root to mount a 1 MiB tmpfs")
    yield point
    store_db.close()
    subprocess.run(["umount", "-l", str(point)], check=False)


def test_disk_full_is_a_clear_message_and_keeps_what_was_saved(tiny_disk, frozen_clock):
    target = str(tiny_disk / "center.db")
    prepare_center(target)
    store_db.open_database(target)
    saved = 0
    with pytest.raises(faults.DiskFull) as caught:
        for k in range(1000):
            write_note(0, k, "full" + "x" * 20_000)  # ~20 kB a note: the disk fills in a few dozen
            saved += 1
    assert "disk holding the database is full" in str(caught.value)
    assert "nothing was saved" in str(caught.value)
    from store.models import Note

    assert saved > 0 and Note.select().count() == saved
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


@pytest.fixture
def center(sqlite_store):
    """A SQLite center with guest 1 (the notes' owner)."""
    import datetime as dt

    from store import clock
    from store.models import Guest

    Guest.insert(name="test", entered_on=dt.date(2026, 11, 1), created_at=clock.now()).execute()
    return sqlite_store


def test_read_only_database_file_says_so(center):
    sqlite_store = center
    write_note(0, 0, "ro")
    sqlite_store.connection().execute("PRAGMA query_only=1")
    with pytest.raises(faults.ReadOnly) as caught:
        write_note(0, 1, "ro")
    assert "cannot be written" in str(caught.value)
    sqlite_store.connection().execute("PRAGMA query_only=0")
    write_note(0, 2, "ro")
    from store.models import Note

    assert Note.select().count() == 2


def test_read_only_folder_refuses_writes_clearly(tmp_path, frozen_clock):
    """A real read-only mount (a file on a CD, a folder mounted ro): opening and reading still works."""
    source, view = tmp_path / "rw", tmp_path / "ro"
    source.mkdir(), view.mkdir()
    prepare_center(str(source / "center.db"))
    # DELETE mode so a read-only mount can still be read (WAL needs its -shm file)
    conn = sqlite3.connect(source / "center.db")
    conn.execute("PRAGMA journal_mode=delete")
    conn.close()
    if not (_mount("--bind", str(source), str(view)) and _mount("-o", "remount,ro,bind", str(view))):
        subprocess.run(["umount", "-l", str(view)], check=False)
        pytest.skip("needs root to make a read-only bind mount")
    try:
        with pytest.raises(faults.StoreError) as caught:
            store_db.open_database(str(view / "center.db"), create=False)
            write_note(0, 0, "ro")
        assert isinstance(caught.value, faults.DatabaseUnavailable)
        assert "folder is read-only" in str(caught.value)
    finally:
        store_db.close()
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_locked_longer_than_the_wait_limit(center, sqlite_url, short_wait):
    short_wait(0.3)
    other = sqlite3.connect(sqlite_url, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # someone (the sqlite3 shell?) holds the write lock
    started = time.monotonic()
    with pytest.raises(faults.Busy) as caught:
        write_note(0, 0, "busy")
    waited = time.monotonic() - started
    other.execute("ROLLBACK")
    other.close()
    assert 0.25 < waited < 3
    assert "the database is busy" in str(caught.value) and "your text is kept" in str(caught.value)
    write_note(0, 1, "busy")  # the lock is gone: the same save works


def test_network_file_system_warns_at_start(tmp_path, monkeypatch, frozen_clock):
    mounts = ["/dev/vda / ext4 rw 0 0\n", f"server:/export {tmp_path} nfs4 rw,relatime 0 0\n"]
    monkeypatch.setattr(faults, "_read_mounts", lambda: mounts)
    store_db.open_database(str(tmp_path / "center.db"))
    store_db.close()
    assert len(faults.warnings) == 1 and "network file system (nfs4)" in faults.warnings[0]
    monkeypatch.setattr(faults, "_read_mounts", lambda: mounts[:1])
    store_db.open_database(str(tmp_path / "center.db"))
    store_db.close()
    assert faults.warnings == []


def test_filesystem_type_takes_the_longest_mount_point(tmp_path):
    mounts = ["/dev/vda / ext4 rw 0 0", f"srv:/x {tmp_path.parent} cifs rw 0 0", f"tmpfs {tmp_path} tmpfs rw 0 0"]
    assert faults.filesystem_type(tmp_path / "a.db", lambda: mounts) == "tmpfs"
    assert faults.network_fs_warning(tmp_path / "a.db", lambda: mounts) is None
    assert faults.network_fs_warning(tmp_path.parent / "a.db", lambda: mounts) is not None


def test_translate_leaves_other_errors_alone_and_flags_an_unknown_commit():
    assert faults.translate(sqlite3.IntegrityError("UNIQUE constraint failed: room.number")) is None
    lost = faults.translate(Exception("server closed the connection unexpectedly"), committing=True)
    assert isinstance(lost, faults.ConnectionLost) and "may or may not have been saved" in str(lost)


@pytest.mark.pg
def test_postgres_connection_lost_reconnects_and_the_write_succeeds(pg_database_url, frozen_clock):
    from tests.conftest import _reset_pg

    _reset_pg(pg_database_url)
    prepare_center(pg_database_url)
    database = store_db.open_database(pg_database_url)
    try:
        write_note(0, 0, "pg")
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        killer = store_db.build(pg_database_url)
        killer.connect()
        killer.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        killer.close()
        write_note(0, 1, "pg")  # the dead connection is noticed, reopened, and the save goes through
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        killer.connect()
        killer.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        killer.close()
        from store.changes import latest_event_id

        assert latest_event_id() >= 2  # a live poll (a read) reconnects by itself too
        from store.models import Note

        assert [n.text for n in Note.select().order_by(Note.id)] == ["pg p0 k0 r0", "pg p0 k1 r0"]
        assert database.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
    finally:
        store_db.close()
