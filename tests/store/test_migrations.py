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


def test_m0004_seals_on_from_a_marker_that_counts_the_events_before_it(tmp_path, frozen_clock):
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


def test_m0004_on_a_database_without_events_needs_no_marker(tmp_path, frozen_clock):
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
