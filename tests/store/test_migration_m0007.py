"""m0007: per-guest planning state from the old global marks, on a database of the first schema."""
from __future__ import annotations

import json
import sqlite3

from store import db as store_db, migrations
from store.models import Guest, PlanFailure, Setting
from tests.store.test_migrations import FIXTURE_V1


def test_guests_the_last_run_planned_keep_its_horizon_and_the_global_marks_go(tmp_path, frozen_clock):
    old = str(tmp_path / "v1.db")
    con = sqlite3.connect(old)
    con.executescript(FIXTURE_V1.read_text(encoding="utf-8"))
    guests = [("planned", "2026-11-01 02:00:00", "2026-11-01 02:00:00"),   # planned by the last run
              ("changed", "2026-11-01 02:00:00", "2026-11-23 01:30:00"),   # her dates moved after it
              ("new", "2026-11-23 01:45:00", "2026-11-23 01:45:00")]       # entered after it: never planned
    for name, created, changed in guests:
        con.execute("INSERT INTO guest (name, initials, salutation, phone, phone_last4, wechat, kind, allergies, "
                    "health_notes, vip, night_shift, do_not_disturb, call_window, tier, entered_on, "
                    "anchors_changed_at, created_at) VALUES (?, '', '', '', '', '', 'postpartum', '', '', 0, 0, 0, "
                    "'', 'ordinary', '2026-11-01', ?, ?)", (name, changed, created))
    for key, value in (("generation_through", "2026-12-07"), ("generation_at", "2026-11-23T01:00:00+00:00"),
                       ("generation_playbooks", "abcd")):
        con.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (key, json.dumps(value)))
    con.commit()
    con.close()
    __import__("os").chmod(old, 0o660)

    database = store_db.open_database(old)
    try:
        assert migrations.current_version(database) == migrations.LATEST
        state = {g.name: (g.planned_through and g.planned_through.isoformat(), g.planned_books,
                          g.planned_change is not None) for g in Guest.select()}
        assert state == {"planned": ("2026-12-07", "abcd", True), "changed": ("2026-12-07", "abcd", False),
                         "new": (None, "", False)}
        assert not Setting.select().where(Setting.key.startswith("generation_")).exists()
        assert PlanFailure.select().count() == 0
    finally:
        store_db.close()
