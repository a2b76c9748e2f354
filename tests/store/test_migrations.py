"""Schema versions: new databases at LATEST, newer databases refused."""
from __future__ import annotations

import pytest

from store import db as store_db, migrations
from store.errors import SchemaTooNew
from store.models import SchemaVersion


def test_new_database_is_at_latest(store):
    assert migrations.current_version(store) == migrations.LATEST


def test_reopening_keeps_version_and_data(db_url, frozen_clock):
    store_db.open_database(db_url)
    from store.models import Floor
    Floor.create(number=6)
    store_db.close()
    database = store_db.open_database(db_url)
    assert migrations.current_version(database) == migrations.LATEST
    assert Floor.select().count() == 1
    store_db.close()


def test_newer_database_is_refused_with_a_clear_message(db_url, frozen_clock):
    store_db.open_database(db_url)
    SchemaVersion.update(version=migrations.LATEST + 1).execute()
    store_db.close()
    with pytest.raises(SchemaTooNew, match="newer than this carefloor"):
        store_db.open_database(db_url)
    store_db.close()


FIXTURE_V1 = __import__("pathlib").Path(__file__).with_name("fixtures") / "schema_v1_sqlite.sql"


def _schema(path: str) -> dict:
    """Tables with their columns, and indexes and triggers with their SQL (a partial index's WHERE
    included): what a migration must reproduce."""
    import sqlite3

    con = sqlite3.connect(path)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    tables = {n: sorted((c[1], c[2].upper(), c[3]) for c in con.execute(f'PRAGMA table_info("{n}")')) for n in names}
    others = sorted((kind, name, " ".join((sql or "").replace("IF NOT EXISTS ", "").split()))
                    for kind, name, sql in con.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN "
                                                       "('index','trigger') AND name NOT LIKE 'sqlite_%'"))
    con.close()
    return {"tables": tables, "others": others}


def test_a_first_schema_database_upgrades_in_place_keeping_its_data(tmp_path, frozen_clock):
    """Made from the frozen v1 schema: opening it reaches LATEST with the data kept and the same
    schema a new database gets — so a model change without its migration step fails here."""
    import sqlite3

    old = str(tmp_path / "v1.db")
    con = sqlite3.connect(old)
    con.executescript(FIXTURE_V1.read_text(encoding="utf-8"))
    con.execute("INSERT INTO floor (id, number, name) VALUES (1, 6, '6F')")
    con.execute("INSERT INTO room (floor_id, number, status, note) VALUES (1, '601', 'occupied', '')")
    con.commit()
    con.close()
    __import__("os").chmod(old, 0o660)

    database = store_db.open_database(old)
    assert migrations.current_version(database) == migrations.LATEST
    from store.models import Room
    assert [(r.number, r.status) for r in Room.select()] == [("601", "occupied")]
    store_db.close()

    fresh = str(tmp_path / "fresh.db")
    store_db.open_database(fresh)
    store_db.close()
    assert _schema(old) == _schema(fresh)


def test_m0004_adds_who_sat_at_the_terminal_to_a_log_that_stays_append_only(db_url, frozen_clock, monkeypatch):
    """A version-3 database (the event table without os_user, tty, client) with events in it:
    opening it adds the columns, old events read '', new ones carry the seat, and the log still
    refuses UPDATE and DELETE."""
    import peewee as pw

    from store import terminal
    from store.models import Event
    from store.writes import SYSTEM, write

    store_db.open_database(db_url)
    write(SYSTEM, "before.upgrade", lambda tx: tx.record("room", 1))
    database = store_db.db.obj
    for column in ("os_user", "tty", "client", "prev", "seal"):  # as at version 3 (m0005 brings the seals)
        database.execute_sql(f'ALTER TABLE "event" DROP COLUMN "{column}"')
    if not isinstance(database, pw.SqliteDatabase):  # m0005 brings PostgreSQL's TRUNCATE guard too
        database.execute_sql('DROP TRIGGER IF EXISTS event_no_truncate ON "event"')
    SchemaVersion.update(version=3).execute()
    store_db.close()

    monkeypatch.setenv("SUDO_USER", "wang.li")
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.7 52144 10.0.0.1 22")
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    terminal.forget()
    try:
        database = store_db.open_database(db_url)
        assert migrations.current_version(database) == migrations.LATEST
        write(SYSTEM, "after.upgrade", lambda tx: tx.record("room", 2))
        seats = [(e.action, e.os_user, e.tty, e.client) for e in Event.select().order_by(Event.id)
                 if e.action != "audit.chain_start"]
        assert seats == [("before.upgrade", "", "", ""), ("after.upgrade", "wang.li", "pts/3", "10.0.0.7:52144")]
        with pytest.raises(pw.DatabaseError, match="append-only"):
            with database.atomic():
                Event.update(os_user="someone").execute()
        store_db.close()
    finally:
        terminal.forget()


