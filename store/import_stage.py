"""Big imports in one short write: checked rows are staged first, then published at once.

Staging fills a TEMPORARY table on the importer's own connection, in chunks, with everything
the rows need worked out beforehand (search keys, planned discharge, the events' JSON). A
temporary table is not in the database file: staging takes no write lock (other terminals write
on meanwhile), nobody else can read it, and it vanishes with the connection, so an import killed
while staging leaves nothing anywhere.

Publishing is one write (store.writes.write, so one transaction and the events with it) made
of set-based INSERT ... SELECT statements: the guests, stays, rooms, notes and their events
appear together or not at all, and the write lock is held only while SQLite copies rows. New
ids are the next free ones on SQLite (taken inside the lock) and reserved from the sequences on
PostgreSQL (before it). Figures: docs/reliability.md, bench/bench_import.py.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Iterable

import peewee as pw

from store import clock
from store.errors import Conflict
from store.generate import plan_with
from store.import_rows import Record
from store.models import Base, Event, Guest, Note, Stay, db
from store.names import initials, phone_last4
from store.writes import Actor, Tx, write

CHUNK = 2000  # staged rows per executemany
_CONTRACT = "\x00contract\x00"  # where a stay's contract number goes in its event's JSON


class ImportStage(Base):
    """One checked row, ready to publish (a TEMPORARY table: never in the database file)."""

    seq = pw.IntegerField(primary_key=True)  # 1.. in file order
    row = pw.IntegerField()  # the row number in the file
    guest_id = pw.IntegerField(null=True)  # PostgreSQL: reserved before publishing
    stay_id = pw.IntegerField(null=True)
    note_id = pw.IntegerField(null=True)
    note_seq = pw.IntegerField(null=True)  # 1.. among the rows with a note
    name = pw.CharField(max_length=64)
    initials = pw.CharField(max_length=32)
    phone = pw.CharField(max_length=32)
    phone_last4 = pw.CharField(max_length=4)
    wechat = pw.CharField(max_length=64)
    allergies = pw.TextField()
    contract_no = pw.CharField(max_length=32, null=True)  # None: IMP-<guest id>
    contract_json = pw.TextField(null=True)
    package = pw.CharField(max_length=64)
    package_days = pw.IntegerField()
    signed_on = pw.DateField(null=True)
    due_date = pw.DateField(null=True)
    delivery_type = pw.CharField(max_length=16)
    hospital = pw.CharField(max_length=128)
    planned_admission = pw.DateField(null=True)
    admitted_on = pw.DateField(null=True)
    discharged_on = pw.DateField(null=True)
    planned_discharge = pw.DateField(null=True)
    room_id = pw.IntegerField(null=True)
    status = pw.CharField(max_length=16)
    room_status = pw.CharField(max_length=16, null=True)  # what the room becomes, if anything
    note_text = pw.TextField(null=True)
    guest_after = pw.TextField()
    stay_head = pw.TextField()  # the stay event's JSON before and after its contract number
    stay_tail = pw.TextField()
    note_after = pw.TextField(null=True)

    class Meta:
        table_name = "carefloor_import_stage"


_COLUMNS = list(ImportStage._meta.sorted_fields)
_initials: dict[str, str] = {}


@dataclass(frozen=True)
class Staged:
    rows: int


def stage(records: Iterable[Record], day: dt.date, rooms: dict[str, int]) -> Staged:
    """Put the checked records into the stage, CHUNK rows a statement (no write lock taken)."""
    _initials.clear()
    ImportStage.drop_table(safe=True)
    ImportStage.create_table(safe=False, temporary=True)
    sql = _insert_sql()
    count = notes = 0
    chunk: list[tuple] = []
    for record in records:
        count += 1
        if record.notes:
            notes += 1
        chunk.append(_row(count, notes if record.notes else None, record, day, rooms))
        if len(chunk) == CHUNK:
            _stage_chunk(sql, chunk)
            chunk = []
    if chunk:
        _stage_chunk(sql, chunk)
    table = ImportStage._meta.table_name
    db.execute_sql(f'CREATE INDEX "{table}_room" ON "{table}" (room_id) WHERE room_id IS NOT NULL')
    if not isinstance(db.obj, pw.SqliteDatabase):
        _reserve_ids()
    return Staged(count)


def _stage_chunk(sql: str, rows: list[tuple]) -> None:
    with db.atomic():  # the temporary table only: on SQLite this locks nothing others use
        db.cursor().executemany(sql, rows)


def _insert_sql() -> str:
    names = ", ".join(f'"{f.column_name}"' for f in _COLUMNS)
    marks = ", ".join([db.obj.param] * len(_COLUMNS))
    return f'INSERT INTO "{ImportStage._meta.table_name}" ({names}) VALUES ({marks})'


def _row(seq: int, note_seq: int | None, r: Record, day: dt.date, rooms: dict[str, int]) -> tuple:
    """A stage row: what create_guest, create_stay, set_room_status and the note would write."""
    room_id = rooms.get(r.room) if r.room else None
    start = r.admitted_on or r.planned_admission
    planned_discharge = start + dt.timedelta(days=r.package_days) if start else None
    room_status = None
    if room_id and r.status in ("signed", "admitted"):
        room_status = "occupied" if r.status == "admitted" else "reserved"
    keys = _initials.get(r.name)
    if keys is None:
        keys = _initials[r.name] = initials(r.name)  # pinyin is most of staging's time, and names repeat
    guest_after = _json({"name": r.name, "phone_last4": phone_last4(r.phone), "kind": "postpartum",
                         "entered_on": day})
    head, tail = _json({"contract_no": _CONTRACT, "status": r.status, "room": room_id,
                        "admitted_on": r.admitted_on, "planned_discharge": planned_discharge}).split(json.dumps(_CONTRACT))
    values = {
        "seq": seq, "row": r.row, "guest_id": None, "stay_id": None, "note_id": None, "note_seq": note_seq,
        "name": r.name, "initials": keys, "phone": r.phone, "phone_last4": phone_last4(r.phone),
        "wechat": r.wechat, "allergies": r.allergies, "contract_no": r.contract_no or None,
        "contract_json": json.dumps(r.contract_no, ensure_ascii=False) if r.contract_no else None,
        "package": r.package, "package_days": r.package_days, "signed_on": r.signed_on, "due_date": r.due_date,
        "delivery_type": r.delivery_type, "hospital": r.hospital, "planned_admission": r.planned_admission,
        "admitted_on": r.admitted_on, "discharged_on": r.discharged_on, "planned_discharge": planned_discharge,
        "room_id": room_id, "status": r.status, "room_status": room_status, "note_text": r.notes or None,
        "guest_after": guest_after, "stay_head": head, "stay_tail": tail,
        "note_after": _json({"text": r.notes}) if r.notes else None,
    }
    return tuple(f.db_value(values[f.name]) for f in _COLUMNS)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)  # as JsonField stores it


def _reserve_ids() -> None:
    """PostgreSQL: ids from the tables' own sequences, taken now (writers never wait on them)."""
    stage = ImportStage._meta.table_name
    seq = {t: f"pg_get_serial_sequence('{t}', 'id')" for t in ("guest", "stay", "note")}
    db.execute_sql(f'UPDATE "{stage}" SET guest_id = nextval({seq["guest"]}), stay_id = nextval({seq["stay"]}), '
                   f'note_id = CASE WHEN note_text IS NULL THEN NULL ELSE nextval({seq["note"]}) END')


