"""`carefloor import`: per-row report on stderr, all or nothing, and the file-level refusals."""
from __future__ import annotations

import pytest

from store import db as store_db
from store.models import Guest

HEADER = "姓名,电话,预产期,房号,入住日期"


def guests(path) -> int:
    store_db.open_database(str(path))
    try:
        return Guest.select().count()
    finally:
        store_db.close()


def write(tmp_path, *lines, name="in.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_file_imports(demo_db, tmp_path, run_cli):
    before = guests(demo_db)
    path = write(tmp_path, HEADER, "新客户甲,13300001111,2027-03-01,610,", "新客户乙,13300002222,2027-04-01,,")
    code, out, err = run_cli("import", path, "--db", demo_db)
    assert (code, err) == (0, "") and "imported 2 guests" in out
    assert guests(demo_db) == before + 2


def test_bad_rows_all_reported_and_nothing_imported(demo_db, tmp_path, run_cli):
    before = guests(demo_db)
    path = write(tmp_path, HEADER, "好,13300001111,,,", "坏日期,13300002222,明年,,", "占房,13300003333,,601,2026-11-20",
                 ",13300004444,,,", "好,13300001111,,,")
    code, out, err = run_cli("import", path, "--db", demo_db)
    lines = err.strip().splitlines()
    assert code == 1 and guests(demo_db) == before
    assert lines[0] == "row 3, 预产期: '明年' is not a date (use YYYY-MM-DD)"
    assert lines[1].startswith("row 4, 房号: room 601 is taken by ")
    assert lines[2] == "row 5, 姓名: is empty"
    assert lines[3] == "row 6, 电话: same guest as row 2"
    assert "4 of 5 rows have errors, nothing was imported" in lines[4] and "--skip-bad" in lines[4]
    code, out, err = run_cli("import", path, "--db", demo_db, "--skip-bad")
    assert code == 0 and "imported 1 guests, skipped 4 of 5 rows" in out
    assert guests(demo_db) == before + 1


@pytest.mark.parametrize("lines, message", [
    (["姓名,星座", "张三,白羊"], "unknown column '星座'"),
    (["电话", "13300001111"], "needs a name"),
    ([""], "is empty"),
])
def test_bad_files(demo_db, tmp_path, run_cli, lines, message):
    code, out, err = run_cli("import", write(tmp_path, *lines), "--db", demo_db)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_missing_file_and_missing_database(tmp_path, run_cli):
    code, out, err = run_cli("import", tmp_path / "nope.csv", "--db", tmp_path / "x.db")
    assert code == 1 and "cannot read" in err and "nope.csv" in err
    path = write(tmp_path, HEADER, "甲,13300001111,,,")
    code, out, err = run_cli("import", path, "--db", tmp_path / "x.db")
    assert code == 1 and "no database at" in err and not (tmp_path / "x.db").exists()


def test_not_a_spreadsheet(demo_db, tmp_path, run_cli):
    bad = tmp_path / "in.xlsx"
    bad.write_text("hello")
    code, out, err = run_cli("import", bad, "--db", demo_db)
    assert code == 1 and "not a valid .xlsx" in err and "Traceback" not in err


def test_chinese_report(demo_db, tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("CAREFLOOR_LANG", "zh")
    code, out, err = run_cli("import", write(tmp_path, HEADER, "甲,12,,,"), "--db", demo_db)
    assert code == 1 and "第 2 行,电话:12 不是手机号" in err and "未导入任何内容" in err
