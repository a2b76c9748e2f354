"""Creating guests, stays and babies inside a write (see store.writes.write).

Each helper takes the `tx` of the running write, inserts one row, records its event and
returns the new id. Search keys (pinyin initials, phone tail) are always filled here, so
every way a guest enters the database (demo, import, the app) finds her the same way.

    write(actor, "guest.add", lambda tx: create_guest(tx, name="张晓红", phone="13800138000",
                                                     entered_on=clock.today()))
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from store import clock
from store.errors import Invalid
from store.models import Baby, Guest, Room, Stay
from store.names import initials, phone_last4

STAY_STATUSES = ("signed", "admitted", "discharged", "cancelled")
DELIVERY_TYPES = ("", "vaginal", "c_section")


def create_guest(tx, *, name: str, entered_on: dt.date, **fields: Any) -> int:
    """A guest (mother or client) with her search keys; returns the id."""
    name = (name or "").strip()
    if not name:
        raise Invalid("name", "a guest needs a name")
    phone = (fields.pop("phone", "") or "").strip()
    guest = Guest.create(
        name=name, phone=phone, initials=initials(name), phone_last4=phone_last4(phone),
        entered_on=entered_on, created_at=fields.pop("created_at", None) or clock.now(),
        anchors_changed_at=clock.now(), **fields,
    )
    tx.record("guest", guest.id, None, _public(guest), guest=guest.id, action="guest.add")
    from store.generate import plan_with  # the playbook engine: loaded when a guest is first added

    plan_with(tx, guest.id)  # her visits and calls exist before any screen shows her
    return guest.id


def create_stay(tx, *, guest_id: int, contract_no: str, **fields: Any) -> int:
    """A postpartum contract (and the stay it buys); planned discharge follows the package."""
    status = fields.setdefault("status", "signed")
    if status not in STAY_STATUSES:
        raise Invalid("status", "unknown stay status {status!r}", status=status)
    if fields.get("delivery_type", "") not in DELIVERY_TYPES:
        raise Invalid("delivery_type", "use vaginal or c_section")
    start = fields.get("admitted_on") or fields.get("planned_admission")
    if start and not fields.get("planned_discharge"):
        fields["planned_discharge"] = start + dt.timedelta(days=fields.get("package_days", 28))
    stay = Stay.create(guest=guest_id, contract_no=contract_no, **fields)
    tx.record("stay", stay.id, None, _stay_public(stay), guest=guest_id, action="stay.add")
    from store.generate import mark_anchors_changed

    mark_anchors_changed(tx, guest_id)  # a new contract: its steps are planned with the write
    return stay.id


def create_baby(tx, *, guest_id: int, **fields: Any) -> int:
    baby = Baby.create(guest=guest_id, **fields)
    tx.record("baby", baby.id, None, {"name": baby.name, "sex": baby.sex, "born_on": baby.born_on},
              guest=guest_id, action="baby.add")
    return baby.id


def set_room_status(tx, room_id: int, status: str, *, guest: int | None = None) -> None:
    """Move a room to a new status, recording before and after."""
    room = Room.get_by_id(room_id)
    if room.status == status:
        return
    Room.update(status=status).where(Room.id == room_id).execute()
    tx.record("room", room_id, {"status": room.status}, {"status": status}, guest=guest,
              action="room.status")


def _public(guest: Guest) -> dict[str, Any]:
    """What the event log keeps of a new guest: identity, not health details."""
    return {"name": guest.name, "phone_last4": guest.phone_last4, "kind": guest.kind,
            "entered_on": guest.entered_on}


def _stay_public(stay: Stay) -> dict[str, Any]:
    return {"contract_no": stay.contract_no, "status": stay.status, "room": stay.room_id,
            "admitted_on": stay.admitted_on, "planned_discharge": stay.planned_discharge}
