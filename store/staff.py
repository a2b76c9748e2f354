"""Staff accounts: add, list, reset PIN, unlock, deactivate, change role — each one write with its event.

The first account of an empty database may be added by SYSTEM (the `carefloor staff add`
command run on the server); after that, the actor needs the staff_admin permission.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import arrow

from seeds.roles import load_roles
from store import clock
from store.errors import Conflict, Invalid, NotFound, StoreError
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
    locked_until: dt.datetime | None = None  # UTC; set while too many wrong PINs keep it locked
    failed_pins: int = 0  # wrong PINs since the last right one

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > clock.now()

    def lock_ends(self) -> str:
        """When the lock ends, "HH:mm" in the center's zone."""
        return arrow.get(self.locked_until).to(clock.timezone()).format("HH:mm") if self.locked_until else ""


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


def unlock(actor: Actor, number: str) -> None:
    """Lift a lock (and the count of wrong PINs) before its minutes are up: the person proved
    who she is to a manager. The PIN stays as it is."""
    require(actor, "staff_admin")
    staff = _by_number(number)
    row = _row(staff)
    if not row.locked and not row.failed_pins:
        raise Conflict("{number} is not locked", number=number)
    before = {"failed_pins": row.failed_pins,
              "locked_until": row.locked_until.isoformat() if row.locked else None}

    def apply(tx):
        Staff.update(failed_pins=0, locked_until=None).where(Staff.id == staff.id).execute()
        tx.record("staff", staff.id, before, {"failed_pins": 0, "locked_until": None})

    write(actor, "staff.unlock", apply)


def deactivate(actor: Actor, number: str) -> None:
    """The account can no longer log in; its history stays."""
    require(actor, "staff_admin")
    staff = _by_number(number)
    refusal = deactivate_refusal(number, staff.role, staff.active, _active_managers())
    if refusal is not None:
        raise refusal
    _update(actor, staff, "staff.deactivate", active=False)


def deactivate_refusal(number: str, role: str, active: bool, active_managers: int) -> StoreError | None:
    """Why this account cannot be deactivated (already; the last active manager), or None. Pure:
    the staff screen asks it with its list's figures before its question."""
    if not active:
        return Conflict("staff {number} is already deactivated", number=number)
    if role == "manager" and active_managers <= 1:
        return Conflict("{number} is the last active manager: add another manager first", number=number)
    return None


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
    return StaffRow(staff.id, staff.number, staff.name, staff.role, staff.active, bool(staff.pin_hash),
                    staff.locked_until, staff.failed_pins)
