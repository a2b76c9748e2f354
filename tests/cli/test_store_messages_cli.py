"""A store refusal on the command line is one line in the person's language."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang, expected", [
    ("zh", "是文件夹,不是数据库文件"),
    ("en", "is a folder, not a database file"),
])
def test_app_refusal_follows_lang_flag(tmp_path, run_cli, lang, expected):
    folder = tmp_path / "center.db"
    folder.mkdir()
    code, out, err = run_cli("--db", folder, "--lang", lang)
    assert code == 1 and expected in err and len(err.strip().splitlines()) == 1, err


def test_subcommand_refusal_in_zh(demo_db, run_cli, monkeypatch):
    monkeypatch.setenv("CAREFLOOR_LANG", "zh")
    code, out, err = run_cli("staff", "deactivate", "M1", "--db", demo_db)
    assert code == 1 and "M1 是最后一位在职店长:请先添加另一位店长" in err, err
    assert "last active manager" not in err
