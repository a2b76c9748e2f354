"""`carefloor audit`: filters, table, CSV, clear errors."""
from __future__ import annotations

import csv
import io

import pytest

from store import db as store_db
from store.models import Event
from store.permissions import permissions_for
from store.writes import Actor, append_view_event, write
from tests.auth.helpers import add_guest, add_staff
from tui.cli import main


@pytest.fixture
def center(sqlite_url, frozen_clock, monkeypatch):
    """A file with two guests viewed and edited by two people on two days."""
    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    store_db.open_database(sqlite_url)
    nurse = Actor(add_staff("1001", "Li", "nurse"), "Li", "nurse", "pts/1", permissions_for("nurse"))
    manager = Actor(add_staff("0001", "Chen", "manager"), "Chen", "manager", "ssh 10.0.0.7", permissions_for("manager"))
    zhang, wang = add_guest("Zhang"), add_guest("Wang")
    frozen_clock.set("2026-11-20T02:00:00+00:00")
    append_view_event(nurse, "guest", zhang, guest=zhang)
    frozen_clock.set("2026-11-22T02:00:00+00:00")
    write(nurse, "guest.edit", lambda tx: tx.record("guest", zhang, {"tier": "ordinary"}, {"tier": "gold"}, guest=zhang))
    append_view_event(manager, "guest", wang, guest=wang)
    store_db.close()
    return sqlite_url


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["audit", "--db", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_by_guest_shows_who_where_and_the_change(center, capsys):
    code, out, _ = _run(capsys, center, "--guest", "Zhang")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("2026-11-20 10:00:00  Li") and "guest.view" in lines[0]
    assert "Li  tester pts/9  guest.edit" in lines[1] and "tier: ordinary -> gold" in lines[1]  # tests/conftest.py fixed_seat


def test_staff_and_since_filters(center, capsys):
    _, by_staff, _ = _run(capsys, center, "--staff", "0001")
    assert [line.split()[2] for line in by_staff.splitlines()] == ["Chen"]
    _, since, _ = _run(capsys, center, "--since", "2026-11-21")
    assert len(since.splitlines()) == 2 and "2026-11-20" not in since


def test_csv_export_all_matching_rows_and_is_audited(center, capsys):
    code, out, _ = _run(capsys, center, "--staff", "Li", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["action"] for r in rows] == ["guest.view", "guest.edit"]
    assert {r["guest"] for r in rows} == {"Zhang"}
    store_db.open_database(center)
    last = Event.select().order_by(Event.id.desc()).get()
    assert last.action == "audit.export" and last.staff_name == "carefloor audit --csv"
    store_db.close()


@pytest.mark.parametrize("argv,message", [
    (["--since", "23/11/2026"], "--since"),
    (["--since", "2026-11-22", "--until", "2026-11-20"], "swap"),
    (["--guest", "Nobody"], "no guest matches 'Nobody'"),
    (["--limit", "0"], "--limit"),
])
def test_bad_input_is_one_clear_line(center, capsys, argv, message):
    code, _, err = _run(capsys, center, *argv)
    assert code != 0 and message in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_missing_database_is_not_created(tmp_path, capsys):
    path = tmp_path / "none.db"
    code, _, err = _run(capsys, str(path))
    assert code != 0 and "no database" in err and not path.exists()
