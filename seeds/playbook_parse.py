"""Parsers for the small languages inside a playbook step: offsets, bounds, windows, placeholders."""
from __future__ import annotations

import re
import string

from seeds.errors import SeedError
from seeds.playbook_schema import BOUND_NAMES, PLACEHOLDERS, UNITS, ZERO, Bound, Offset, Window

_UNIT = r"(minute|hour|day|week|month)s?"
_OFFSET = re.compile(rf"^(\d+)\s+{_UNIT}\s+(before|after)$")
_DURATION = re.compile(rf"^(\d+)\s+{_UNIT}$")
_BOUND = re.compile(rf"^([a-z_0-9]+)(?:\s*([+-])\s*(\d+)\s+{_UNIT})?$")
_WEEK = re.compile(r"^pregnancy week (\d{1,2})$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
SAME_DAY = ("same day", "on the day", "0")
MAX_SPAN_DAYS = 3 * 366  # an offset or bound reaches at most ~3 years: further is a typo, and overflows
_UNIT_DAYS = {"minutes": 1 / 1440, "hours": 1 / 24, "days": 1, "weeks": 7, "months": 31}
# What a script is rendered with at load (store/scripts.py fills the same names with text):
# a format spec or conversion that cannot render is refused then, not when a nurse opens the task.
SAMPLE_GUEST = {
    "zh": {"salutation": "王小姐", "name": "王小红", "baby": "宝宝", "room": "801", "day": "3",
           "staff": "李护士", "center": "悦心月子会所", "festival": "春节", "date": "11月24日 10:00"},
    "en": {"salutation": "Ms. Wang", "name": "王小红", "baby": "your baby", "room": "801", "day": "3",
           "staff": "Nurse Li", "center": "Yuexin", "festival": "Spring Festival", "date": "24 Nov 10:00"},
}

DEFAULT_WINDOWS = {
    "morning": Window("morning", (9, 0), (12, 0)),
    "afternoon": Window("afternoon", (14, 0), (17, 30)),
    "evening": Window("evening", (18, 30), (20, 30)),
    "day": Window("day", (9, 0), (17, 30)),
}


class FieldError(Exception):
    """A problem with one field; the loader adds file and step."""


def offset(text) -> Offset:
    """'3 days after' -> Offset(3, 'days'); '1 hour before' -> Offset(-1, 'hours'); 'same day' -> 0."""
    value = str(text).strip().lower()
    if value in SAME_DAY:
        return ZERO
    match = _OFFSET.match(value)
    if not match:
        raise FieldError(f"offset {text!r} is not like '3 days after', '60 minutes before' or 'same day'")
    amount, unit, side = int(match[1]), match[2] + "s", match[3]
    _within_span(amount, unit, f"offset {text!r}")
    return Offset(-amount if side == "before" else amount, unit)


def _within_span(amount: int, unit: str, what: str) -> None:
    if amount * _UNIT_DAYS[unit] > MAX_SPAN_DAYS:
        raise FieldError(f"{what} is more than 3 years: at most {MAX_SPAN_DAYS} days "
                         f"({MAX_SPAN_DAYS // 7} weeks, 36 months)")


def duration(text, what: str) -> Offset:
    """'1 month' -> Offset(1, 'months'); always positive."""
    match = _DURATION.match(str(text).strip().lower())
    if not match or int(match[1]) <= 0:
        raise FieldError(f"{what} {text!r} is not like '2 hours' or '1 month'")
    _within_span(int(match[1]), match[2] + "s", f"{what} {text!r}")
    return Offset(int(match[1]), match[2] + "s")


def bound(text, what: str) -> Bound:
    """'due_date', 'last_seen + 6 months', 'pregnancy week 24'."""
    value = str(text).strip().lower()
    week = _WEEK.match(value)
    if week:
        if not 1 <= int(week[1]) <= 42:
            raise FieldError(f"{what}: pregnancy week must be 1..42, got {week[1]}")
        return Bound(pregnancy_week=int(week[1]))
    match = _BOUND.match(value)
    if not match:
        raise FieldError(f"{what} {text!r} is not like 'due_date', 'discharge + 6 months' or 'pregnancy week 24'")
    if match[1] not in BOUND_NAMES:
        raise FieldError(f"{what}: unknown date {match[1]!r}")
    if not match[2]:
        return Bound(anchor=match[1])
    amount = int(match[3]) * (-1 if match[2] == "-" else 1)
    unit = match[4] + "s"
    if unit not in ("days", "weeks", "months"):
        raise FieldError(f"{what}: a bound moves by days, weeks or months, not {unit}")
    _within_span(abs(amount), unit, f"{what} {text!r}")
    return Bound(anchor=match[1], offset=Offset(amount, unit))


def window(value, windows: dict[str, Window]) -> Window | None:
    """A named window ('morning') or a clock range ('14:00-17:00'); 'exact' = the anchor's time."""
    text = str(value).strip()
    if text == "exact":
        return None
    if text in windows:
        return windows[text]
    match = _CLOCK.match(text)
    if not match:
        raise FieldError(f"window {text!r} is not one of {', '.join(sorted(windows))}, 'exact' or like '14:00-17:00'")
    start, end = (int(match[1]), int(match[2])), (int(match[3]), int(match[4]))
    if not (start < end <= (23, 59)) or start[1] > 59 or end[1] > 59:
        raise FieldError(f"window {text!r}: start must be before end, within one day")
    return Window(text, start, end)


def placeholders(text: str, what: str, allowed=PLACEHOLDERS) -> None:
    """Refuse a script that names a placeholder we cannot fill ({nmae})."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise FieldError(f"{what}: {exc} (write {{{{ and }}}} for literal braces)") from exc
    for name in names:
        if name not in allowed:
            raise FieldError(f"{what}: unknown placeholder {{{name}}} (known: {', '.join(allowed)})")


def renders(text: str, what: str, lang: str) -> None:
    """Refuse a text that does not fill in for a sample guest ({salutation:d}, {name!x})."""
    try:
        text.format_map(SAMPLE_GUEST[lang])
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
        raise FieldError(f"{what}: does not render for a guest ({type(exc).__name__}: {exc}); "
                         "write a placeholder as {name}, with no format after it") from exc


def bilingual(value, what: str, allowed=PLACEHOLDERS) -> dict[str, str]:
    """A {zh, en} pair of non-empty strings with only known placeholders."""
    if not isinstance(value, dict) or not {"zh", "en"} <= set(value):
        raise FieldError(f"{what} needs zh and en")
    for lang in ("zh", "en"):
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise FieldError(f"{what}.{lang} must be non-empty text")
        placeholders(value[lang], f"{what}.{lang}", allowed)
        renders(value[lang], f"{what}.{lang}", lang)
    return {"zh": value["zh"].strip(), "en": value["en"].strip()}


def unit_ok(unit: str) -> bool:
    return unit in UNITS
