"""Admission and room change: a room goes to exactly one guest.

Two terminals assigning the same room at once: the room is taken by a conditional UPDATE
(status still vacant, or reserved for this very contract) inside the write transaction.
SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL re-checks the WHERE after the
row lock is released. Either way the loser updates no row and gets a Conflict naming who
took the room.
"""
from __future__ import annotations

import datetime as dt

from store import clock
from store.errors import Conflict, Invalid
from store.lifecycle import anchors_changed, local_hm, need_text, stay_or_404
from store.models import Event, Guest, Room, Stay
from store.writes import Actor, write

JUST_NOW = dt.timedelta(minutes=10)  # a room taken this recently was "just taken" (a race), else it is occupied


def admit(actor: Actor, stay_id: int, room_number: str) -> None:
    """Admission day (day 1 of the stay): the guest moves into `room_number`."""
    number = need_text("room", room_number, "a room number")
    stay = stay_or_404(stay_id)
    if stay.status != "signed":
        raise Conflict("contract {contract_no} is already {status}", contract_no=stay.contract_no, status=stay.status)

    def apply(tx):
        room = _room(number)
        _take(tx, room, stay)
        today = clock.today()
        after = {"status": "admitted", "admitted_on": today, "room": room.id,
                 "planned_discharge": today + dt.timedelta(days=stay.package_days)}
        if not Stay.update(**after).where((Stay.id == stay_id) & (Stay.status == "signed")).execute():
            raise Conflict("contract {contract_no} was admitted a moment ago by someone else", contract_no=stay.contract_no)
        tx.record("stay", stay_id, {"status": "signed", "room": stay.room_id}, after, guest=stay.guest_id)
        if stay.room_id and stay.room_id != room.id:
            _set(tx, stay.room_id, "reserved", "vacant", stay.guest_id)
        anchors_changed(tx, stay.guest_id)

    write(actor, "stay.admit", apply)


def change_room(actor: Actor, stay_id: int, room_number: str, reason: str) -> None:
    """Move an admitted guest; the old room goes to cleaning."""
    number = need_text("room", room_number, "a room number")
    reason = need_text("reason", reason, "why the guest changes room")
    stay = stay_or_404(stay_id)
    if stay.status != "admitted":
        raise Conflict("contract {contract_no} is {status}: only a guest in house changes room",
                       contract_no=stay.contract_no, status=stay.status)

    def apply(tx):
        room = _room(number)
        if room.id == stay.room_id:
            raise Invalid("room", "the guest is already in room {number}", number=number)
        _take(tx, room, stay)
        Stay.update(room=room.id).where(Stay.id == stay_id).execute()
        tx.record("stay", stay_id, {"room": stay.room_id}, {"room": room.id, "reason": reason}, guest=stay.guest_id)
        if stay.room_id:
            _set(tx, stay.room_id, "occupied", "cleaning", stay.guest_id)

    write(actor, "stay.room_change", apply)


def _room(number: str) -> Room:
    room = Room.get_or_none(Room.number == number)
    if room is None:
        raise Invalid("room", "there is no room {number}", number=number)
    return room


def _take(tx, room: Room, stay: Stay) -> None:
    """vacant (or reserved for this stay) -> occupied, or Conflict naming who holds it."""
    free = (Room.status == "vacant") | ((Room.status == "reserved") & (Room.id == (stay.room_id or 0)))
    if Room.update(status="occupied").where((Room.id == room.id) & free).execute():
        before = "reserved" if room.id == stay.room_id else "vacant"
        tx.record("room", room.id, {"status": before}, {"status": "occupied"}, guest=stay.guest_id,
                  action="room.status")
        return
    raise _who_holds(Room.get_by_id(room.id))


def _set(tx, room_id: int, old: str, new: str, guest_id: int) -> None:
    if Room.update(status=new).where((Room.id == room_id) & (Room.status == old)).execute():
        tx.record("room", room_id, {"status": old}, {"status": new}, guest=guest_id, action="room.status")


def _who_holds(room: Room) -> Conflict:
    holder = (Stay.select(Stay, Guest).join(Guest).where((Stay.room == room.id) & Stay.status.in_(("signed", "admitted")))
              .order_by(Stay.id.desc()).first())
    last = (Event.select().where((Event.entity == "room") & (Event.entity_id == room.id))
            .order_by(Event.id.desc()).first())
    by = {"by": last.staff_name, "at": local_hm(last.at)} if last else {}
    if room.status == "occupied" and holder and by and clock.now() - last.at <= JUST_NOW:
        return Conflict("room {room} was just taken by {by} at {at} for {guest}: choose another room",
                        room=room.number, guest=holder.guest.name, **by)
    if room.status == "occupied" and holder and by:
        return Conflict("room {room} is occupied by {guest} (since {when}, {by}): choose another room",
                        room=room.number, guest=holder.guest.name, by=by["by"], when=by["at"])
    if room.status == "occupied" and holder:
        return Conflict("room {room} is occupied by {guest}: choose another room",
                        room=room.number, guest=holder.guest.name)
    if room.status == "reserved" and holder:
        return Conflict("room {room} is reserved for {guest} (contract {contract_no})",
                        room=room.number, guest=holder.guest.name, contract_no=holder.contract_no)
    status = room.status.replace("_", " ")
    if by:
        return Conflict("room {room} is {status} by {by} at {at}: choose another room",
                        room=room.number, status=status, **by)
    return Conflict("room {room} is {status}: choose another room", room=room.number, status=status)
