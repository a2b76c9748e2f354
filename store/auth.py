"""Signing in on a shared terminal: staff number + PIN, online lockout, the first manager.

A PIN is a quick-switch factor (RELIABILITY.md): wrong PINs lock the account for a while
(Settings "lockout_attempts", default 5, and "lockout_minutes", default 5); every failure,
lockout and sign-in is an event in the audit trail.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from store import clock
from store.db import is_sqlite
from store.errors import Invalid, StoreError
from store.models import Staff
from store.permissions import permissions_for
from store.pins import hash_pin, valid_pin, verify_pin
from store.settings import get_setting
from store.text import check, inert
from store.writes import Actor, write

LOCKOUT_ATTEMPTS = 5
LOCKOUT_MINUTES = 5
FIRST_ROLE = "manager"
NUMBER_RE = re.compile(r"[A-Za-z0-9_-]{1,16}")  # as store/staff.py


class LoginFailed(StoreError):
    """Sign-in refused; `reason` is one of bad_pin, locked, inactive, invalid."""

    def __init__(self, reason: str, template: str, /, *, minutes: int = 0, left: int = 0, **params):
        super().__init__(template, **params)
        self.reason = reason
        self.minutes = minutes
        self.left = left


def actor_for(staff_id: int, terminal: str = "") -> Actor:
    """The Actor of an existing staff member (used after sign-in and by CLI commands)."""
    row = Staff.get_by_id(staff_id)
    return Actor(row.id, inert(row.name), row.role, terminal, permissions_for(row.role))


def login(number: str, pin: str, terminal: str = "") -> Actor:
    """Check number + PIN; return the Actor, or raise LoginFailed (and log why).

    Three steps, so that neither a burst of parallel tries nor a slow hash beats the lockout:
    the try is reserved (counted, lock checked) in one short write; the PIN is hashed outside any
    transaction; the outcome is written. A try that finds no try left is refused unchecked."""
    number = (number or "").strip()
    if not number or not valid_pin(pin or ""):
        raise LoginFailed("invalid", "enter your staff number and a PIN of 4 to 8 digits")
    gate = _anonymous(number, terminal)
    ticket = _reserve(gate, number, SIGN_IN)
    if not _checked(pin, ticket):
        _record_failure(gate, ticket, SIGN_IN)
    actor = Actor(ticket.staff_id, inert(ticket.name), ticket.role, terminal,
                  permissions_for(ticket.role))  # the name is copied into records: clean
    write(actor, "login", lambda tx: _signed_in(tx, ticket.staff_id))
    return actor


def change_own_pin(actor: Actor, old_pin: str, new_pin: str) -> None:
    """The signed-in person sets a new PIN, proving the current one. A wrong current PIN counts
    as a wrong sign-in (it is a guess all the same): at the limit the account locks."""
    if actor.staff_id is None:
        raise Invalid("old_pin", "only a signed-in staff member has a PIN to change")
    if not valid_pin(old_pin or ""):
        raise Invalid("old_pin", "enter your current PIN (4 to 8 digits)")
    if not valid_pin(new_pin or ""):
        raise Invalid("new_pin", "use 4 to 8 digits")
    if new_pin == old_pin:
        raise Invalid("new_pin", "the new PIN is the same as the current one: choose another")
    new_hash = hash_pin(new_pin)  # slow: before any write
    row = Staff.get_or_none(Staff.id == actor.staff_id)
    if row is None:
        raise Invalid("old_pin", "only a signed-in staff member has a PIN to change")
    ticket = _reserve(actor, row.number, CHANGE_PIN)
    if not _checked(old_pin, ticket):
        _record_failure(actor, ticket, CHANGE_PIN)

    def apply(tx):
        Staff.update(pin_hash=new_hash, failed_pins=0, locked_until=None).where(Staff.id == ticket.staff_id).execute()
        tx.record("staff", ticket.staff_id, None, {"pin": "changed"})  # never the PIN or its hash

    write(actor, "staff.change_own_pin", apply)


def needs_first_manager() -> bool:
    """True for a database with no staff at all: the app asks for the first manager."""
    return not Staff.select().exists()


def create_first_manager(number: str, name: str, pin: str, terminal: str = "") -> Actor:
    """Create the first manager account of an empty database and sign them in."""
    number, name = (number or "").strip(), (name or "").strip()
    _check_new_account(number, name, pin)
    pin_hash = hash_pin(pin)

    def apply(tx):
        if Staff.select().exists():
            raise Invalid("staff", "this database already has staff: sign in instead")
        row = Staff.create(number=number, name=name, role=FIRST_ROLE, pin_hash=pin_hash, created_at=clock.now())
        tx.record("staff", row.id, None, {"number": number, "name": name, "role": FIRST_ROLE})
        return row.id

    gate = Actor(None, name, "system", terminal)
    staff_id = write(gate, "staff.first_manager", apply)
    return actor_for(staff_id, terminal)


def lockout_policy() -> tuple[int, int]:
    """(attempts, minutes) from settings, defaults 5 and 5."""
    attempts = _positive(get_setting("lockout_attempts"), LOCKOUT_ATTEMPTS)
    minutes = _positive(get_setting("lockout_minutes"), LOCKOUT_MINUTES)
    return attempts, minutes


def _check_new_account(number: str, name: str, pin: str) -> None:
    if not NUMBER_RE.fullmatch(number):
        raise Invalid("number", "use 1 to 16 letters, digits, - or _")
    if not name or len(name) > 64:
        raise Invalid("name", "enter a name of at most 64 characters")
    check("name", name)
    if not valid_pin(pin or ""):
        raise Invalid("pin", "use 4 to 8 digits")


@dataclass(frozen=True)
class _Purpose:
    """Why a PIN is checked: names the reservation and wrong-PIN events."""

    attempt: str
    failed: str


SIGN_IN = _Purpose("login.attempt", "login.failed")
CHANGE_PIN = _Purpose("staff.change_own_pin.attempt", "staff.change_own_pin.failed")


@dataclass(frozen=True)
class _Ticket:
    """A reserved PIN check: whose (staff_id None: an unknown number), the hash, which try it is."""

    staff_id: int | None
    number: str
    name: str
    role: str
    pin_hash: str
    slot: int  # 1..attempts: this try's place among the tries allowed
    attempts: int
    locks: bool  # the last try allowed: the account is locked until its PIN proves right


def _reserve(gate: Actor, number: str, purpose: _Purpose) -> _Ticket:
    """Count one more try and check the lock, in one short write; LoginFailed when refused.

    The staff row is read locked (SQLite: the write transaction holds the database's one write
    lock; PostgreSQL: SELECT ... FOR UPDATE), so two tries never take the same place. The last
    try allowed locks the account at once; only its right PIN lifts the lock again."""
    attempts, minutes = lockout_policy()

    def apply(tx):
        now = clock.now()
        row = _row_for_update(number)
        if row is None:
            tx.record("staff", None, None, {"number": number}, action=purpose.attempt)
            return _Ticket(None, number, "", "", "", 0, attempts, False)
        if not row.active or _locked(row):
            return _refusal(tx, row, number)
        slot = row.failed_pins + 1
        after = {"number": number, "try": slot, "of": attempts}
        locks = slot >= attempts
        if locks:
            until = now + dt.timedelta(minutes=minutes)
            Staff.update(failed_pins=0, locked_until=until).where(Staff.id == row.id).execute()
            after["locked_until"] = until.isoformat()
        else:
            Staff.update(failed_pins=slot).where(Staff.id == row.id).execute()
        tx.record("staff", row.id, None, after, action=purpose.attempt)
        return _Ticket(row.id, number, row.name, row.role, row.pin_hash, slot, attempts, locks)

    found = write(gate, purpose.attempt, apply)
    if isinstance(found, LoginFailed):
        raise found
    return found


def _row_for_update(number: str) -> Staff | None:
    query = Staff.select().where(Staff.number == number)
    return (query if is_sqlite() else query.for_update()).first()


def _refusal(tx, row: Staff, number: str) -> LoginFailed:
    """Why a try was not even reserved (deactivated or locked), recorded in the same write."""
    if not row.active:
        tx.record("staff", row.id, None, {"number": number, "why": "inactive"}, action="login.refused")
        return LoginFailed("inactive", "this account is deactivated: ask a manager")
    tx.record("staff", row.id, None, {"number": number, "why": "locked"}, action="login.refused")
    return _locked_error(row.locked_until)


def _checked(pin: str, ticket: _Ticket) -> bool:
    """The slow hash, outside any transaction; an unknown number costs the same time."""
    if ticket.staff_id is None:
        verify_pin(pin, _dummy_hash())
        return False
    return verify_pin(pin, ticket.pin_hash)


def _record_failure(gate: Actor, ticket: _Ticket, purpose: _Purpose) -> None:
    """Write what a wrong PIN did (the try was counted when reserved). Always raises LoginFailed:
    "locked" when the account is locked by now (this try's lock, or another try's meanwhile)."""

    def apply(tx):
        if ticket.staff_id is None:
            tx.record("staff", None, None, {"number": ticket.number, "why": "unknown number"}, action=purpose.failed)
            return _bad_pin(0)
        row = Staff.get_by_id(ticket.staff_id)
        if not _locked(row):
            tx.record("staff", row.id, None, {"try": ticket.slot}, action=purpose.failed)
            return _bad_pin(max(0, ticket.attempts - row.failed_pins))
        if ticket.locks:  # this try was the last one allowed: the lock it set stands
            tx.record("staff", row.id, None, {"try": ticket.slot, "locked_until": row.locked_until.isoformat()},
                      action="login.locked")
        else:
            tx.record("staff", row.id, None, {"try": ticket.slot}, action=purpose.failed)
        return _locked_error(row.locked_until)

    raise write(gate, purpose.failed, apply)


def _signed_in(tx, staff_id: int) -> None:
    """A right PIN: the count of wrong ones starts again and a lock this try set is lifted."""
    Staff.update(failed_pins=0, locked_until=None).where(Staff.id == staff_id).execute()
    tx.record("staff", staff_id)


def _locked(row: Staff) -> bool:
    return row.locked_until is not None and row.locked_until > clock.now()


def _locked_error(until) -> LoginFailed:
    seconds = max(0, (until - clock.now()).total_seconds())
    minutes = max(1, int(-(-seconds // 60)))
    return LoginFailed("locked", "too many wrong PINs: this account is locked for {count} more minute(s)",
                       minutes=minutes, count=minutes)


def _bad_pin(left: int) -> LoginFailed:
    return LoginFailed("bad_pin", "wrong staff number or PIN", left=left)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_pin("00000000")


def _anonymous(number: str, terminal: str) -> Actor:
    """Who the log names before anyone has signed in: the number that was typed."""
    return Actor(None, f"#{number[:16]}", "anonymous", terminal)


def _positive(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default