def test_m0006_closes_the_checklists_left_open_by_checkouts_before_the_upgrade(db_url, frozen_clock):
    """At version 5 checkout left the day-before-discharge checklist open for good; the upgrade closes
    it on stays already checked out (with its event), and leaves everyone else's tasks alone."""
    import datetime as dt

    from store import clock
    from store.models import Event, Guest, Stay, Task

    store_db.open_database(db_url)
    tasks = {}
    for n, status in enumerate(("discharged", "admitted")):
        guest = Guest.create(name=f"g{n}", phone="13800000000", entered_on=dt.date(2026, 1, 1), created_at=clock.now())
        stay = Stay.create(guest=guest, contract_no=f"C{n}", status=status)
        for step, task_status in (("discharge_t1", "open"), ("aftercare_call", "open")):
            tasks[(status, step)] = Task.create(
                guest=guest, stay=stay, kind="checklist", playbook="postpartum", step=step, anchor="planned_discharge",
                dedupe_key=f"{n}/{step}", due_at=clock.at_local(dt.date(2026, 9, 1), 14), status=task_status,
                created_at=clock.now()).id
    SchemaVersion.update(version=5).execute()
    store_db.close()
    frozen_clock.advance(hours=1)

    database = store_db.open_database(db_url)
    assert migrations.current_version(database) == migrations.LATEST
    closed = Task.get_by_id(tasks[("discharged", "discharge_t1")])
    assert (closed.status, closed.outcome, closed.done_by_id, closed.done_at) == (
        "done", "done", None, frozen_clock.now().datetime)
    assert Task.get_by_id(tasks[("admitted", "discharge_t1")]).status == "open"  # still in house
    assert Task.get_by_id(tasks[("discharged", "aftercare_call")]).status == "open"  # not a form's step
    [event] = Event.select().where(Event.action == "task.done_by_form")
    assert (event.entity_id, event.staff_name, event.after) == (closed.id, "system (upgrade)",
                                                                {"status": "done", "form": "discharge"})
    store_db.close()


def test_m0005_seals_on_from_a_marker_that_counts_the_events_before_it(tmp_path, frozen_clock):
    """Events from before the chain cannot be sealed after the fact: a marker counts them, the
    chain starts there, and `verify` says so; a pre-chain event removed later is still noticed."""
    import sqlite3

    from store.auditchain import MARKER
    from store.auditverify import verify
    from store.models import Event
    from store.writes import SYSTEM, write

    old = str(tmp_path / "v1.db")
    con = sqlite3.connect(old)
    con.executescript(FIXTURE_V1.read_text(encoding="utf-8"))
    con.executemany("INSERT INTO event (at, staff_name, terminal, action, entity) VALUES (?, 'Li', 'pts/1', ?, 'note')",
                    [("2026-11-01 02:00:00", f"note.add{k}") for k in range(3)])
    con.commit()
    con.close()
    __import__("os").chmod(old, 0o600)

    store_db.open_database(old)
    try:
        marker = Event.select().order_by(Event.id.desc()).first()
        assert (marker.id, marker.action, marker.prev) == (4, MARKER, None)
        assert marker.after == {"reason": "upgrade", "before": 3, "last_before": 3}
        assert Event.select().where(Event.seal.is_null()).count() == 3
        write(SYSTEM, "note.add", lambda tx: tx.record("note", 1))
        report = verify()
        assert report.intact and (report.start, report.before, report.checked, report.reason) == (4, 3, 2, "upgrade")
    finally:
        store_db.close()
    con = sqlite3.connect(old)
    con.execute("DROP TRIGGER event_no_delete")
    con.execute("DELETE FROM event WHERE id = 2")
    con.commit()
    con.close()
    store_db.open_database(old)
    try:
        finding = verify().finding
        assert (finding.kind, finding.other, finding.details) == ("before_start", 4, {"expected": 3, "found": 2})
    finally:
        store_db.close()


def test_m0005_on_a_database_without_events_needs_no_marker(tmp_path, frozen_clock):
    import sqlite3

    from store.models import Event

    old = str(tmp_path / "v1.db")
    con = sqlite3.connect(old)
    con.executescript(FIXTURE_V1.read_text(encoding="utf-8"))
    con.close()
    __import__("os").chmod(old, 0o600)
    store_db.open_database(old)
    try:
        assert Event.select().count() == 0
    finally:
        store_db.close()
