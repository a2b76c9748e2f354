"""Quick notes: "603 slept 5h, latch ok" goes to the guest in room 603, else to a chosen guest."""
from __future__ import annotations

import re
from dataclasses import dataclass

from store import clock
from store.errors import Invalid
from store.models import Guest, Note, Room, Stay
from store.text import check
from store.writes import Actor, Tx, write

MAX_LEN = 500
_ROOM_FIRST = re.compile(r"^\s*([A-Za-z]?\d{2,5}[A-Za-z]?)(?:[\s:：,，、]+|$)(.*)$", re.S)


@dataclass(frozen=True)
class SavedNote:
    id: int
    guest_id: int
    guest_name: str
    room: str
    text: str


def add_note(actor: Actor, text: str, *, guest_id: int | None = None) -> SavedNote:
    """Save a one-line note; a leading room number picks the guest staying there."""
    target, room, body = resolve_target(text, guest_id)

    def apply(tx: Tx) -> SavedNote:
        note = Note.create(guest=target.id, staff=actor.staff_id, at=clock.now(), text=body)
        tx.record("note", note.id, None, {"text": body, "room": room}, guest=target.id)
        return SavedNote(note.id, target.id, target.name, room, body)

    return write(actor, "note.add", apply)


def resolve_target(text: str, guest_id: int | None) -> tuple[Guest, str, str]:
    """(guest, room number or "", note body) or Invalid saying what to fix."""
    check("note", text)  # before the spaces are tidied: a control character is refused, not squashed
    text = " ".join((text or "").split())
    if not text:
        raise Invalid("note", "type the note, e.g. 603 slept 5h, latch ok")
    match = _ROOM_FIRST.match(text)
    room = Room.get_or_none(Room.number == match.group(1)) if match else None
    if room is not None:
        return _in_room(room), room.number, _body(match.group(2))
    if match:  # looks like a room number but is none: never let a typo land on the wrong guest
        raise Invalid("room", "there is no room {room}: check the number", room=match.group(1))
    if guest_id is not None:
        guest = Guest.get_or_none(Guest.id == guest_id)
        if guest is None:
            raise Invalid("guest", "that guest no longer exists: pick her again")
        return guest, current_room(guest.id), _body(text)
    raise Invalid("note", "start with a room number (603 slept 5h) or select a guest first")


def current_room(guest_id: int) -> str:
    """Room number of the guest's current stay, or ""."""
    stay = (Stay.select(Stay, Room).join(Room)
            .where(Stay.guest == guest_id, Stay.status == "admitted").first())
    return stay.room.number if stay else ""


def _in_room(room: Room) -> Guest:
    stay = (Stay.select().where(Stay.room == room.id, Stay.status == "admitted")
            .order_by(Stay.admitted_on.desc(), Stay.id.desc()).first())
    if stay is None:
        raise Invalid("room", "nobody is staying in room {room}: check the number", room=room.number)
    return Guest.get_by_id(stay.guest_id)


def _body(text: str) -> str:
    text = text.strip()
    if not text:
        raise Invalid("note", "write the note after the room number")
    if len(text) > MAX_LEN:
        raise Invalid("note", "keep it under {count} characters", count=MAX_LEN)
    return text
