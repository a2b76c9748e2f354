"""Staff fixtures for the auth tests (inserted directly: fixtures may skip the write path)."""
from __future__ import annotations

from store import clock
from store.models import Staff
from store.pins import hash_pin

_HASHES: dict[str, str] = {}


def add_staff(number: str, name: str, role: str, pin: str = "1234", active: bool = True) -> int:
    """A staff row with a real scrypt PIN hash (cached per PIN to keep tests quick)."""
    if pin not in _HASHES:
        _HASHES[pin] = hash_pin(pin)
    row = Staff.create(number=number, name=name, role=role, pin_hash=_HASHES[pin], active=active,
                       created_at=clock.now())
    return row.id


def add_guest(name: str, phone: str = "13812341234", health_notes: str = "") -> int:
    from store.models import Guest

    row = Guest.create(name=name, phone=phone, phone_last4=phone[-4:], health_notes=health_notes,
                       entered_on=clock.today(), created_at=clock.now())
    return row.id
