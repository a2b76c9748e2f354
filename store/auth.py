"""Signing in on a shared terminal: staff number + PIN, online lockout, the first manager.

A PIN is a quick-switch factor (RELIABILITY.md): wrong PINs lock the account for a while
(Settings "lockout_attempts", default 5, and "lockout_minutes", default 5); every failure,
lockout and sign-in is an event in the audit trail.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from store import clock
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
    """Check number + PIN; return the Actor, or raise LoginFailed (and log why)."""
    number = (number or "").strip()
    if not number or not valid_pin(pin or ""):
        raise LoginFailed("invalid", "enter your staff number and a PIN of 4 to 8 digits")
    row = Staff.get_or_none(Staff.number == number)
    gate = _anonymous(number, terminal)
    if row is None:
        verify_pin(pin, _dummy_hash())  # unknown numbers cost as much time as known ones
        _log(gate, "login.failed", None, {"number": number, "why": "unknown number"})
        raise _bad_pin(0)
    if not row.active:
        _log(gate, "login.refused", row.id, {"number": number, "why": "inactive"})
        raise LoginFailed("inactive", "this account is deactivated: ask a manager")
    if _locked(row):
        _log(gate, "login.refused", row.id, {"number": number, "why": "locked"})
        raise _locked_error(row.locked_until)
    if not verify_pin(pin, row.pin_hash):
        _count_failure(gate, row.id)
    actor = Actor(row.id, inert(row.name), row.role, terminal, permissions_for(row.role))  # copied into records: clean
    write(actor, "login", lambda tx: _reset_failures(tx, row.id))
    return actor


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


def _count_failure(gate: Actor, staff_id: int) -> None:
    """One more wrong PIN; at the limit the account locks. Always raises LoginFailed."""
    attempts, minutes = lockout_policy()

    def apply(tx):
        row = Staff.get_by_id(staff_id)
        failed = row.failed_pins + 1
        if failed < attempts:
            Staff.update(failed_pins=failed).where(Staff.id == staff_id).execute()
            tx.record("staff", staff_id, None, {"failed_pins": failed}, action="login.failed")
            return _bad_pin(attempts - failed)
        until = clock.now() + dt.timedelta(minutes=minutes)
        Staff.update(failed_pins=0, locked_until=until).where(Staff.id == staff_id).execute()
        tx.record("staff", staff_id, None, {"failed_pins": failed, "locked_until": until.isoformat()},
                  action="login.locked")
        return _locked_error(until)

    raise write(gate, "login.failed", apply)


def _reset_failures(tx, staff_id: int) -> None:
    Staff.update(failed_pins=0, locked_until=None).where(
        (Staff.id == staff_id) & ((Staff.failed_pins != 0) | Staff.locked_until.is_null(False))
    ).execute()
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


def _log(gate: Actor, action: str, staff_id: int | None, after: dict) -> None:
    write(gate, action, lambda tx: tx.record("staff", staff_id, None, after))


def _positive(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default
