"""Shared pieces of the lifecycle workflows: parsing form input, look-ups, anchor changes."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import arrow

from store import bounds, clock
from store.errors import Invalid, NotFound
from store.models import Guest, Staff, Stay

PHONE_RE = re.compile(r"^\+?\d[\d -]{5,18}\d$")


def anchors_changed(tx, guest_id: int) -> None:
    """This guest's anchor dates moved: her tasks are re-planned before the write commits."""
    from store.generate import mark_anchors_changed

    mark_anchors_changed(tx, guest_id)


def parse_date(field: str, value, *, required: bool = True) -> dt.date | None:
    """A date from a date or 'YYYY-MM-DD' text; Invalid names the field."""
    if isinstance(value, dt.datetime):
        return bounds.check(field, value.date(), clock.today())
    if isinstance(value, dt.date):
        return bounds.check(field, value, clock.today())
    text = (value or "").strip()
    if not text:
        if required:
            raise Invalid(field, "enter a date as YYYY-MM-DD")
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(field, "{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-01", text=text) from None
    return bounds.check(field, day, clock.today())


def parse_money(field: str, value, *, required: bool = False) -> int:
    """Cents from yuan text ('12800', '199.50') or an int of cents."""
    if isinstance(value, int):
        cents = value
    else:
        text = (value or "").strip().replace(",", "").lstrip("¥")
        if not text:
            if required:
                raise Invalid(field, "enter an amount in yuan, e.g. 5000")
            return 0
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise Invalid(field, "{text!r} is not an amount: use yuan, e.g. 5000 or 199.50", text=text) from None
        if amount != amount.quantize(Decimal("0.01")):
            raise Invalid(field, "at most two decimals (fen)")
        cents = int(amount * 100)
    if cents < 0:
        raise Invalid(field, "the amount cannot be negative")
    return cents


def parse_local_time(field: str, value) -> arrow.Arrow:
    """'YYYY-MM-DD HH:MM' in the center's zone, as UTC."""
    text = (value or "").strip()
    try:
        local = arrow.get(text, "YYYY-MM-DD HH:mm", tzinfo=clock.timezone())
    except (arrow.parser.ParserError, ValueError):
        raise Invalid(field, "{text!r} is not a time: use YYYY-MM-DD HH:MM, e.g. 2026-11-24 10:30", text=text) from None
    bounds.check(field, local.date(), clock.today())
    return local.to("UTC")


def check_phone(value: str) -> str:
    phone = (value or "").strip()
    if not phone:
        raise Invalid("phone", "enter the guest's phone number")
    if not PHONE_RE.match(phone) or len(re.sub(r"\D", "", phone)) < 7:
        raise Invalid("phone", "{phone!r} is not a phone number: digits only, e.g. 13800138000", phone=phone)
    return phone


def need_text(field: str, value: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise Invalid(field, "enter {what}", what=what)
    return text


def stay_or_404(stay_id: int) -> Stay:
    stay = Stay.get_or_none(Stay.id == stay_id)
    if stay is None:
        raise NotFound("no contract with id {id}", id=stay_id)
    return stay


def guest_or_404(guest_id: int) -> Guest:
    guest = Guest.get_or_none(Guest.id == guest_id)
    if guest is None:
        raise NotFound("no guest with id {id}", id=guest_id)
    return guest


def staff_ref(field: str, value) -> Staff | None:
    """A staff member by id, staff number or (when only one active member has it) full name;
    None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, int):
        staff = Staff.get_or_none(Staff.id == value)
    else:
        text = str(value).strip()
        staff = Staff.get_or_none(Staff.number == text) or _staff_named(field, text)
    if staff is None or not staff.active:
        raise Invalid(field, "no active staff member {value!r}", value=value)
    return staff


def _staff_named(field: str, name: str) -> Staff | None:
    named = list(Staff.select().where((Staff.name == name) & (Staff.active == True)).limit(2))  # noqa: E712
    if len(named) > 1:
        raise Invalid(field, "more than one staff member is named {value!r}: use the staff number", value=name)
    return named[0] if named else None


def staff_name(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    staff = Staff.get_or_none(Staff.id == staff_id)
    return staff.name if staff else f"#{staff_id}"


def local_hm(at) -> str:
    """An instant as the center's local 'MM-DD HH:mm' for messages ("signed by 李护士 at 11-23 10:42")."""
    return arrow.get(at).to(clock.timezone()).format("MM-DD HH:mm")
