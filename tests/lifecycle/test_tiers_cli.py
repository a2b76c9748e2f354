"""`carefloor tiers --reevaluate`: prints the changes, bad input is one line and a non-zero exit."""
from __future__ import annotations

import datetime as dt

from store import clock, db as store_db
from store.guests_write import create_guest
from store.models import Guest, Payment, Task
from store.writes import SYSTEM, write
from tui.cli import main


def _center(path):
    store_db.open_database(path)
    gid = write(SYSTEM, "guest.add", lambda tx: create_guest(tx, name="孙丽", phone="13600136000",
                                                             entered_on=dt.date(2026, 1, 1), kind="wellness"))
    for _ in range(4):
        Payment.create(guest=gid, amount_cents=200000, kind="service", at=clock.at_local(dt.date(2026, 11, 1), 12))
    store_db.close()


def test_reevaluate_changes_tier_and_creates_callback(sqlite_url, frozen_clock, capsys, monkeypatch):
    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    _center(sqlite_url)
    assert main(["tiers", "--reevaluate", "--db", sqlite_url, "--on", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "孙丽: ordinary -> silver" in out and "1 guests changed tier" in out
    store_db.open_database(sqlite_url)
    assert Guest.get().tier == "silver" and Task.select().where(Task.step == "tier_change").count() == 1
    store_db.close()


def test_bad_input_is_one_line(sqlite_url, frozen_clock, capsys, monkeypatch):
    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    _center(sqlite_url)
    assert main(["tiers", "--db", sqlite_url]) == 2
    assert main(["tiers", "--reevaluate", "--db", sqlite_url, "--on", "23/11"]) == 2
    assert main(["tiers", "--reevaluate", "--db", sqlite_url + ".missing"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("carefloor: ") for line in err)
    assert "Traceback" not in "".join(err)
