"""Import refuses hostile text cell by cell: every bad cell reported with row, column and reason."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from store.importer import import_file
from store.models import Floor, Guest, Note, Room
from store.writes import SYSTEM
from tests.inert.corpus import CORPUS, ISSUE_NAME, ISSUE_NOTE, LONG_LINE, raw_in

TODAY = dt.date(2026, 11, 23)
HEADER = ["姓名", "手机", "房号", "医院", "备注", "合同编号", "套餐", "微信", "过敏史"]


@pytest.fixture
def rooms(store):
    floor = Floor.create(number=6)
    for n in range(601, 606):
        Room.create(floor=floor, number=str(n))


def csv_file(tmp_path, rows, header=HEADER):
    path = tmp_path / "guests.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def cells(report):
    return [(e.row, e.column, e.code) for e in report.errors]


def test_the_issues_name_and_note_are_refused_with_row_column_and_reason(rooms, tmp_path):
    path = csv_file(tmp_path, [["张晓红", "13800001111", "", "", "喜欢安静"], [ISSUE_NAME, "13800002222", "", "", ISSUE_NOTE]])
    report = import_file(path, actor=SYSTEM)
    assert cells(report) == [(3, "姓名", "control_char"), (3, "备注", "control_char")]
    assert report.errors[0].reason == "has a control character (ESC, U+001B) at character 1: remove it"
    assert str(report.errors[1]) == "row 3, 备注: has a control character (ESC, U+001B) at character 1: remove it"
    assert report.imported == 0 and Guest.select().count() == 0  # all or nothing


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_corpus_entry_is_refused_in_every_text_column(rooms, tmp_path, name):
    value = CORPUS[name]
    row = [f"王{n}{value}" if c == "姓名" else value for n, c in enumerate(HEADER)]
    row[1] = value  # the phone too
    report = import_file(csv_file(tmp_path, [row]), actor=SYSTEM)
    refused = {e.column: e.code for e in report.errors}
    expected = {"bidi_char"} if "\u202e" in value or "\u2066" in value or "\u200f" in value else {"control_char"}
    assert set(refused) == set(HEADER), "every bad cell, each once"
    assert set(refused.values()) <= expected | {"line_break"}
    assert all(raw_in(e.reason) == [] and str(e.row) == "2" for e in report.errors)
    assert Guest.select().count() == 0


def test_notes_and_allergies_keep_lines_other_columns_are_one_line(rooms, tmp_path):
    path = csv_file(tmp_path, [
        ["张晓红", "13800001111", "", "", "第一行\r\n第二行\t缩进", "", "", "", "青霉素\n海鲜"],  # Excel's line ends
        ["李娜\n(二胎)", "13800002222", "", "", "", "", "", "", ""],
        ["王芳", "13800003333", "", "市妇幼\r保健院", "", "", "", "", ""],
    ])
    report = import_file(path, actor=SYSTEM)
    assert cells(report) == [(3, "姓名", "line_break"), (4, "医院", "line_break")]
    assert report.errors[0].reason == "must be one line: remove the line break at character 3"
    report = import_file(path, actor=SYSTEM, skip_bad=True)
    assert report.imported == 1
    assert Note.get().text == "第一行\n第二行\t缩进" and Guest.get().allergies == "青霉素\n海鲜"


def test_over_long_cells_are_refused_with_the_limit(rooms, tmp_path):
    path = csv_file(tmp_path, [["长" * 65, "", "", "", "注" * 4001], ["短", "", "", "", LONG_LINE]])
    report = import_file(path, actor=SYSTEM)
    assert cells(report) == [(2, "姓名", "too_long"), (2, "备注", "too_long")]
    assert report.errors[0].reason == "is too long: use at most 64 characters (this has 65)"
    assert import_file(path, actor=SYSTEM, skip_bad=True).imported == 1
    assert Note.get().text == LONG_LINE


def test_xlsx_cells_are_checked_the_same_way(rooms, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "phone", "hospital", "notes"])
    sheet.append(["a\x9b31mb", "13800001111", "room \u202e106", "ab\x7fc"])  # xlsx can hold C1, DEL, bidi
    path = tmp_path / "guests.xlsx"
    book.save(path)
    report = import_file(path, actor=SYSTEM)
    assert cells(report) == [(2, "name", "control_char"), (2, "hospital", "bidi_char"), (2, "notes", "control_char")]
    assert [e.params["char"] for e in report.errors] == ["U+009B", "U+202E RIGHT-TO-LEFT OVERRIDE", "DEL, U+007F"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_lists_every_bad_cell_and_prints_nothing_raw(demo_db, tmp_path, run_cli, monkeypatch, lang):
    monkeypatch.setenv("CAREFLOOR_LANG", lang)
    path = csv_file(tmp_path, [[ISSUE_NAME, "13300001111", "", "", ISSUE_NOTE], ["好客户", "13300002222", "", "", ""],
                               ["坏\u202e客户", "13300003333", "", "医院\x00", ""]])
    code, out, err = run_cli("import", path, "--db", demo_db)
    assert code == 1 and raw_in(out + err, lines=True) == []
    lines = err.strip().splitlines()
    assert len(lines) == 5  # four bad cells, then the refusal
    if lang == "en":
        assert lines[0] == "row 2, 姓名: has a control character (ESC, U+001B) at character 1: remove it"
        assert lines[2] == "row 4, 姓名: has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at character 2: remove it"
        assert lines[3] == "row 4, 医院: has a control character (NUL, U+0000) at character 3: remove it"
    else:
        assert lines[0] == "第 2 行,姓名:第 1 个字符是控制字符(ESC, U+001B),请删除"
