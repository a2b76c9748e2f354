"""Peewee is imported without the PostgreSQL driver; opening PostgreSQL binds it (store/driver.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys
from store import db as store_db
from store.settings import get_setting, put_setting
from store.writes import SYSTEM, write
before = "psycopg" in sys.modules
store_db.open_database(sys.argv[1])
write(SYSTEM, "settings.test", lambda tx: put_setting(tx, "center_name", {"zh": "driver"}))
print(json.dumps({"before": before, "after": "psycopg" in sys.modules, "value": get_setting("center_name")}))
"""


def _run(url: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, url], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_driver_is_loaded_only_for_postgresql_and_then_works(db_url):
    """SQLite never imports psycopg; PostgreSQL gets it when opened and writes and reads as before."""
    found = _run(db_url)
    assert found["before"] is False
    assert found["after"] is db_url.startswith("postgresql://")
    assert found["value"] == {"zh": "driver"}
