"""Run `carefloor ...` in-process and capture its exit code and output."""
from __future__ import annotations

import pytest

from store import db as store_db
from tui import cli, i18n

DEMO_DAY = "2026-11-23"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    yield
    i18n.set_language("zh")
    store_db.close()


@pytest.fixture
def run_cli(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo center per test session; tests that change it work on a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert cli.main(["demo", "--db", str(path), "--today", DEMO_DAY]) == 0
    store_db.close()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    from tests.centers import copy_center

    return copy_center(demo_template, tmp_path / "demo.db")
