"""A dropped terminal: the app exits within a second, leaves no process behind, and the note
being typed is offered back at the next sign-in (it was saved as it was typed, not on exit)."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from screens.dialogs.quick_note import QuickNoteDialog
from store import db as store_db
from store import drafts
from tests.daily.app_helpers import daily_app, settle
from tests.daily.fixtures import build_center

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
# The app arms a hard exit 0.6 s after the hang-up (tui/hangup.py); idle it leaves in ~0.3-0.6 s.
# The spec says within a second; the limit leaves room for a CI machine loaded by the rest of the
# suite running beside it. Measured from the signal / the window closing to the child's end.
EXIT_LIMIT_S = 1.5


class Terminal:
    """The app in a child process on a pseudo-terminal we control."""

    def __init__(self, db_path: str, staff_id: int):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.daily.hup_child", db_path, str(staff_id)],
                                     stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        """Read what the app draws. Never blocks in read(): a read in progress keeps the terminal
        open after os.close(master), and the app would see the hang-up only at its next frame."""
        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.02)[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def close_window(self) -> None:
        """The terminal window closes: the master side goes away at once."""
        self._stop.set()
        self._reader.join()
        os.close(self.master)

    def wait_for(self, text: str, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while text.encode() not in self.output:
            assert time.monotonic() < end, f"{text!r} never appeared; exit={self.proc.poll()}"
            time.sleep(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def exit_time(self, timeout: float = 5.0) -> float:
        started = time.monotonic()
        self.proc.wait(timeout)
        return time.monotonic() - started


def _wait_for_draft(actor, text: str, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while drafts.load_draft(actor, "quick_note") != text:
        assert time.monotonic() < end, f"draft {text!r} never saved"
        time.sleep(0.05)


@pytest.fixture
def center_file(sqlite_url, frozen_clock):
    store_db.open_database(sqlite_url)
    center = build_center()
    yield sqlite_url, center
    store_db.close()


def _type_note(center_file) -> Terminal:
    path, center = center_file
    term = Terminal(path, center.staff["nurse"])
    term.wait_for("Today")
    time.sleep(0.3)
    term.type("n")
    term.wait_for("Quick note")
    term.type("603 slept 5h")
    _wait_for_draft(center.actor("nurse"), "603 slept 5h")
    return term


def test_sighup_while_typing_exits_fast_and_the_draft_comes_back(center_file):
    path, center = center_file
    term = _type_note(center_file)
    os.kill(term.proc.pid, signal.SIGHUP)
    took = term.exit_time()
    assert took < EXIT_LIMIT_S, f"took {took:.2f}s to exit after SIGHUP (rc {term.proc.returncode}): {bytes(term.output[-300:])!r}"
    assert term.proc.returncode in (129, -signal.SIGHUP)
    _no_orphans(term)
    _offered_back(center)


def test_terminal_closed_under_an_ignored_sighup_still_exits(center_file):
    """nohup-style: the input just ends. The app notices the hang-up on stdin and leaves."""
    term = _type_note(center_file)
    term.close_window()  # the child has no controlling tty, so no signal: only the input ends
    took = term.exit_time()
    assert took < EXIT_LIMIT_S, f"took {took:.2f}s to exit after the terminal closed"
    _no_orphans(term)


def _no_orphans(term: Terminal) -> None:
    try:
        os.killpg(term.proc.pid, 0)
    except ProcessLookupError:
        return
    pytest.fail("a process of the app's session is still running")


def _offered_back(center) -> None:
    import asyncio

    async def reopen():
        app = daily_app(center, "nurse")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, QuickNoteDialog)
            assert app.screen.query_one("#note-input").value == "603 slept 5h"

    asyncio.run(reopen())
