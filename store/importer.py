"""Guests from a CSV or .xlsx file, headers in English or Chinese, with a per-row error report.

Every row is checked before anything is written; all bad rows are reported (row, column,
reason). Without skip_bad a file with any bad row imports nothing. The good rows are then
staged outside the write lock and published in one short write (store/import_stage.py): other
terminals go on saving while a big file is read, checked and staged, and nobody ever sees part
of a file. Imported guests are entered on the import day, so playbook steps that fell due before
it are not applicable (no flood of overdue history).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import clock, import_stage
from store.import_rows import COLUMNS, ImportFileError, RowError, check_rows
from store.models import Room
from store.writes import Actor

__all__ = ["COLUMNS", "ImportFileError", "ImportReport", "RowError", "import_file", "read_table"]


@dataclass
class ImportReport:
    imported: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    guest_ids: list[int] = field(default_factory=list)  # the new guests, in file order

    @property
    def skipped(self) -> int:
        return len({e.row for e in self.errors})


def import_file(path: str | Path, *, actor: Actor, skip_bad: bool = False,
                today: dt.date | None = None) -> ImportReport:
    """Check every row; import all (or, with skip_bad, the good ones) at once."""
    path = Path(path)
    headers, rows = read_table(path)
    day = today or clock.today()
    records, errors = check_rows(headers, rows, day)
    report = ImportReport(rows=len(rows), errors=errors)
    del rows  # a big file's cells: the records have what is needed
    if (errors and not skip_bad) or not records:
        return report
    rooms = {number: room_id for room_id, number in Room.select(Room.id, Room.number).tuples()}
    try:
        staged = import_stage.stage(records, day, rooms)
        del records
        report.guest_ids = import_stage.publish(actor, staged, path.name, day)
    finally:
        import_stage.drop()
    report.imported = len(report.guest_ids)
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
