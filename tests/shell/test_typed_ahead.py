"""Keys typed while carefloor starts, through a real pseudo-terminal: kept, not echoed, terminal restored."""
from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.auth.helpers import add_staff
from tui import early_input

ROOT = Path(__file__).resolve().parents[2]
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEHc])")
LINE_MODE = (termios.ICRNL, termios.ECHO | termios.ICANON)  # iflag, lflag bits of a fresh terminal


def _pty(cols: int = 80, rows: int = 24) -> tuple[int, int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return master, slave


def _read_until(master: int, text: str, seconds: float = 40) -> str:
    """Screen text (escapes removed) read from the terminal until `text` shows, or fail."""
    seen = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
        plain = ESCAPES.sub(b"", seen).decode("utf-8", "replace")
        if text in plain:
            return plain
    raise AssertionError(f"{text!r} never appeared; last screen text: {ESCAPES.sub(b'', seen)[-600:]!r}")


def test_hold_stops_echo_and_keeps_enter_as_cr_then_restores():
    master, slave = _pty()
    try:
        before = termios.tcgetattr(slave)
        assert before[0] & LINE_MODE[0] and before[3] & LINE_MODE[1]
        restore = early_input.hold(slave)
        os.write(master, b"M1\t9999\r")
        assert os.read(slave, 64) == b"M1\t9999\r"  # readable at once, Enter still CR
        ready, _, _ = select.select([master], [], [], 0.2)
        assert not ready  # nothing echoed back to the screen
        restore()
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


def test_hold_leaves_a_non_terminal_alone(tmp_path):
    with open(tmp_path / "f", "w") as fh:
        assert early_input.hold(fh.fileno()) is None


@pytest.mark.slow
def test_sign_in_typed_before_the_app_is_up_signs_in_and_the_terminal_comes_back(sqlite_store, sqlite_url):
    """The keys are written the moment the process is started: the kernel holds them (as a line
    feed if it still is in line mode) until Textual reads them."""
    add_staff("M1", "Chen", "manager", pin="9999")
    master, slave = _pty()
    before = termios.tcgetattr(slave)
    env = {**os.environ, "TERM": "xterm-256color", "CAREFLOOR_LANG": "en"}
    env.pop("TEXTUAL", None)
    child = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", sqlite_url, "--lang", "en"], cwd=ROOT,
                             stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    try:
        os.write(master, b"M1\t9999\r")
        _read_until(master, "Chen (Store manager)")  # the header of the signed-in home screen
        child.send_signal(signal.SIGTERM)
        child.wait(20)
        assert termios.tcgetattr(slave) == before  # echo and line mode back for the shell
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        os.close(master)
        os.close(slave)
