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
    for column in ("os_user", "tty", "client"):
        database.execute_sql(f'ALTER TABLE "event" DROP COLUMN "{column}"')
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
        seats = [(e.action, e.os_user, e.tty, e.client) for e in Event.select().order_by(Event.id)]
        assert seats == [("before.upgrade", "", "", ""), ("after.upgrade", "wang.li", "pts/3", "10.0.0.7:52144")]
        with pytest.raises(pw.DatabaseError, match="append-only"):
            with database.atomic():
                Event.update(os_user="someone").execute()
        store_db.close()
    finally:
        terminal.forget()
