"""Keys typed while carefloor starts: not echoed, and Enter kept as Enter.

Until Textual takes the terminal over (about 0.8 s after launch here), the terminal is still in
line mode: the kernel echoes every key onto the shell's screen, where a PIN typed ahead
("M1 Tab 9999 Enter") stays readable in the scrollback after carefloor exits, and it turns the
Enter (CR) into a line feed (ICRNL), which Textual reads as Ctrl+J. The first thing `carefloor`
does is therefore to switch echo, line editing and that translation off, and to put the
terminal back as it found it when it ends (Textual restores what it found, i.e. this).
Keys typed in the few milliseconds before are already echoed and translated; the sign-in screen
takes a Ctrl+J as Enter for them (screens/login.py).
"""
from __future__ import annotations

import os
import termios  # POSIX only, like the rest of carefloor (store/writelock.py uses fcntl)
from typing import Callable


def hold(fd: int = 0) -> Callable[[], None] | None:
    """Quiet the terminal on `fd` now; returns what puts it back, or None (not a terminal)."""
    if not os.isatty(fd):
        return None
    try:
        original = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[0] &= ~termios.ICRNL  # iflag: Enter stays CR
        quiet[3] &= ~(termios.ECHO | termios.ICANON)  # lflag: no echo, keys readable at once
        quiet[6][termios.VMIN], quiet[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd, termios.TCSANOW, quiet)  # TCSANOW: keys already typed stay queued
    except termios.error:
        return None

    def restore() -> None:
        try:
            termios.tcsetattr(fd, termios.TCSANOW, original)
        except termios.error:  # the terminal went away (hang-up): nothing left to restore
            pass

    return restore
