"""The audit trail is tamper-evident: whoever can write the file but lacks the key cannot delete,
change, forge or cut off an event without `audit --verify` naming it; dropped triggers come back."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest

from store import audit_heads, auditchain, auditkey, backup, db as store_db
from store.audit_triggers import RESTORED
from store.auditverify import verify
from store.errors import DatabaseUnavailable
from store.models import Event
from store.writes import SYSTEM, Actor, write


def _events(n: int, actor: Actor = SYSTEM) -> None:
    for k in range(n):
        write(actor, "note.add", lambda tx, k=k: tx.record("note", k, None, {"text": f"note {k}"}, guest=1))


@pytest.fixture
def center(sqlite_url, frozen_clock):
    """A closed SQLite center with 10 sealed events (ids 1..10)."""
    store_db.open_database(sqlite_url)
    _events(10)
    store_db.close()
    return sqlite_url


def _tamper(path: str, *sql: str, params: tuple = ()) -> None:
    """What someone with write access to the file does: drop the guard, then edit."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS event_no_delete")
    conn.execute("DROP TRIGGER IF EXISTS event_no_update")
    for statement in sql:
        conn.execute(statement, params if "?" in statement else ())
    conn.commit()
    conn.close()


def _verify(path: str, heads=None):
    store_db.open_database(path)
    try:
        return verify(heads)
    finally:
        store_db.close()


def test_every_event_column_is_sealed():
    """A column added to the event table (who sat at the terminal...) must be added to the seal."""
    columns = {f.name for f in Event._meta.sorted_fields} - {"seal"}
    assert set(auditchain.hashed_fields()) == columns


def test_a_new_chain_is_intact_from_the_first_event(db_url, frozen_clock):
    store_db.open_database(db_url)
    try:
        _events(25)
        report = verify()
        first = Event.select().order_by(Event.id).first()
        assert report.intact and report.start == first.id and first.prev is None
        assert report.checked == Event.select().count() == 25 and report.reason == "new" and report.before == 0
        rows = list(Event.select().order_by(Event.id))
        assert all(b.prev == a.id for a, b in zip(rows, rows[1:])) and all(len(r.seal) == 64 for r in rows)
    finally:
        store_db.close()


def test_a_deleted_event_is_named(center):
    _tamper(center, "DELETE FROM event WHERE id IN (5, 6)")
    finding = _verify(center).finding
    assert (finding.kind, finding.event, finding.details["chained_to"], finding.other) == ("missing", 7, 6, 4)


def test_a_changed_event_is_named(center):
    _tamper(center, """UPDATE event SET "after" = '{"text": "nothing happened"}' WHERE id = 4""")
    finding = _verify(center).finding
    assert (finding.kind, finding.event) == ("altered", 4)


def test_a_changed_date_or_actor_is_named_too(center):
    _tamper(center, "UPDATE event SET at = '2026-11-01 00:00:00' WHERE id = 3")
    assert (_verify(center).finding.kind, _verify(center).finding.event) == ("altered", 3)


def test_a_forged_manager_pin_reset_without_a_seal_is_named(center):
    _tamper(center, "INSERT INTO event (at, staff, staff_name, terminal, action, entity, entity_id) "
                    "VALUES ('2026-11-23 02:00:00', 1, 'Chen', 'pts/1', 'staff.pin_reset', 'staff', 1)")
    finding = _verify(center).finding
    assert (finding.kind, finding.event) == ("unsealed", 11)


def test_a_forged_event_with_a_made_up_seal_is_named(center):
    _tamper(center, "INSERT INTO event (at, staff, staff_name, terminal, action, entity, entity_id, prev, seal) "
                    "VALUES ('2026-11-23 02:00:00', 1, 'Chen', 'pts/1', 'staff.pin_reset', 'staff', 1, 10, ?)",
            params=("ab" * 32,))
    assert (_verify(center).finding.kind, _verify(center).finding.event) == ("altered", 11)


def test_a_copied_seal_does_not_make_a_forgery_pass(center):
    """A real event's seal and prev pasted onto a forged row: the id and content are sealed too."""
    _tamper(center, "INSERT INTO event (id, at, staff_name, terminal, action, entity, prev, seal) "
                    "SELECT 11, at, 'Chen', '', 'staff.pin_reset', 'staff', 10, seal FROM event WHERE id = 10")
    assert (_verify(center).finding.kind, _verify(center).finding.event) == ("altered", 11)


def test_a_removed_first_event_leaves_no_start(center):
    _tamper(center, "DELETE FROM event WHERE id = 1")
    finding = _verify(center).finding
    assert (finding.kind, finding.event) == ("no_start", 2)


def test_an_event_slipped_in_before_the_start_is_named(center):
    _tamper(center, "INSERT INTO event (id, at, staff_name, terminal, action, entity) VALUES (0, "
                    "'2026-11-01 00:00:00', 'Chen', '', 'staff.pin_reset', 'staff')")
    finding = _verify(center).finding
    assert (finding.kind, finding.event, finding.other) == ("before_start", 0, 1)