def drop() -> None:
    """Forget the stage (it also goes with the connection)."""
    _initials.clear()
    if not db.in_transaction():
        ImportStage.drop_table(safe=True)


def publish(actor: Actor, staged: Staged, filename: str, day: dt.date) -> list[int]:
    """One write: every staged guest with her stay, room, note and events; their ids in file order.

    On SQLite the write-ahead log it leaves is checkpointed after the write, not inside its
    commit: that would keep the turn (and every writer waiting for it) for the copy to the file."""
    if not isinstance(db.obj, pw.SqliteDatabase):
        return write(actor, "import.guests", lambda tx: _publish(tx, staged, filename, day))
    automatic = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute_sql("PRAGMA wal_autocheckpoint=0")
    try:
        return write(actor, "import.guests", lambda tx: _publish(tx, staged, filename, day))
    finally:
        db.execute_sql(f"PRAGMA wal_autocheckpoint={int(automatic)}")
        db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")  # others write on meanwhile


def _publish(tx: Tx, staged: Staged, filename: str, day: dt.date) -> list[int]:
    ids = _ids()
    _refuse_rooms_taken_meanwhile()
    now = clock.now()
    try:
        _insert_select(Guest, {
            "id": ids["guest"], "name": "s.name", "initials": "s.initials", "phone": "s.phone",
            "phone_last4": "s.phone_last4", "wechat": "s.wechat", "allergies": "s.allergies",
        }, {"entered_on": day, "anchors_changed_at": now, "created_at": now})
        _insert_select(Stay, {
            "id": ids["stay"], "guest": ids["guest"], "room": "s.room_id",
            "contract_no": f"COALESCE(s.contract_no, 'IMP-' || CAST({ids['guest']} AS TEXT))",
            **{name: f"s.{name}" for name in ("package", "package_days", "signed_on", "due_date", "delivery_type",
                                              "hospital", "planned_admission", "admitted_on", "discharged_on",
                                              "planned_discharge", "status")},
        }, {})
        _events(ids, now, tx.actor)  # before _rooms: a room's event says what it was
        _rooms()
        _insert_select(Note, {"id": ids["note"], "guest": ids["guest"], "text": "s.note_text"}, {"at": now},
                       where="WHERE s.note_text IS NOT NULL")
    except pw.IntegrityError as exc:
        raise Conflict("a contract number in the file was entered by someone else while it was being "
                       "imported: nothing was imported; check the file and import it again") from exc
    tx.record("import", None, None, {"file": filename, "guests": staged.rows}, action="import.file")
    guest_ids = [gid for (gid,) in db.execute_sql(f"SELECT {ids['guest']} FROM {STAGE} ORDER BY s.seq")]
    for gid in guest_ids:
        plan_with(tx, gid)  # planned with the publish; a big file right after it, in chunks
    return guest_ids


