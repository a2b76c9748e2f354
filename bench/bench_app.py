"""The app in a real terminal (tmux 120x40): start to a usable board, key to screen, memory.

- start: from `tmux new-session` to the first capture that shows a guest's name in room 302
  (the board's data, not its skeleton), against a one-widget Textual app measured the same way
  in the same run (the ratio);
- key to screen: `send-keys Right/Left` on the board until `capture-pane -e` (attributes too, so
  a moved highlight counts) shows that key's whole result; includes ~5 ms of tmux round trips;
- memory: resident and proportional set size of the app process once the board is up.
Database: $CAREFLOOR_BENCH_DB (the large center, signed in as its manager S5), else skipped.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.runner import percentile, summarize

ROOT = Path(__file__).resolve().parent.parent
SIZE = ("120", "40")
LAUNCH_BOARD = """
import os, sys
sys.path.insert(0, {root!r})
open({pidfile!r}, "w").write(str(os.getpid()))
from tui import startup
startup.hold_collector()  # as tui.cli.main does first
from store import clock, db as store_db
from store.auth import actor_for
store_db.open_database({db!r}, create=False)
from tui.app import make_app
make_app(None, clock=clock.FixedClock({now!r}), lang="en", actor=actor_for({staff})).run()
"""
LAUNCH_ONE_WIDGET = """
import os
open({pidfile!r}, "w").write(str(os.getpid()))
from textual.app import App
from textual.widgets import Static
class One(App):
    def compose(self):
        yield Static("READY-ONE-WIDGET")
One().run()
"""


def main(quick: bool) -> list[dict]:
    db = os.environ.get("CAREFLOOR_BENCH_DB")
    if not shutil.which("tmux"):
        return [_skip("tmux is not installed")]
    if not db:
        return [_skip("no $CAREFLOOR_BENCH_DB (run through `python -m bench`, which builds the large center)")]
    try:
        from tui.app import make_app  # noqa: F401  (the board has landed)
    except ImportError as exc:
        return [_skip(f"tui.app not importable yet: {exc}")]
    staff, marker = _manager_and_marker(db)
    runs, keys = (3, 20) if quick else (11, 60)
    with tempfile.TemporaryDirectory(prefix="cf-bench-app-") as tmp:
        board = _launcher(tmp, "board", LAUNCH_BOARD, db=db, staff=staff,
                          now=os.environ.get("CAREFLOOR_BENCH_NOW", "2026-11-23T02:00:00+00:00"))
        one = _launcher(tmp, "one", LAUNCH_ONE_WIDGET)
        base, starts = [], []
        for i in range(runs):  # taken in turns, so a slow stretch of the machine weighs on both alike
            base.append(_start(one, "READY-ONE-WIDGET")[0])
            took, session = _start(board, marker, keep=(i == runs - 1))
            starts.append(took)
        key_ms = _keys(session, keys)
        memory = _memory(Path(tmp) / "board.pid")
        _kill(session)
    return _rows(starts, base, key_ms, memory)


def _rows(starts, base, key_ms, memory) -> list[dict]:
    ratio = statistics.median(starts) / statistics.median(base)
    rss, pss = memory
    return [
        summarize("start to a usable board (tmux 120x40, large center)", starts, ratio=ratio,
                  note="ratio to the one-widget app below"),
        summarize("start of a one-widget Textual app (baseline)", base),
        summarize("key to screen on the board (Right/Left, tmux)", key_ms,
                  note=f"p95 {percentile(sorted(key_ms), 0.95):.1f} ms"),
        {"name": "resident memory per session (board up)", "median_ms": None, "spread": "", "n": 1,
         "note": f"RSS {rss / 1024:.0f} MiB, PSS {pss / 1024:.0f} MiB (one session alone)"},
    ]


def _skip(why: str) -> dict:
    return {"name": "app in tmux: skipped", "median_ms": None, "spread": "", "n": 0, "note": why}


def _manager_and_marker(db: str) -> tuple[int, str]:
    """A manager (home: the board) and the name of the guest in room 302 (shows once data is in)."""
    conn = sqlite3.connect(db)
    try:
        staff = conn.execute("SELECT id FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1").fetchone()[0]
        row = conn.execute(
            "SELECT guest.name FROM stay JOIN room ON room.id = stay.room_id JOIN guest ON guest.id = stay.guest_id "
            "WHERE stay.status = 'admitted' ORDER BY room.id LIMIT 1").fetchone()
    finally:
        conn.close()
    return staff, row[0]


def _launcher(tmp: str, name: str, template: str, **values) -> dict:
    pidfile = str(Path(tmp) / f"{name}.pid")
    script = Path(tmp) / f"{name}.py"
    script.write_text(template.format(root=str(ROOT), pidfile=pidfile, **values), encoding="utf-8")
    return {"name": f"cfbench-{name}-{os.getpid()}", "argv": f"{sys.executable} {script}"}


def _start(launcher: dict, marker: str, keep: bool = False) -> tuple[float, str]:
    """Milliseconds from new-session to the marker on screen; the session is killed unless kept."""
    session = launcher["name"]
    _kill(session)
    started = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", SIZE[0], "-y", SIZE[1],
                    launcher["argv"]], check=True, env={**os.environ, "TERM": "xterm-256color"})
    deadline = started + 60
    while marker not in _capture(session):
        if time.perf_counter() > deadline:
            _kill(session)
            raise RuntimeError(f"{marker!r} never appeared in tmux session {session}")
        time.sleep(0.005)
    took = (time.perf_counter() - started) * 1000
    if not keep:
        _kill(session)
        time.sleep(0.3)  # let it go before the next start
    return took, session


def _keys(session: str, presses: int) -> list[float]:
    """Key to the screen showing that key's whole result. Right and Left move the cursor between
    two screens, learned first once each has stayed still; each press then waits for its screen.
    (Waiting for "any change" ended on frames tmux caught half drawn, and the next press then
    waited 5 s for a change it had already seen: about 2 presses in 100.)"""
    time.sleep(0.5)
    left = _settled(session)
    _send(session, "Right")
    right = _settled(session)
    _send(session, "Left")
    if right == left or _settled(session) != left:
        raise RuntimeError("Right and Left do not move the board's cursor between two screens")
    out = []
    for i in range(presses):
        key, want = ("Right", right) if i % 2 == 0 else ("Left", left)
        started = time.perf_counter()
        _send(session, key)
        while _capture(session, attrs=True) != want and time.perf_counter() < started + 5:
            time.sleep(0.001)
        out.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)
    return out


def _send(session: str, key: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)


def _settled(session: str, still: float = 0.3) -> str:
    """The pane (with attributes) once it has not changed for `still` seconds."""
    last, since = _capture(session, attrs=True), time.perf_counter()
    while time.perf_counter() - since < still:
        time.sleep(0.01)
        now = _capture(session, attrs=True)
        if now != last:
            last, since = now, time.perf_counter()
    return last


def _memory(pidfile: Path) -> tuple[int, int]:
    """(RSS, PSS) in KiB of the process that wrote `pidfile`."""
    pid = pidfile.read_text().strip()
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts and parts[0] in ("Rss:", "Pss:"):
            values[parts[0]] = int(parts[1])
    return values.get("Rss:", 0), values.get("Pss:", 0)


def _capture(session: str, attrs: bool = False) -> str:
    argv = ["tmux", "capture-pane", "-p", "-t", session] + (["-e"] if attrs else [])
    return subprocess.run(argv, capture_output=True, text=True).stdout


def _kill(session: str) -> None:
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
