"""Exports: Markdown, printable text aligned for Chinese, CSV that cannot run formulas, .xlsx, bad paths."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from store.errors import Invalid
from store.exports import Sheet, to_markdown, to_text, width, write_file

SHEETS = [
    Sheet("回访", ("人员", "应做", "已做"), (("张护士", 3, 2), ("=cmd|x", 1, 0.5)), note="本周"),
    Sheet("Complaints", ("month", "received"), ((dt.date(2026, 11, 1), 2),)),
]


def test_markdown_has_a_table_per_sheet():
    text = to_markdown(SHEETS, "报表")
    assert text.startswith("# 报表\n")
    assert "| 人员 | 应做 | 已做 |" in text and "| 张护士 | 3 | 2 |" in text
    assert "| =cmd\\|x | 1 | 0.5 |" in text
    assert "| 2026-11-01 | 2 |" in text


def test_text_columns_line_up_by_display_width():
    lines = to_text(SHEETS[:1]).splitlines()
    header, rule, first = lines[3], lines[4], lines[5]
    assert header.startswith("人员    应做")  # 人员 is 4 columns, padded to 张护士's 6
    assert width(first[:first.index("3")]) == 8 and rule.startswith("------  ----")


def test_csv_escapes_formulas(tmp_path):
    path = write_file(tmp_path / "r.csv", SHEETS[:1])
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["人员", "应做", "已做"]
    assert rows[2][0] == "'=cmd|x"


def test_xlsx_one_sheet_per_table(tmp_path):
    from openpyxl import load_workbook

    path = write_file(tmp_path / "r.xlsx", SHEETS, "报表")
    book = load_workbook(path)
    assert book.sheetnames == ["回访", "Complaints"]
    first = book["回访"]
    assert first["A1"].value == "报表" and first["A2"].value == "本周"  # title, then the sheet's note
    assert [c.value for c in first[4]] == ["张护士", 3, 2]
    assert first["A5"].value == "'=cmd|x" and first["A5"].data_type == "s"
    assert book["Complaints"]["A2"].value.date() == dt.date(2026, 11, 1)


@pytest.mark.parametrize("name, words", [("r.pdf", ".md, .xlsx"), ("r.csv", "one table"),
                                         ("missing/r.md", "does not exist")])
def test_bad_paths_say_what_to_change(tmp_path, name, words):
    with pytest.raises(Invalid, match=words):
        write_file(tmp_path / name, SHEETS)
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / name).exists()
