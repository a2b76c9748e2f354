"""The plausible range of every date a person or a file enters, in one place.

A date outside its range is refused at the door (forms: Invalid naming the field and the range;
imports: a row error with row, column and the range), so no year 9999 or 0001 ever reaches
planning, where date arithmetic overflows. Ranges are relative to the center's today, except
birthdays (after 1900, not in the future). A field with no entry here is a programming error
(KeyError): every date field is listed on purpose.

    check("due_date", day, today)        # Invalid("due_date", "... outside the allowed range ...")
    allowed("due_date", today)           # (earliest, latest)
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from store.errors import Invalid

YEAR = 365
PAST = 10 * YEAR  # history a center may import: guests of ten years ago


class Range(NamedTuple):
    """Days before and after today a date may be; `earliest` fixes the start instead."""
    before: int | None
    after: int
    earliest: dt.date | None = None


# The net for implausible values only: the forms' own rules ("a contract cannot be signed in the
# future") are checked after it and say more, so a range leaves them room where they exist.
FIELDS: dict[str, Range] = {
    # a contract and its stay (forms and imports)
    "due_date": Range(PAST, YEAR),  # a due date is at most ~40 weeks ahead at signing
    "signed_on": Range(PAST, YEAR),
    "admitted_on": Range(PAST, YEAR),  # in the future it is the planned admission
    "admission_date": Range(PAST, YEAR),
    "planned_admission": Range(PAST, YEAR),
    "discharged_on": Range(PAST, YEAR),
    "delivery_date": Range(PAST, 0),
    "hospital_discharge_on": Range(PAST, YEAR),
    # the guest
    "birthday": Range(None, 0, dt.date(1900, 1, 1)),
    "born_on": Range(PAST, 0),
    "declined_on": Range(PAST, 0),
    # clinics
    "consulted_on": Range(PAST, YEAR),
    "converted_on": Range(PAST, YEAR),
    "performed_on": Range(PAST, YEAR),
    "stitch_removal_on": Range(PAST, YEAR),
    "done_on": Range(PAST, YEAR),
    "at": Range(PAST, 2 * YEAR),  # an appointment
    # complaints, car requests
    "received_at": Range(PAST, YEAR),
    "deadline": Range(PAST, 2 * YEAR),
    "plan_due": Range(PAST, 2 * YEAR),
    "pickup_at": Range(PAST, YEAR),
    # `carefloor due --on`
    "on": Range(PAST, 2 * YEAR),
}


def allowed(field: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """(earliest, latest) a date in `field` may be."""
    rule = FIELDS[field]
    earliest = rule.earliest if rule.earliest is not None else today - dt.timedelta(days=rule.before)
    return earliest, today + dt.timedelta(days=rule.after)


def within(field: str, day: dt.date, today: dt.date) -> bool:
    earliest, latest = allowed(field, today)
    return earliest <= day <= latest


def check(field: str, day: dt.date, today: dt.date) -> dt.date:
    """`day` if it is plausible for `field`, else Invalid naming the field and the range."""
    if isinstance(day, dt.datetime):
        day_only = day.date()
    else:
        day_only = day
    earliest, latest = allowed(field, today)
    if not earliest <= day_only <= latest:
        raise Invalid(field, "{day} is outside the allowed range {earliest} to {latest}",
                         day=day_only.isoformat(), earliest=earliest.isoformat(), latest=latest.isoformat())
    return day