STAGE = f'"{ImportStage._meta.table_name}" s'


def _ids() -> dict[str, str]:
    """SQL for each new row's id: the stage's reserved ids (PostgreSQL), or the next free ones
    (SQLite: read inside the write lock, so nobody takes them meanwhile)."""
    if not isinstance(db.obj, pw.SqliteDatabase):
        return {"guest": "s.guest_id", "stay": "s.stay_id", "note": "s.note_id"}
    top = {model: db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.table_name}"').fetchone()[0]
           for model in (Guest, Stay, Note)}
    return {"guest": f"(s.seq + {int(top[Guest])})", "stay": f"(s.seq + {int(top[Stay])})",
            "note": f"(s.note_seq + {int(top[Note])})"}


def _refuse_rooms_taken_meanwhile() -> None:
    """The rooms were checked with the file; someone may have taken one since."""
    taken = min(db.execute_sql(  # no ORDER BY: the few rows with a room come by their index
        f"SELECT s.row, r.number FROM {STAGE} JOIN room r ON r.id = s.room_id "
        "WHERE s.room_id IS NOT NULL AND s.room_status IS NOT NULL AND (r.status = 'out_of_service' "
        "OR (s.status = 'admitted' AND r.status = 'occupied') "
        "OR EXISTS (SELECT 1 FROM stay o WHERE o.room_id = r.id AND o.status IN ('signed', 'admitted')))"
    ).fetchall(), default=None)
    if taken is not None:
        raise Conflict("room {room} (row {row}) was taken by someone else while the file was being imported: "
                       "nothing was imported; check the file and import it again", room=taken[1], row=taken[0])


def _insert_select(model, exprs: dict[str, str], values: dict, where: str = "") -> None:
    """INSERT INTO model SELECT ... FROM the stage: `exprs` are SQL over it, `values` bound
    parameters, and every other column gets the model's default (Peewee's are not in the schema)."""
    columns, selects, params = [], [], []
    for field in model._meta.sorted_fields:
        if field.name in exprs:
            columns.append(field.column_name)
            selects.append(exprs[field.name])
        elif field.name in values or field.default is not None:
            value = values[field.name] if field.name in values else field.default
            columns.append(field.column_name)
            selects.append(db.obj.param)
            params.append(field.db_value(value() if callable(value) else value))
        elif not field.null:
            raise AssertionError(f"{model.__name__}.{field.name} has no value in the import")
    names = ", ".join(f'"{c}"' for c in columns)
    db.execute_sql(f'INSERT INTO "{model._meta.table_name}" ({names}) SELECT {", ".join(selects)} '
                   f"FROM {STAGE} {where} ORDER BY s.seq", params)


def _events(ids: dict[str, str], now, actor: Actor) -> None:
    """The events of every guest, one kind after another: each guest's still come in the order the
    write path records them (guest, stay, room, note), and each statement reads the stage in
    order, with no sort inside the lock."""
    gid, p = ids["guest"], db.obj.param
    contract = f"COALESCE(s.contract_json, '\"IMP-' || CAST({gid} AS TEXT) || '\"')"
    status = "'{\"status\": \"' || %s || '\"}'"
    head = ('INSERT INTO "event" ("at", "staff", "staff_name", "terminal", "action", "entity", "entity_id", '
            f'"guest", "before", "after") SELECT {p}, {p}, {p}, {p}, ')
    params = (Event._meta.fields["at"].db_value(now), actor.staff_id, actor.name, actor.terminal)
    for body in (
        f"'guest.add', 'guest', {gid}, {gid}, NULL, s.guest_after FROM {STAGE} ORDER BY s.seq",
        f"'stay.add', 'stay', {ids['stay']}, {gid}, NULL, s.stay_head || {contract} || s.stay_tail FROM {STAGE} "
        "ORDER BY s.seq",
        f"'room.status', 'room', r.id, {gid}, {status % 'r.status'}, {status % 's.room_status'} FROM {STAGE} "
        "JOIN room r ON r.id = s.room_id WHERE s.room_id IS NOT NULL AND s.room_status IS NOT NULL "
        "AND r.status != s.room_status",  # few rows, found by their index (ordered, the whole stage is read)
        f"'note.add', 'note', {ids['note']}, {gid}, NULL, s.note_after FROM {STAGE} WHERE s.note_text IS NOT NULL "
        "ORDER BY s.seq",
    ):
        db.execute_sql(head + body, params)


def _rooms() -> None:
    """Rooms become reserved or occupied, as set_room_status would make them (after their events)."""
    db.execute_sql(
        f"UPDATE room SET status = (SELECT s.room_status FROM {STAGE} WHERE s.room_id = room.id "
        "AND s.room_status IS NOT NULL) "
        f"WHERE id IN (SELECT s.room_id FROM {STAGE} WHERE s.room_id IS NOT NULL AND s.room_status IS NOT NULL)")
