"""Hostile text planted under the store, as an older database or a hand-edited file would hold it.

Raw SQL, so the store's check (store/fields.py) never sees it: the outputs alone must make it inert.
PLANT (tests/inert/corpus.py) is put in front of every free-text value of the demo center, so each
screen, command and export shows some of it wherever it shows stored text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from store import clock
from store.models import (Appointment, Baby, Complaint, ContactLog, Draft, Event, Guest, Note, Payment, Room,
                          Staff, Stay, Survey, Task, db)
from tests.inert.corpus import LONG_LINE, PLANT

# model -> the free-text columns a person or a file filled (status and kind columns are the code's)
PREFIXED = {
    Guest: ("name", "salutation", "wechat", "allergies", "health_notes", "call_window"),
    Baby: ("name", "notes"),
    Stay: ("hospital", "contract_no"),
    Room: ("note",),
    Staff: ("name",),
    Note: ("text",),
    ContactLog: ("note",),
    Complaint: ("reporter", "what", "investigation", "plan", "reply"),
    Survey: ("comment",),
    Payment: ("note",),
    Task: ("title", "why", "reason"),
}


@dataclass(frozen=True)
class Planted:
    guest_id: int  # in house, with everything
    admitted_stay: int
    signed_stay: int
    complaint_id: int
    appointment_id: int
    manager_id: int

    def ids(self) -> dict:
        return {"guest_id": self.guest_id, "complaint_id": self.complaint_id,
                "appointment_id": self.appointment_id}


def _q(name: str) -> str:
    return f'"{name}"'


def _execute(sql: str, params=()) -> None:
    db.execute_sql(sql, list(params))


def plant() -> Planted:
    """Plant the corpus in the open database (the demo center); returns the ids screens open with."""
    for model, columns in PREFIXED.items():
        table = _q(model._meta.table_name)
        for column in columns:
            name = _q(model._meta.fields[column].column_name)
            _execute(f"UPDATE {table} SET {name} = ? || {name}", [PLANT])
    admitted = Stay.select().where(Stay.status == "admitted").order_by(Stay.id).first()
    signed = Stay.select().where(Stay.status == "signed").order_by(Stay.id).first()
    guest_id = admitted.guest_id
    _execute(f"UPDATE {_q('room')} SET {_q('number')} = ? || {_q('number')} WHERE id = ?", [PLANT, admitted.room_id])
    extras = json.dumps({"vouchers": PLANT, "gifts": PLANT}, ensure_ascii=False)
    car = json.dumps({"pickup_at": clock.now().shift(days=1).isoformat(), "address": PLANT, "note": PLANT,
                      "requested_by": PLANT, "approved_by": ""}, ensure_ascii=False)
    _execute(f"UPDATE {_q('stay')} SET {_q('notice')} = ?, {_q('car_request')} = ?", [extras, car])
    _execute(f"UPDATE {_q('setting')} SET {_q('value')} = ? WHERE {_q('key')} IN ('center_name', 'center_name_en')",
             [json.dumps(PLANT, ensure_ascii=False)])
    _execute(f"UPDATE {_q('note')} SET {_q('text')} = ? WHERE id = (SELECT MIN(id) FROM {_q('note')})", [LONG_LINE])
    _clinic_rows(guest_id)
    complaint = Complaint.select().order_by(Complaint.id).first()
    if complaint.guest_id is None:
        _execute(f"UPDATE {_q('complaint')} SET {_q('guest_id')} = ? WHERE id = ?", [guest_id, complaint.id])
    manager = Staff.select().where(Staff.role == "manager").order_by(Staff.id).first()
    _event(guest_id, manager.id)
    appointment = Appointment.select().order_by(Appointment.id).first()
    return Planted(guest_id, admitted.id, signed.id, complaint.id, appointment.id, manager.id)


def _clinic_rows(guest_id: int) -> None:
    """A case, procedure, course and appointment (the demo center is postpartum), hostile through."""
    now = clock.now()
    staff = Staff.select().order_by(Staff.id).first()
    rows = [
        ("case", {"guest_id": guest_id, "consulted_on": now.date().isoformat(), "category": "new", "item": PLANT,
                  "consultant_id": staff.id, "on_611_plan": 0}),
        ("procedure", {"guest_id": guest_id, "kind": "skin", "name": PLANT, "performed_on": now.date().isoformat()}),
        ("course", {"guest_id": guest_id, "name": PLANT, "sessions_planned": 6}),
        ("appointment", {"guest_id": guest_id, "at": now.shift(hours=2).format("YYYY-MM-DD HH:mm:ss"), "item": PLANT,
                         "staff_id": staff.id, "status": "booked", "purpose": "treatment"}),
    ]
    for table, values in rows:
        columns = ", ".join(_q(c) for c in values)
        marks = ", ".join("?" for _ in values)
        _execute(f"INSERT INTO {_q(table)} ({columns}) VALUES ({marks})", list(values.values()))


def _event(guest_id: int, staff_id: int) -> None:
    """An audit row as a forged or old one would read: every text field hostile."""
    before = json.dumps({"text": PLANT, PLANT: PLANT}, ensure_ascii=False)
    _execute(f"INSERT INTO {_q(Event._meta.table_name)} (at, staff, staff_name, terminal, action, entity, entity_id, "
             "guest, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             [clock.now().format("YYYY-MM-DD HH:mm:ss"), staff_id, PLANT, PLANT, "note.add", "note", 1, guest_id,
              before, before])


def draft(staff_id: int) -> None:
    """A draft left by a dropped session, offered back at the next sign-in."""
    _execute(f"INSERT INTO {_q(Draft._meta.table_name)} (staff_id, key, text, updated_at) VALUES (?, ?, ?, ?)",
             [staff_id, "quick_note", PLANT, clock.now().format("YYYY-MM-DD HH:mm:ss")])
