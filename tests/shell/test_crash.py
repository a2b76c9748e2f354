"""An unexpected error on a real terminal: one line and a private log, never a traceback or guest data."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

from store import db as store_db

ROOT = Path(__file__).resolve().parents[2]


def _run_on_pty(args: list[str], env: dict, timeout: float = 20.0) -> tuple[int, str]:
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    output = bytearray()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output.extend(chunk)
    proc.wait(timeout=5)
    os.close(master)
    return proc.returncode, output.decode("utf-8", "replace")


def test_a_bug_in_a_screen_shows_one_line_and_logs_the_traceback_privately(tmp_path, frozen_clock):
    db_path = str(tmp_path / "center.db")
    store_db.open_database(db_path)
    store_db.close()
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    code, out = _run_on_pty([sys.executable, "-m", "tests.shell.crash_child", db_path], env)

    assert code == 1
    assert "Traceback" not in out and "13812345678" not in out
    assert "stopped after an unexpected error (ZeroDivisionError)" in out
    log = tmp_path / "state" / "carefloor" / "errors.log"
    assert "ZeroDivisionError: simulated bug" in log.read_text(encoding="utf-8")
    assert oct(log.stat().st_mode & 0o777) == "0o600"
