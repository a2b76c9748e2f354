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


def test_verify_says_intact_in_one_line_and_exits_0(center, capsys):
    code, out, _ = _run(capsys, center, "--verify")
    assert code == 0 and out.splitlines() == [
        "audit chain intact: 3 events checked, #1 to #3 (sealed from #1: the database's first event); "
        "chain heads recorded by backups that match: 0"]


def test_verify_names_the_first_broken_event_and_exits_1(center, capsys):
    import sqlite3

    conn = sqlite3.connect(center)
    conn.execute("DROP TRIGGER event_no_update")
    conn.execute("""UPDATE event SET "after" = '{"tier": "ordinary"}' WHERE id = 2""")
    conn.commit()
    conn.close()
    code, out, _ = _run(capsys, center, "--verify")
    assert code == 1 and out.splitlines() == [
        "audit chain broken at event #2: its seal does not match (changed after it was written, or forged)"]


def test_a_lost_key_is_named_at_start_and_new_key_starts_a_counted_chain(center, capsys):
    import os

    os.unlink(f"{center}-audit.key")
    code, _, err = _run(capsys, center)
    assert code != 0 and "audit key" in err and "--new-key" in err and len(err.splitlines()) == 1
    code, out, err = _run(capsys, center, "--new-key")
    assert code == 0 and f"{center}-audit.key" in out, err
    code, _, err = _run(capsys, center, "--new-key")  # only when it is lost
    assert code != 0 and "exists" in err
    code, out, _ = _run(capsys, center, "--verify")
    assert code == 0 and "sealed from #4: a new key after the old one was lost" in out
    assert "the 3 events before #4 cannot be checked" in out
    store_db.open_database(center)
    marker = Event.select().order_by(Event.id.desc()).get()
    assert (marker.action, marker.staff_name) == ("audit.chain_start", "carefloor audit --new-key")
    store_db.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("finding", [
    ("unsealed", 7, 6, {}), ("missing", 7, 4, {"chained_to": 6}), ("out_of_order", 7, 5, {"chained_to": 3}),
    ("altered", 7, 6, {}), ("no_start", 7, None, {"keyfile": "/srv/c.db-audit.key"}),
    ("before_start", 7, 9, {"expected": 3, "found": 4}), ("before_start", None, 9, {"expected": 3, "found": 2}),
    ("head_missing", 7, 5, {"source": "carefloor-2026-11-23.db", "at": "2026-11-23", "last": 5}),
    ("head_changed", 7, None, {"source": "carefloor-2026-11-23.db", "at": "2026-11-23", "last": 9}),
    ("heads_unreadable", None, None, {"file": "/srv/backups/audit-heads.jsonl", "line": 3}),
])
def test_every_finding_reads_as_a_sentence_naming_the_event(lang, finding):
    from store.auditverify import Finding
    from tui.commands.audit import _finding
    from tui.i18n import set_language

    set_language(lang)
    try:
        text = _finding(Finding(*finding))
    finally:
        set_language("zh")
    assert "{" not in text and "audit_cli." not in text and "None" not in text
    assert f"#{finding[1]}" in text if finding[1] is not None else str(finding[3].get("line", finding[2])) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("reason, before", [("new", 0), ("upgrade", 120), ("new key", 40)])
def test_every_chain_start_reads_as_a_sentence(lang, reason, before):
    from store.auditverify import Report
    from tui.commands.audit import _summary
    from tui.i18n import set_language

    set_language(lang)
    try:
        text = _summary(Report(checked=5, start=before + 1, last=before + 5, before=before, reason=reason, heads=2))
    finally:
        set_language("zh")
    assert "{" not in text and "audit_cli." not in text and f"#{before + 1}" in text and "\n" not in text
    assert (str(before) in text) == bool(before)
