"""Staff accounts: add, list, reset PIN, deactivate, change role — each one write with its event.

The first account of an empty database may be added by SYSTEM (the `carefloor staff add`
command run on the server); after that, the actor needs the staff_admin permission.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from seeds.roles import load_roles
from store import clock
from store.errors import Conflict, Invalid, NotFound
from store.models import Staff
from store.permissions import require
from store.pins import hash_pin, valid_pin
from store.text import check
from store.writes import Actor, write

NUMBER_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


@dataclass(frozen=True)
class StaffRow:
    id: int
    number: str
    name: str
    role: str
    active: bool
    has_pin: bool


def list_staff(*, include_inactive: bool = True) -> list[StaffRow]:
    query = Staff.select().order_by(Staff.number)
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712 (peewee expression)
    return [_row(s) for s in query]


def get_staff(number: str) -> StaffRow:
    return _row(_by_number(number))


def add_staff(actor: Actor, number: str, name: str, role: str, pin: str, *,
              pin_hash: str | None = None) -> StaffRow:
    """A new account; `pin_hash` lets the demo reuse one slow hash for many accounts."""
    require(actor, "staff_admin")
    number, name = _check_number(number), (name or "").strip()
    if not name:
        raise Invalid("name", "a staff member needs a name")
    check("name", name, max_len=Staff.name.max_length)  # before the slow PIN hash
    _check_role(role)
    hashed = pin_hash or _hash(pin)
    if Staff.get_or_none(Staff.number == number):
        raise Conflict("staff number {number} is already taken", number=number)

    def apply(tx):
        staff = Staff.create(number=number, name=name, role=role, pin_hash=hashed, created_at=clock.now())
        tx.record("staff", staff.id, None, {"number": number, "name": name, "role": role})
        return staff

    return _row(write(actor, "staff.add", apply))


def reset_pin(actor: Actor, number: str, pin: str) -> None:
    """New PIN, and the failed-try lock lifted."""
    require(actor, "staff_admin")
    staff = _by_number(number)
    hashed = _hash(pin)

    def apply(tx):
        Staff.update(pin_hash=hashed, failed_pins=0, locked_until=None).where(Staff.id == staff.id).execute()
        tx.record("staff", staff.id, None, {"pin": "reset"})

    write(actor, "staff.reset_pin", apply)


def deactivate(actor: Actor, number: str) -> None:
    """The account can no longer log in; its history stays."""
    require(actor, "staff_admin")
    staff = _by_number(number)
    if not staff.active:
        raise Conflict("staff {number} is already deactivated", number=number)
    if staff.role == "manager" and _active_managers() <= 1:
        raise Conflict("{number} is the last active manager: add another manager first", number=number)
    _update(actor, staff, "staff.deactivate", active=False)


def change_role(actor: Actor, number: str, role: str) -> None:
    require(actor, "staff_admin")
    _check_role(role)
    staff = _by_number(number)
    if staff.role == "manager" and role != "manager" and staff.active and _active_managers() <= 1:
        raise Conflict("{number} is the last active manager: add another manager first", number=number)
    _update(actor, staff, "staff.change_role", role=role)


def _update(actor: Actor, staff: Staff, action: str, **changes) -> None:
    before = {key: getattr(staff, key) for key in changes}

    def apply(tx):
        Staff.update(**changes).where(Staff.id == staff.id).execute()
        tx.record("staff", staff.id, before, changes)

    write(actor, action, apply)


def _active_managers() -> int:
    return Staff.select().where((Staff.role == "manager") & (Staff.active == True)).count()  # noqa: E712


def _by_number(number: str) -> Staff:
    staff = Staff.get_or_none(Staff.number == (number or "").strip())
    if staff is None:
        raise NotFound("no staff with number {number!r}", number=number)
    return staff


def _check_number(number: str) -> str:
    number = (number or "").strip()
    if not NUMBER_RE.match(number):
        raise Invalid("number", "use 1-16 letters, digits, - or _ (e.g. N1)")
    return number


def _check_role(role: str) -> None:
    roles = load_roles()
    if role not in roles:
        raise Invalid("role", "unknown role {role!r}: use one of {choices}", role=role, choices=", ".join(sorted(roles)))


def _hash(pin: str) -> str:
    if not valid_pin(pin or ""):
        raise Invalid("pin", "a PIN is 4 to 8 digits")
    return hash_pin(pin)


def _row(staff: Staff) -> StaffRow:
    return StaffRow(staff.id, staff.number, staff.name, staff.role, staff.active, bool(staff.pin_hash))
