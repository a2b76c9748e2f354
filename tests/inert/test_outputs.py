"""Every command-line output and export of planted hostile text: inert, and the text still there."""
from __future__ import annotations

import json

import pytest

from store import db as store_db
from tests.centers import copy_center
from tests.inert.corpus import MARK, raw_in
from tests.inert.test_screens import planted_db  # noqa: F401 (fixture)

SEEN = f"[b]{MARK}"


@pytest.fixture
def center(planted_db, tmp_path, frozen_clock):
    path, ids = planted_db
    copy = tmp_path / "center.db"
    copy_center(path, copy)
    yield copy
    store_db.close()


def assert_printed(code: int, out: str, err: str) -> None:
    assert code == 0, err
    out = out.replace("\r\n", "\n")  # CSV's own row ends
    assert raw_in(out + err, lines=True) == [], "raw control characters printed"
    assert SEEN in out, "the planted text is not in the output: the test proves nothing"


@pytest.mark.parametrize("argv", [
    ["due", "--on", "2026-11-23"],
    ["handover"], ["handover", "--md"], ["handover", "--txt"],
    ["report"], ["report", "--md"], ["report", "callbacks", "--csv", "-"],
    ["audit"], ["audit", "--csv"],
    ["staff", "list"],
], ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_command_prints_planted_text_inert(center, run_cli, monkeypatch, argv, lang):
    monkeypatch.setenv("CAREFLOOR_LANG", lang)
    assert_printed(*run_cli(*argv, "--db", center))


def test_due_json_carries_no_control_character_json_would_let_through(center, run_cli):
    code, out, err = run_cli("due", "--on", "2026-11-23", "--json", "--db", center)
    assert code == 0 and raw_in(out, lines=True) == []
    rows = json.loads(out)
    texts = [v for row in rows for v in row.values() if isinstance(v, str)]
    assert any(SEEN in v for v in texts)
    assert all(raw_in(v) == [] for v in texts)  # JSON escapes C0 but not C1 (U+009B) or bidi; decoded, none


@pytest.mark.parametrize("argv, suffix", [(["handover", "--xlsx"], ".xlsx"), (["report", "--xlsx"], ".xlsx"),
                                          (["handover", "--md"], ".md"), (["report", "callbacks", "--csv"], ".csv")])
def test_each_export_file_holds_planted_text_inert(center, run_cli, tmp_path, argv, suffix):
    target = tmp_path / f"export{suffix}"
    code, out, err = run_cli(*argv, str(target), "--db", center)
    assert code == 0, err
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(target)
        texts = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
                 if isinstance(c, str)]
    else:
        texts = [target.read_text(encoding="utf-8-sig").replace("\r\n", "\n")]  # CSV's own row ends
    assert any(SEEN in text for text in texts)
    assert all(raw_in(text, lines=True) == [] for text in texts)


def test_a_search_for_a_control_character_is_refused(center, run_cli):
    code, out, err = run_cli("audit", "--guest", "\x1b]0;PWNED\x07", "--db", center)
    assert (code, out) == (1, "") and raw_in(err, lines=True) == []
    assert err == "carefloor: name: has a control character (ESC, U+001B) at character 1: remove it\n"


def test_a_report_line_quoting_a_stored_name_is_inert(center, run_cli, tmp_path):
    """An import row that is already in the database names who: the stored (planted) name, inert."""
    from store.models import Guest

    store_db.open_database(str(center))
    phone = Guest.select().where(Guest.phone != "").first().phone
    store_db.close()
    path = tmp_path / "in.csv"
    path.write_text(f"姓名,电话\n新客户,{phone}\n", encoding="utf-8")
    code, out, err = run_cli("import", path, "--db", center)
    assert code == 1 and raw_in(out + err, lines=True) == [] and "is already in the database" in err
    assert SEEN in err


def test_tiers_lists_a_changed_guest_by_her_name_inert(center, run_cli, monkeypatch):
    from store import tiers

    changed = [tiers.TierChange(1, "[b]ZQ[/b]\x1b]0;PWNED\x07王\u202e", "ordinary", "gold", False)]
    monkeypatch.setattr(tiers, "reevaluate", lambda actor, day=None: changed)
    code, out, err = run_cli("tiers", "--reevaluate", "--db", center)
    assert code == 0 and raw_in(out + err, lines=True) == [] and "[b]ZQ[/b]␛]0;PWNED␇王<U+202E>" in out
