"""Checking imported rows: headers (English or Chinese) to columns, cells to values, and
every reason a row cannot go in (bad date or phone, unknown or taken room, duplicate)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from store import bounds, text
from store.errors import StoreError
from store.models import Guest, Room, Stay

# canonical column -> accepted headers (compared lower-case, spaces and dashes as underscores)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "姓名", "客户姓名", "产妇姓名"),
    "phone": ("phone", "mobile", "电话", "手机", "手机号", "联系电话"),
    "due_date": ("due_date", "预产期"),
    "signed_on": ("signed_on", "签约日期"),
    "package_days": ("package_days", "套餐天数"),
    "room": ("room", "房号", "房间"),
    "admitted_on": ("admitted_on", "入住日期", "入所日期"),
    "discharged_on": ("discharged_on", "出所日期", "离所日期"),
    "delivery_type": ("delivery_type", "分娩方式"),
    "hospital": ("hospital", "医院", "分娩医院"),
    "notes": ("notes", "备注"),
    "contract_no": ("contract_no", "合同编号", "合同号"),
    "package": ("package", "套餐"),
    "wechat": ("wechat", "微信"),
    "allergies": ("allergies", "过敏", "过敏史"),
}
DELIVERY = {"顺产": "vaginal", "自然分娩": "vaginal", "vaginal": "vaginal", "剖腹产": "c_section",
            "剖宫产": "c_section", "c_section": "c_section", "c-section": "c_section", "cesarean": "c_section"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
REASONS = {
    "missing": "is empty", "bad_date": "{value!r} is not a date (use YYYY-MM-DD)",
    "out_of_range": "{value} is outside the allowed range {earliest} to {latest}",
    "bad_phone": "{value!r} is not a mobile number (11 digits starting with 1)",
    "bad_days": "{value!r} is not a number of days (1-365)",
    "bad_delivery": "{value!r}: use 顺产 / 剖腹产 (vaginal / c_section)",
    "unknown_room": "no room {value} in this center", "room_taken": "room {value} is taken by {who}",
    "room_closed": "room {value} is out of service",
    "room_occupied": "room {value} is occupied", "room_taken_row": "room {value} is already taken by row {other}", "dup_file": "same guest as row {other}",
    "dup_db": "{who} is already in the database", "contract_taken": "contract {value} already exists",
    "no_admission": "a discharge date needs an admission date", "before_admission": "is before the admission date",
    "future_discharge": "is after today: leave it empty until she leaves",
    "control_char": "has a control character ({char}) at character {position}: remove it",
    "bidi_char": "has a text-direction character ({char}) at character {position}: remove it",
    "line_break": "must be one line: remove the line break at character {position}",
    "too_long": "is too long: use at most {most} characters (this has {count})",
}
# text columns kept over several lines; the rest are one line (store/text.py)
MULTILINE = frozenset({"notes", "allergies"})
# the longest text each column may hold (the model's column, else a generous note)
MAX_LEN = {"name": Guest.name.max_length, "phone": Guest.phone.max_length, "room": Room.number.max_length,
           "hospital": Stay.hospital.max_length, "contract_no": Stay.contract_no.max_length,
           "package": Stay.package.max_length, "wechat": Guest.wechat.max_length}
NOTE_MAX = 4000


class ImportFileError(StoreError):
    """The file as a whole cannot be imported (unreadable, unknown column, no name column)."""


@dataclass(frozen=True)
class RowError:
    row: int       # row number in the file (the header is row 1)
    column: str    # the header as written in the file
    code: str      # key of REASONS (for translations)
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def reason(self) -> str:
        return REASONS[self.code].format(**self.params)

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


@dataclass(slots=True)  # a 100,000-row file keeps them all until it is staged
class Record:
    row: int
    name: str = ""
    phone: str = ""
    due_date: dt.date | None = None
    signed_on: dt.date | None = None
    package_days: int = 28
    room: str = ""
    admitted_on: dt.date | None = None
    planned_admission: dt.date | None = None
    discharged_on: dt.date | None = None
    delivery_type: str = ""
    hospital: str = ""
    notes: str = ""
    contract_no: str = ""
    package: str = ""
    wechat: str = ""
    allergies: str = ""
    status: str = "signed"

    @property
    def key(self) -> tuple:
        return ("phone", self.phone) if self.phone else ("name", self.name, self.due_date)


def map_headers(headers: list[str]) -> dict[str, int]:
    """canonical column -> index; an unknown or repeated header refuses the file."""
    lookup = {_norm(alias): col for col, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header.strip():
            continue
        column = lookup.get(_norm(header))
        if column is None:
            raise ImportFileError("unknown column {header!r}: columns are {columns} "
                                  "(or 姓名, 电话, 预产期, 签约日期, 套餐天数, 房号, 入住日期, 出所日期, 分娩方式, 医院, 备注)",
                                  header=header.strip(), columns=", ".join(COLUMNS))
        if column in found:
            raise ImportFileError("column {header!r} appears twice", header=header.strip())
        found[column] = index
    if "name" not in found:
        raise ImportFileError("the file needs a name (姓名) column")
    return found


def check_rows(headers: list[str], rows: list[tuple[int, list[Any]]], today: dt.date):
    """(good records, all row errors) for the data rows of a file."""
    index = map_headers(headers)
    label = {col: headers[i].strip() for col, i in index.items()}
    records, errors = [], []
    for number, cells in rows:
        record, row_errors = _parse(number, cells, index, label, today)
        errors.extend(row_errors)
        records.append(record)
    bad_rows = {e.row for e in errors}
    reported = {(e.row, e.column) for e in errors}
    errors.extend(e for e in _cross_check(records, bad_rows, label) if (e.row, e.column) not in reported)
    errors.sort(key=lambda e: e.row)
    bad_rows = {e.row for e in errors}
    return [r for r in records if r.row not in bad_rows], errors


def _parse(number, cells, index, label, today):
    record, errors = Record(row=number), []

    def raw(col):
        i = index.get(col)
        return cells[i] if i is not None and i < len(cells) else None

    def fail(col, code, **params):
        if col not in unsafe:  # a cell refused for its characters is reported once, for them
            errors.append(RowError(number, label.get(col, col), code, params))

    unsafe: set[str] = set()
    for col in index:
        code, params = _unsafe(col, raw(col))
        if code:
            fail(col, code, **params)
            unsafe.add(col)
    cell = lambda col: None if col in unsafe else raw(col)  # noqa: E731

    for col in ("name", "hospital", "notes", "contract_no", "package", "wechat", "allergies"):
        setattr(record, col, _text(cell(col)))
    if not record.name:
        fail("name", "missing")
    record.phone = _phone(cell("phone"), lambda v: fail("phone", "bad_phone", value=v))
    record.room = _room_text(cell("room"))
    for col in ("due_date", "signed_on", "admitted_on", "discharged_on"):
        day = _date(cell(col), lambda v, c=col: fail(c, "bad_date", value=v))
        if day is not None and not bounds.within(col, day, today):
            earliest, latest = bounds.allowed(col, today)
            fail(col, "out_of_range", value=day.isoformat(), earliest=earliest.isoformat(), latest=latest.isoformat())
            day = None
        setattr(record, col, day)
    record.package_days = _days(cell("package_days"), lambda v: fail("package_days", "bad_days", value=v))
    delivery = _text(cell("delivery_type"))
    record.delivery_type = DELIVERY.get(delivery.lower(), None) if delivery else ""
    if record.delivery_type is None:
        fail("delivery_type", "bad_delivery", value=delivery)
    _dates_and_status(record, today, fail)
    return record, errors


def _unsafe(col: str, value: Any) -> tuple[str, dict]:
    """(reason code, params) when a text cell may not go in as it is (store/text.py), else ("", {})."""
    if not isinstance(value, str):
        return "", {}
    value = _text(value)
    multiline = col in MULTILINE
    found = text.find_bad(value, multiline=multiline)
    if found is not None:
        index, char = found
        if char in "\r\n" and not multiline:
            return "line_break", {"position": index + 1}
        return ("bidi_char" if text.is_bidi(char) else "control_char"), {"char": text.describe(char), "position": index + 1}
    most = MAX_LEN.get(col, NOTE_MAX)
    if len(value) > most:
        return "too_long", {"most": most, "count": len(value)}
    return "", {}


def _dates_and_status(record: Record, today: dt.date, fail) -> None:
    if record.discharged_on:
        if not record.admitted_on:
            fail("discharged_on", "no_admission")
        elif record.discharged_on < record.admitted_on:
            fail("discharged_on", "before_admission")
        elif record.discharged_on > today:
            fail("discharged_on", "future_discharge")
        record.status = "discharged"
    elif record.admitted_on and record.admitted_on > today:
        record.planned_admission, record.admitted_on = record.admitted_on, None
    elif record.admitted_on:
        record.status = "admitted"


def _cross_check(records: list[Record], bad_rows: set[int], label: dict[str, str]) -> list[RowError]:
    """Rooms, duplicates and contract numbers: against each other and against the database."""
    errors: list[RowError] = []
    col = lambda c: label.get(c, c)  # noqa: E731
    rooms = {r.number: r for r in Room.select()}
    holders = _room_holders({r.room for r in records if r.room})
    known = _known_guests(records)
    contracts = _known_contracts({r.contract_no for r in records if r.contract_no})
    seen_keys: dict[tuple, int] = {}
    claimed: dict[str, int] = {}
    seen_contracts: dict[str, int] = {}
    for r in records:
        if r.key in seen_keys:
            errors.append(RowError(r.row, col("phone" if r.phone else "name"), "dup_file", {"other": seen_keys[r.key]}))
        elif r.key in known:
            errors.append(RowError(r.row, col("phone" if r.phone else "name"), "dup_db", {"who": known[r.key]}))
        seen_keys.setdefault(r.key, r.row)
        if r.contract_no and (r.contract_no in contracts or r.contract_no in seen_contracts):
            errors.append(RowError(r.row, col("contract_no"), "contract_taken", {"value": r.contract_no}))
        seen_contracts.setdefault(r.contract_no, r.row)
        errors.extend(_room_errors(r, rooms, holders, claimed, col("room"), claim=r.row not in bad_rows))
    return errors


def _room_errors(r: Record, rooms, holders, claimed, column, claim: bool) -> list[RowError]:
    if not r.room:
        return []
    room = rooms.get(r.room)
    if room is None:
        return [RowError(r.row, column, "unknown_room", {"value": r.room})]
    if r.status == "discharged":
        return []
    if room.status == "out_of_service":
        return [RowError(r.row, column, "room_closed", {"value": r.room})]
    if r.room in holders:
        return [RowError(r.row, column, "room_taken", {"value": r.room, "who": holders[r.room]})]
    if r.status == "admitted" and room.status == "occupied":
        return [RowError(r.row, column, "room_occupied", {"value": r.room})]
    if r.room in claimed:
        return [RowError(r.row, column, "room_taken_row", {"value": r.room, "other": claimed[r.room]})]
    if claim:  # a row that will not be imported does not hold the room against later rows
        claimed[r.room] = r.row
    return []


def _room_holders(numbers: set[str]) -> dict[str, str]:
    """Room number -> name of the guest whose open contract holds it."""
    if not numbers:
        return {}
    query = (Stay.select(Room.number, Guest.name).join(Room).switch(Stay).join(Guest)
             .where(Room.number.in_(sorted(numbers)) & Stay.status.in_(("signed", "admitted"))))
    return {number: name for number, name in query.tuples()}


def _known_guests(records: list[Record]) -> dict[tuple, str]:
    """Keys of the file's guests that the database already has: by phone, else name + due date."""
    found: dict[tuple, str] = {}
    phones = sorted({r.phone for r in records if r.phone})
    for chunk in _chunks(phones):
        for phone, name in Guest.select(Guest.phone, Guest.name).where(Guest.phone.in_(chunk)).tuples():
            found[("phone", phone)] = name
    names = sorted({r.name for r in records if not r.phone})
    for chunk in _chunks(names):
        query = Stay.select(Guest.name, Stay.due_date).join(Guest).where(Guest.name.in_(chunk))
        for name, due in query.tuples():
            found[("name", name, due)] = name
    return found


def _known_contracts(numbers: set[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(sorted(numbers)):
        out.update(n for (n,) in Stay.select(Stay.contract_no).where(Stay.contract_no.in_(chunk)).tuples())
    return out


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _norm(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").lower())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()  # a cell's Windows line ends are line ends


def _phone(value: Any, fail) -> str:
    text = _text(value)
    digits = re.sub(r"[\s\-()]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if text and not MOBILE.match(digits):
        fail(text)
        return ""
    return digits


def _room_text(value: Any) -> str:
    return _text(value)


def _date(value: Any, fail) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(text)
        return None


def _days(value: Any, fail) -> int:
    text = _text(value)
    if not text:
        return 28
    if not text.isdigit() or not 1 <= int(text) <= 365:
        fail(text)
        return 28
    return int(text)
