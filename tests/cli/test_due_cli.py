"""`carefloor due`: JSON and table output, and every bad input as one line."""
from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from store import clock, db as store_db
from store.models import Guest, Stay, Task

REQUIRED = {"guest", "room", "kind", "step", "due", "channel", "role", "title", "status"}


@pytest.fixture
def with_tasks(demo_db, frozen_clock):
    """The demo center plus three tasks of our own: overdue, today, tomorrow."""
    store_db.open_database(str(demo_db))
    stay = Stay.select().where(Stay.status == "admitted").order_by(Stay.id).first()
    guest = Guest.get_by_id(stay.guest_id)
    day = clock.today()
    for step, offset, hour, kind in (("day_3_comfort", -1, 9, "visit"), ("after_care_call", 0, 15, "callback"),
                                     ("next_day", 1, 9, "visit")):
        Task.create(guest=guest, stay=stay, kind=kind, playbook="test", step=step, anchor="admission",
                    dedupe_key=f"test/{step}", title=f"{step} 标题", channel="phone", role="nurse",
                    due_at=clock.at_local(day.fromordinal(day.toordinal() + offset), hour), created_at=clock.now())
    store_db.close()
    return demo_db, guest.name, stay.room.number


def test_json_lists_due_and_overdue_with_the_required_keys(with_tasks, run_cli):
    path, name, room = with_tasks
    code, out, err = run_cli("due", "--db", path, "--on", "2026-11-23", "--json")
    assert code == 0, err
    rows = [r for r in json.loads(out) if r["playbook"] == "test"]
    assert [r["step"] for r in rows] == ["day_3_comfort", "after_care_call"]
    assert REQUIRED <= set(rows[0])
    assert (rows[0]["guest"], rows[0]["room"], rows[0]["kind"], rows[0]["overdue"]) == (name, room, "visit", True)
    assert rows[1]["due"] == "2026-11-23T07:00:00+00:00" and rows[1]["overdue"] is False


def test_later_day_shows_tomorrows_task_as_due(with_tasks, run_cli):
    path, _, _ = with_tasks
    code, out, _ = run_cli("due", "--db", path, "--on", "2026-11-24", "--json")
    steps = [r["step"] for r in json.loads(out) if r["playbook"] == "test"]
    assert steps == ["day_3_comfort", "after_care_call", "next_day"]


def test_table_is_aligned_for_double_width_text(with_tasks, run_cli):
    path, name, room = with_tasks
    code, out, err = run_cli("due", "--db", path, "--on", "2026-11-23")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Due", "Room", "Guest"]
    ours = [line for line in lines if "标题" in line]
    assert len(ours) == 2 and ours[0].startswith("!")  # overdue marked
    column = cell_len(lines[0][:lines[0].index("Guest")])
    for line in ours:
        assert cell_len(line[:line.index(name)]) == column
    assert "open," in lines[-1] and "overdue (marked !)" in lines[-1]


def test_missing_database_is_not_created(tmp_path, run_cli):
    path = tmp_path / "nowhere.db"
    code, out, err = run_cli("due", "--db", path)
    assert code == 1 and "no database at" in err and "carefloor demo" in err
    assert not path.exists() and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "2026/11/23"])
def test_bad_on_date(demo_db, run_cli, bad):
    code, out, err = run_cli("due", "--db", demo_db, "--on", bad)
    assert code == 2 and f"--on: {bad!r} is not a date" in err and "YYYY-MM-DD" in err


def test_folder_instead_of_database(tmp_path, run_cli):
    code, out, err = run_cli("due", "--db", tmp_path)
    assert code == 1 and "folder" in err and "Traceback" not in err


def test_empty_day_says_so_in_chinese(sqlite_url, run_cli, monkeypatch):
    store_db.open_database(sqlite_url)
    store_db.close()
    monkeypatch.setenv("CAREFLOOR_LANG", "zh")
    code, out, err = run_cli("due", "--db", sqlite_url, "--on", "2026-11-23")
    assert code == 0 and "没有到期" in out


def test_the_table_names_each_step_in_the_session_language(with_tasks, run_cli):
    """It printed the stored (Chinese) title under English headers; the screens already translated."""
    path, _, _ = with_tasks
    code, out, err = run_cli("due", "--db", path, "--on", "2026-11-23", "--json")
    row = next(r for r in json.loads(out) if r["playbook"] == "postpartum" and r["kind"] == "visit")
    from store.tasks import step_titles

    store_db.open_database(str(path))
    try:
        english = step_titles([(row["playbook"], row["step"])])[(row["playbook"], row["step"])]["en"]
    finally:
        store_db.close()
    code, out, err = run_cli("due", "--db", path, "--on", "2026-11-23")
    assert code == 0, err
    assert english in out and row["title"] not in out
