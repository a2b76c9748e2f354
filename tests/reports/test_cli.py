"""`carefloor handover`, `report`, `wall` and `serve` from the office shell: outputs and one-line errors."""
from __future__ import annotations

import pytest

from store import db as store_db
from tests.centers import copy_center
from tui import cli, i18n


@pytest.fixture
def demo_file(demo_template, tmp_path, monkeypatch):
    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    path = copy_center(demo_template, tmp_path / "demo.db")
    yield path
    store_db.close()
    i18n.set_language("zh")


def carefloor(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_handover_markdown_for_a_given_time(demo_file, frozen_clock, capsys):
    code, out, _ = carefloor(capsys, "handover", "--db", demo_file, "--at", "2026-11-22 21:00", "--md")
    assert code == 0
    assert out.startswith("# Handover 悦心月子会所: Day shift Sun 22 Nov 08:00-20:00\n")
    assert "Acknowledged: not yet" in out
    assert "## Visits done\n" in out and "## Notes this shift\n" in out
    assert out.count("| 702 | 邓翠 |") >= 1  # her missed day-5 visit


def test_handover_to_xlsx(demo_file, frozen_clock, capsys, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "handover.xlsx"
    code, _, err = carefloor(capsys, "handover", "--db", demo_file, "--xlsx", target)
    assert code == 0 and str(target) in err
    assert len(load_workbook(target).sheetnames) == 7


def test_xlsx_to_standard_output_for_the_persons_own_shell(demo_file, frozen_clock, capsysbinary, tmp_path):
    """`--xlsx - > file.xlsx`: the shell of whoever ran it makes the file (sudo -u carefloor ... > mine.xlsx)."""
    from openpyxl import load_workbook

    for argv in (["handover", "--xlsx", "-"], ["report", "--xlsx", "-"]):
        code = cli.main([*argv, "--db", str(demo_file)])
        out = capsysbinary.readouterr().out
        assert code == 0 and out[:2] == b"PK"  # a zip: the .xlsx itself
        (tmp_path / "out.xlsx").write_bytes(out)
        assert load_workbook(tmp_path / "out.xlsx").sheetnames


def test_xlsx_is_not_poured_onto_a_terminal(demo_file, frozen_clock, capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = carefloor(capsys, "handover", "--db", demo_file, "--xlsx", "-")
    assert code == 2 and "redirect" in err and out == ""


def test_report_csv_and_text(demo_file, frozen_clock, capsys, tmp_path):
    code, out, _ = carefloor(capsys, "report", "overdue", "--db", demo_file, "--on", "2026-11-23", "--days", "3",
                             "--csv", "-")
    assert code == 0
    assert out.splitlines() == ["Day,Overdue", "Sat 21 Nov,0", "Sun 22 Nov,1", "Mon 23 Nov,2"]
    code, out, _ = carefloor(capsys, "report", "--db", demo_file, "--on", "2026-11-23")
    assert code == 0 and "Satisfaction per month" in out and "Mean hours to close" in out


@pytest.mark.parametrize("argv, words", [
    (["report", "--csv", "x.csv"], "one report"),
    (["report", "--weeks", "0"], "--weeks must be from 1"),
    (["handover", "--at", "tonight"], "YYYY-MM-DD HH:MM"),
    (["report", "--xlsx", "/no/such/dir/r.xlsx"], "does not exist"),
    (["wall", "--poll-ms", "5"], "--poll-ms"),
    (["serve", "--port", "80"], "--port"),
])
def test_bad_input_is_one_line(demo_file, frozen_clock, capsys, argv, words):
    code, out, err = carefloor(capsys, *argv, "--db", demo_file)
    assert code != 0 and words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_serve_runs_this_checkout_on_localhost_only():
    from tui.commands import serve

    command = serve.app_command("/srv/my center.db", "zh", wall=True)
    assert command.startswith(f"cd {serve.ROOT} && exec ")
    assert "-m tui.cli wall --db '/srv/my center.db' --lang zh" in command
    from tui import webguard

    assert webguard.HOST == "127.0.0.1"
    parser = cli.build_parser()
    help_text = parser._subparsers._group_actions[0].choices["serve"].format_help()
    assert "token" in help_text or "口令" in help_text
