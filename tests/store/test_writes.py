"""The one write path: transaction + events, IMMEDIATE on SQLite, append-only log."""
from __future__ import annotations

import peewee as pw
import pytest

from store import changes
from store.models import Event, Floor, Room
from store.settings import get_setting, put_setting
from store.writes import SYSTEM, Actor, write

NURSE = Actor(7, "李护士", "nurse", "pts/1")


def test_write_appends_event_with_who_and_what(store):
    def apply(tx):
        floor = Floor.create(number=6)
        tx.record("floor", floor.id, None, {"number": 6})
        return floor.id

    floor_id = write(NURSE, "floor.add", apply)
    event = Event.get()
    assert (event.staff, event.staff_name, event.terminal) == (7, "李护士", "pts/1")
    assert (event.action, event.entity, event.entity_id) == ("floor.add", "floor", floor_id)
    assert event.after == {"number": 6}


def test_failed_write_leaves_nothing(store):
    def apply(tx):
        Floor.create(number=6)
        tx.record("floor", 1)
        raise ValueError("boom")

    with pytest.raises(ValueError):
        write(SYSTEM, "floor.add", apply)
    assert Floor.select().count() == 0
    assert Event.select().count() == 0


def test_write_without_record_still_logs_one_event(store):
    write(SYSTEM, "noop", lambda tx: None)
    assert [e.action for e in Event.select()] == ["noop"]


def test_event_log_refuses_update_and_delete(store):
    write(SYSTEM, "x", lambda tx: None)
    with pytest.raises(pw.DatabaseError):
        Event.update(action="y").execute()
    with pytest.raises(pw.DatabaseError):
        Event.delete().execute()


def test_latest_event_id_moves_with_each_write(store):
    before = changes.latest_event_id()
    write(SYSTEM, "setting", lambda tx: put_setting(tx, "name", "Test"))
    assert changes.latest_event_id() > before
    assert get_setting("name") == "Test"


def test_sqlite_writes_begin_immediate(sqlite_store):
    """A deferred BEGIN followed by a write fails at once under contention: never use one."""
    statements = []
    sqlite_store.connection().set_trace_callback(statements.append)
    write(SYSTEM, "room", lambda tx: Room.create(floor=Floor.create(number=6), number="601"))
    sqlite_store.connection().set_trace_callback(None)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins and all("IMMEDIATE" in s.upper() for s in begins)
