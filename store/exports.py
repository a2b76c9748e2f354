"""Exports for the office: tables (`Sheet`s) as Markdown, .xlsx, CSV or printable text.

The caller builds sheets with headers already in the reader's language; cells are text, numbers,
dates or None. `write_file(path, sheets, title)` picks the format from the extension and writes
atomically (a temp file renamed into place), so a failed export never leaves half a file;
`render(suffix, ...)` gives the same bytes for standard output (`--xlsx -`).
Spreadsheet cells that would run as formulas (=, +, -, @) are written as text. Every text cell,
title, header and note is made inert first (store/text.py): no format carries a stored control
character out (and openpyxl would refuse to write one).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from store import filemodes
from store.errors import Invalid
from store.text import check, inert

FORMATS = (".md", ".xlsx", ".csv", ".txt")


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = field(default_factory=tuple)
    note: str = ""  # a line under the title (definitions, period)


def cell_text(value: Any) -> str:
    """A cell as inert text (newlines kept: each format decides what a line break becomes)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return inert(value, multiline=True)


def _inert_sheets(sheets: Sequence[Sheet]) -> list[Sheet]:
    """The sheets with title, headers and note inert (cells go through cell_text)."""
    return [Sheet(inert(s.title), tuple(inert(h) for h in s.headers), s.rows, inert(s.note, multiline=True))
            for s in sheets]


def safe_cell(value: Any) -> Any:
    """Keep spreadsheet programs from running a text cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# -- text formats ------------------------------------------------------------------------
def to_markdown(sheets: Sequence[Sheet], title: str = "", subtitle: str = "") -> str:
    sheets, title, subtitle = _inert_sheets(sheets), inert(title), inert(subtitle)
    out = [f"# {title}", ""] if title else []
    out += [subtitle, ""] if subtitle else []
    for sheet in sheets:
        out += [f"## {sheet.title}", ""]
        if sheet.note:
            out += [sheet.note, ""]
        out.append("| " + " | ".join(_md(h) for h in sheet.headers) + " |")
        out.append("|" + "|".join(" --- " for _ in sheet.headers) + "|")
        out += ["| " + " | ".join(_md(cell_text(c)) for c in row) + " |" for row in sheet.rows]
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_text(sheets: Sequence[Sheet], title: str = "", subtitle: str = "") -> str:
    """Printable text: columns aligned by display width (a Chinese character is two columns)."""
    sheets, title, subtitle = _inert_sheets(sheets), inert(title), inert(subtitle)
    out = [title, "=" * width(title)] if title else []
    out += [subtitle] if subtitle else []
    out += [""] if title or subtitle else []
    for sheet in sheets:
        out += [sheet.title, "-" * width(sheet.title)]
        if sheet.note:
            out.append(sheet.note)
        cells = [list(sheet.headers)] + [[cell_text(c).replace("\n", " ") for c in row] for row in sheet.rows]
        widths = [max(width(row[i]) for row in cells) for i in range(len(sheet.headers))]
        for n, row in enumerate(cells):
            out.append("  ".join(_pad(text, w) for text, w in zip(row, widths)).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        out.append("")
    return "\n".join(out)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, cells: int) -> str:
    return text + " " * (cells - width(text))


def to_csv(sheet: Sheet) -> str:
    (sheet,) = _inert_sheets([sheet])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([safe_cell(cell_text(c)) for c in row])
    return buffer.getvalue()


# -- xlsx --------------------------------------------------------------------------------
def to_xlsx(sheets: Sequence[Sheet], path: Path | io.BytesIO, heading: Sequence[str] = ()) -> None:
    """One worksheet per sheet; `heading` lines (title, subtitle) go above the first one."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    sheets, heading = _inert_sheets(sheets), [inert(line) for line in heading]
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        page = book.create_sheet(_sheet_name(sheet.title, used))
        if len(book.sheetnames) == 1:
            for line in heading:
                page.append([safe_cell(line)])
        if sheet.note:
            page.append([safe_cell(sheet.note)])
        page.append([safe_cell(h) for h in sheet.headers])
        for cell in page[page.max_row]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([_xlsx_value(c) for c in row])
        for i, header in enumerate(sheet.headers):
            longest = max([width(header)] + [width(cell_text(r[i])) for r in sheet.rows])
            page.column_dimensions[page.cell(1, i + 1).column_letter].width = min(60, longest + 2)
    book.save(path)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value
    return safe_cell(cell_text(value))


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name.lower())
    return name


# -- files -------------------------------------------------------------------------------
def render(suffix: str, sheets: Sequence[Sheet], title: str = "", subtitle: str = "") -> bytes:
    """The bytes of an export in the format `suffix` names (.md, .xlsx, .csv, .txt)."""
    if suffix == ".xlsx":
        buffer = io.BytesIO()
        to_xlsx(sheets, buffer, [line for line in (title, subtitle) if line])
        return buffer.getvalue()
    text = {".md": lambda: to_markdown(sheets, title, subtitle), ".txt": lambda: to_text(sheets, title, subtitle),
            ".csv": lambda: to_csv(sheets[0])}[suffix]()
    return text.encode("utf-8-sig" if suffix == ".csv" else "utf-8")


def write_file(path: str | os.PathLike, sheets: Sequence[Sheet], title: str = "", subtitle: str = "") -> Path:
    """Write `sheets` to `path` in the format its extension names; Invalid says what to change.

    The file never exists with a mode others could read (store/filemodes.py), not even half-written.
    """
    target = Path(check("path", os.fspath(path))).expanduser()  # a typed path: no control character
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise Invalid("path", "{name}: end the file name with {choices}", name=target.name, choices=", ".join(FORMATS))
    if suffix == ".csv" and len(sheets) != 1:
        raise Invalid("path", "a CSV file holds one table: choose one report, or export .xlsx for all of them")
    if not target.parent.is_dir():
        raise Invalid("path", "folder {folder} does not exist", folder=target.parent)
    data = render(suffix, sheets, title, subtitle)
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.unlink(missing_ok=True)  # left by an export that crashed
        with os.fdopen(filemodes.create(temp, filemodes.READ), "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise Invalid("path", "cannot write {path}: {error}", path=target, error=exc.strerror or exc) from None
    return target