def test_dropped_triggers_are_put_back_at_open_and_recorded(center):
    conn = sqlite3.connect(center)
    conn.execute("DROP TRIGGER event_no_delete")
    conn.execute("DROP TRIGGER event_no_update")
    conn.execute("CREATE TRIGGER event_no_update BEFORE UPDATE ON event WHEN 0 BEGIN SELECT 1; END")  # a decoy
    conn.commit()
    conn.close()
    store_db.open_database(center)
    try:
        last = Event.select().order_by(Event.id.desc()).first()
        assert last.action == RESTORED and last.after == {"restored": ["event_no_update", "event_no_delete"]}
        assert verify().intact  # the restoring is itself a sealed event
        with pytest.raises(Exception, match="append-only"):
            Event.delete().where(Event.id == 3).execute()
        with pytest.raises(Exception, match="append-only"):
            Event.update(action="x").where(Event.id == 3).execute()
    finally:
        store_db.close()
    store_db.open_database(center)  # intact triggers: nothing to record again
    try:
        assert Event.select().where(Event.action == RESTORED).count() == 1
    finally:
        store_db.close()


def test_what_was_done_while_the_trigger_was_gone_is_still_named(center):
    _tamper(center, "DELETE FROM event WHERE id = 8")
    store_db.open_database(center)  # puts the triggers back
    store_db.close()
    finding = _verify(center).finding
    assert (finding.kind, finding.event) == ("missing", 9)


def test_a_cut_off_tail_is_caught_by_the_head_the_daily_backup_recorded(center, tmp_path, frozen_clock):
    folder = tmp_path / "backups"
    made = backup.daily_backup_if_due(center, folder)
    heads = audit_heads.read(folder)
    assert made is not None and [(h.event, h.source) for h in heads] == [(10, made.name)]
    assert json.loads((folder / audit_heads.FILE).read_text())["seal"] == heads[0].seal
    assert _verify(center, folder).heads == 1
    _tamper(center, "DELETE FROM event WHERE id >= 9")  # the chain that is left is whole...
    assert _verify(center).intact  # (opening put the triggers back: that event is #9 now, after #8)
    finding = _verify(center, folder).finding  # ...but shorter than the backup saw it
    assert (finding.kind, finding.event, finding.other) == ("head_missing", 10, 9)
    assert finding.details["source"] == made.name


def test_a_rewritten_tail_is_caught_by_the_recorded_head(center, tmp_path):
    folder = tmp_path / "backups"
    backup.daily_backup_if_due(center, folder)
    _tamper(center, "DELETE FROM event WHERE id = 10")
    store_db.open_database(center)
    _events(1)  # the app goes on: a new #10, sealed, after #9
    store_db.close()
    report = _verify(center, folder)
    assert (report.finding.kind, report.finding.event) == ("head_changed", 10)


def test_a_restore_starts_the_recorded_heads_afresh(center, tmp_path, frozen_clock):
    folder = tmp_path / "backups"
    first = backup.daily_backup_if_due(center, folder)
    store_db.open_database(center)
    _events(3)
    store_db.close()
    frozen_clock.set("2026-11-24T02:00:00+00:00")
    backup.daily_backup_if_due(center, folder)  # records head 13
    backup.restore(first, center)  # back to 10, on purpose
    lines = (folder / audit_heads.FILE).read_text().splitlines()
    assert [json.loads(line).get("restored") for line in lines] == [None, None, first.name]
    report = _verify(center, folder)
    # the restore's own event follows 10, numbered after the 13 terminals had seen (store/backup.py)
    assert report.intact and report.heads == 1 and report.last == 14
    store_db.open_database(center)
    try:
        restored = Event.get_by_id(14)
        assert (restored.action, restored.prev) == ("db.restore", 10)
    finally:
        store_db.close()


def test_an_edited_heads_file_is_named(center, tmp_path):
    folder = tmp_path / "backups"
    backup.daily_backup_if_due(center, folder)
    with open(folder / audit_heads.FILE, "a", encoding="utf-8") as fh:
        fh.write("not json\n")
    finding = _verify(center, folder).finding
    assert (finding.kind, finding.details["line"]) == ("heads_unreadable", 2)


def test_a_missing_key_refuses_to_open_and_new_key_starts_a_counted_chain(center):
    key = auditkey.key_path(center)
    key.unlink()
    with pytest.raises(DatabaseUnavailable, match="audit key .* is missing.*--new-key"):
        store_db.open_database(center)
    store_db.close()
    store_db.open_database(center, create=False, new_audit_key=True)
    try:
        from store.audit import start_new_chain

        start_new_chain(SYSTEM)
        _events(2)
        report = verify()
        assert report.intact and (report.start, report.before, report.reason, report.checked) == (11, 10, "new key", 3)
        with pytest.raises(DatabaseUnavailable, match="exists"):
            auditkey.new_key(center)
    finally:
        store_db.close()
    assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"


def test_the_wrong_key_finds_no_start(center, tmp_path):
    other = str(tmp_path / "other.db")
    store_db.open_database(other)
    store_db.close()
    os.replace(f"{other}-audit.key", auditkey.key_path(center))
    finding = _verify(center).finding
    assert (finding.kind, finding.event) == ("no_start", 1)


@pytest.mark.parametrize("content, message", [("0123", "damaged"), ("zz" * 32, "damaged")])
def test_a_damaged_key_is_refused(center, content, message):
    auditkey.key_path(center).write_text(content)
    with pytest.raises(DatabaseUnavailable, match=message):
        store_db.open_database(center)
    store_db.close()


def test_a_world_readable_key_is_refused(center):
    os.chmod(auditkey.key_path(center), 0o644)
    with pytest.raises(DatabaseUnavailable, match="every user"):
        store_db.open_database(center)
    store_db.close()


def test_an_empty_database_verifies_as_empty(sqlite_url, frozen_clock):
    store_db.open_database(sqlite_url)
    try:
        report = verify()
        assert report.intact and report.start is None and report.checked == 0
    finally:
        store_db.close()
