"""Guests from a CSV or .xlsx file, headers in English or Chinese, with a per-row error report.

Every row is checked before anything is written; all bad rows are reported (row, column,
reason). Without skip_bad a file with any bad row imports nothing; the good rows go in as one
write through the write path, with events. Imported guests are entered on the import day, so
playbook steps that fell due before it are not applicable (no flood of overdue history).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import clock
from store.guests_write import create_guest, create_stay, set_room_status
from store.import_rows import COLUMNS, ImportFileError, Record, RowError, check_rows
from store.models import Note, Room
from store.writes import Actor, write

__all__ = ["COLUMNS", "ImportFileError", "ImportReport", "RowError", "import_file", "read_table"]


@dataclass
class ImportReport:
    imported: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len({e.row for e in self.errors})


def import_file(path: str | Path, *, actor: Actor, skip_bad: bool = False,
                today: dt.date | None = None) -> ImportReport:
    """Check every row; import all (or, with skip_bad, the good ones) in one write."""
    path = Path(path)
    headers, rows = read_table(path)
    day = today or clock.today()
    records, errors = check_rows(headers, rows, day)
    report = ImportReport(rows=len(rows), errors=errors)
    if (errors and not skip_bad) or not records:
        return report
    write(actor, "import.guests", lambda tx: _insert(tx, records, day, path.name))
    report.imported = len(records)
    return report


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Header cells and (file row number, cells) for each non-empty data row."""
    if not path.is_file():
        raise ImportFileError("cannot read {path}: no such file", path=path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    else:
        raise ImportFileError("{name}: use a .csv or .xlsx file", name=path.name)
    numbered = [(n, cells) for n, cells in enumerate(table, start=1)
                if any(str(c).strip() for c in cells if c is not None)]
    if not numbered:
        raise ImportFileError("{name} is empty: the first row must name the columns", name=path.name)
    (_, header), rows = numbered[0], numbered[1:]
    return [("" if h is None else str(h)) for h in header], rows


def _read_csv(path: Path) -> list[list[Any]]:
    import csv

    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            with path.open(newline="", encoding=encoding) as fh:
                return list(csv.reader(fh))
        except UnicodeDecodeError:
            continue
        except (OSError, csv.Error) as exc:
            raise ImportFileError("cannot read {name}: {error}", name=path.name, error=exc) from exc
    raise ImportFileError("cannot read {name}: save it as UTF-8 CSV", name=path.name)


def _read_xlsx(path: Path) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFileError("cannot read {name}: not a valid .xlsx file ({error})", name=path.name, error=exc) from exc
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _insert(tx, records: list[Record], day: dt.date, filename: str) -> None:
    rooms = {room.number: room.id for room in Room.select(Room.id, Room.number)}
    for record in records:
        _insert_one(tx, record, day, rooms)
    tx.record("import", None, None, {"file": filename, "guests": len(records)}, action="import.file")


def _insert_one(tx, record: Record, day: dt.date, rooms: dict[str, int]) -> None:
    guest_id = create_guest(tx, name=record.name, phone=record.phone, entered_on=day,
                            wechat=record.wechat, allergies=record.allergies)
    room_id = rooms.get(record.room) if record.room else None
    create_stay(
        tx, guest_id=guest_id, contract_no=record.contract_no or f"IMP-{guest_id}",
        package=record.package, package_days=record.package_days, signed_on=record.signed_on,
        due_date=record.due_date, delivery_type=record.delivery_type, hospital=record.hospital,
        planned_admission=record.planned_admission, admitted_on=record.admitted_on,
        discharged_on=record.discharged_on, room=room_id, status=record.status,
    )
    if room_id and record.status in ("signed", "admitted"):
        set_room_status(tx, room_id, "occupied" if record.status == "admitted" else "reserved", guest=guest_id)
    if record.notes:
        note = Note.create(guest=guest_id, at=clock.now(), text=record.notes)
        tx.record("note", note.id, None, {"text": record.notes}, guest=guest_id, action="note.add")
