"""The database file under a running carefloor: deleted, moved, replaced, or restored.

A process keeps writing into the file it opened even after the path points elsewhere; and each
thread opens its own connection, which made SQLite create a new empty database at a deleted
path. Every write and every new connection now checks the file at the path is the one opened
(device and inode): else a clear refusal, and never a new file at the path."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading

import pytest

from store import clock, db as store_db, filecheck
from store.notes import add_note
from store.writes import SYSTEM, write
from tests.reliability.helpers import write_note


def _center(path: str, guest: str, room: str = "801") -> None:
    """A migrated center whose room `room` holds `guest` (admitted)."""
    from store.guests_write import create_guest, create_stay
    from store.models import Floor, Room

    store_db.open_database(path)

    def apply(tx):
        floor = Floor.create(number=8)
        room_id = Room.create(floor=floor, number=room, status="occupied").id
        guest_id = create_guest(tx, name=guest, entered_on=dt.date(2026, 11, 1))
        create_stay(tx, guest_id=guest_id, contract_no=f"C-{guest}", room=room_id, status="admitted",
                    admitted_on=dt.date(2026, 11, 20))

    write(SYSTEM, "test.center", apply)
    store_db.close()


def _in_thread(fn):
    """fn() in a new thread (a new connection, as a screen's worker has): its result or error."""
    out = {}

    def run():
        try:
            out["value"] = fn()
        except Exception as exc:
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return out


def _notes(path: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM note")]
    finally:
        conn.close()


@pytest.fixture
def center(tmp_path, frozen_clock):
    path = str(tmp_path / "center.db")
    _center(path, "甲")
    store_db.open_database(path)
    yield path
    store_db.close()


def test_deleted_file_refuses_the_next_write_and_no_empty_file_appears(center):
    nurse_note = lambda: add_note(SYSTEM, "801 slept 5h")  # noqa: E731
    nurse_note()
    os.unlink(center)
    with pytest.raises(filecheck.FileChanged) as caught:
        nurse_note()
    assert "is gone (deleted or moved)" in str(caught.value) and "your text is kept" in str(caught.value)
    assert store_db.file_status() == "gone"
    in_worker = _in_thread(nurse_note)  # a screen's worker: a new connection
    assert isinstance(in_worker.get("error"), filecheck.FileChanged), in_worker
    from store.models import Note

    in_worker = _in_thread(lambda: Note.select().count())  # reading too: no new file
    assert isinstance(in_worker.get("error"), filecheck.FileChanged), in_worker
    assert not os.path.exists(center)


def test_a_file_moved_away_and_back_works_again(center):
    os.rename(center, center + ".away")
    with pytest.raises(filecheck.FileChanged):
        write_note(0, 0, "away")
    assert not os.path.exists(center)
    os.rename(center + ".away", center)
    assert store_db.file_status() == "ok"
    write_note(0, 1, "back")
    assert _in_thread(lambda: write_note(0, 2, "back")) == {"value": None}
    assert sorted(_notes(center)) == ["back p0 k1 r0", "back p0 k2 r0"]


def test_a_replaced_file_takes_no_note_for_either_guest(center, tmp_path):
    """`mv other.db center.db` under the app: the screens show 甲 in 801; a note for "801" went
    to 乙 of the new file. Now it goes nowhere, and says why."""
    other = str(tmp_path / "other.db")
    _center(other, "乙")
    store_db.open_database(center)
    os.replace(other, center)
    for attempt in (lambda: add_note(SYSTEM, "801 slept 5h"), lambda: _raise(_in_thread(lambda: add_note(SYSTEM, "801 slept 5h")))):
        with pytest.raises(filecheck.FileChanged) as caught:
            attempt()
        assert "was replaced by another file" in str(caught.value)
    assert store_db.file_status() == "replaced"
    assert _notes(center) == []  # the new file's 乙 got nothing
    from store.models import Note

    assert Note.select().count() == 0  # nor the old file's 甲 (still open here)


def _raise(result: dict):
    if "error" in result:
        raise result["error"]
    return result.get("value")


def test_a_write_already_waiting_when_the_file_is_replaced_is_refused(center, tmp_path):
    """The check runs inside the write's transaction, after it waited for its turn."""
    from store import writelock

    other = str(tmp_path / "other.db")
    _center(other, "乙")
    store_db.open_database(center)
    turn = writelock.turn_for(center)
    turn.acquire()
    waiting = threading.Thread(target=lambda: outcome.update(_in_thread(lambda: write_note(0, 0, "late"))))
    outcome: dict = {}
    waiting.start()
    os.replace(other, center)
    turn.release()
    waiting.join(30)
    assert isinstance(outcome.get("error"), filecheck.FileChanged), outcome
    assert _notes(center) == []


def test_restore_mark_lets_a_running_process_reopen_the_restored_file(center, tmp_path):
    """`carefloor restore` into a path whose file was deleted puts a new file (a new inode)
    there and marks it: the process works on it then, and only then."""
    from store import backup, changes

    copy = backup.backup_file(center, tmp_path / "copy.db")
    os.unlink(center)
    assert store_db.file_status() == "gone"
    backup.restore(copy, center)
    mark = changes.restore_mark()
    assert mark is not None and mark.identity == filecheck.identity(center)
    assert store_db.file_status() == "replaced"  # a new inode, until the process takes it
    assert changes.reopen_restored(mark)
    assert store_db.file_status() == "ok"
    add_note(SYSTEM, "801 after the restore")
    assert _in_thread(lambda: add_note(SYSTEM, "801 from a worker")).get("error") is None
    assert sorted(_notes(center)) == ["after the restore", "from a worker"]


def test_a_mark_for_another_file_reopens_nothing(center, tmp_path):
    from store import changes

    other = str(tmp_path / "other.db")
    _center(other, "乙")
    store_db.open_database(center)
    stray = filecheck.mark_restored(other, "x.db", clock.now().isoformat())
    assert not changes.reopen_restored(stray)
    assert store_db.file_status() == "ok"
