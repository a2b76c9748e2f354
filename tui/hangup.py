"""Leave cleanly when the terminal goes away: SIGHUP (ssh drop, closed window), SIGTERM, or end of input.

Textual's driver does not handle SIGHUP, and with SIGHUP ignored (nohup) an orphan spins on a
closed stdin. So: on a hang-up signal, or when stdin reports hang-up/EOF, ask the app to exit and
arm a hard exit one second later in case the exit blocks on the dead terminal. Nothing needs saving
here: drafts are saved as the person types (screens/dialogs/drafting.py), never on exit.
"""
from __future__ import annotations

import asyncio
import os
import select
import signal
import sys
import threading

GRACE_S = 0.6  # hard exit this long after the hang-up if the clean exit has not finished
POLL_S = 0.25
EXIT_CODE = 129  # 128 + SIGHUP


def install(app) -> bool:
    """Watch for hang-up on a real terminal (not in headless tests); True if installed."""
    if getattr(app, "is_headless", True):
        return False
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGHUP, signal.SIGTERM):
        # a plain handler runs at once in the main thread, even while the loop is busy rendering;
        # it arms the hard-exit timer right away and hands the clean exit to the loop
        signal.signal(sig, lambda signum, frame: hang_up(app, loop))
    fd = _stdin_fd()
    if fd is not None:
        app.set_interval(POLL_S, lambda: stdin_gone(fd) and hang_up(app))
    return True


def hang_up(app, loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Exit now; if the exit stalls on the dead terminal, leave anyway (once)."""
    if getattr(app, "_hung_up", False):
        return
    app._hung_up = True
    timer = threading.Timer(GRACE_S, os._exit, args=(EXIT_CODE,))
    timer.daemon = True
    timer.start()
    if loop is not None:
        loop.call_soon_threadsafe(lambda: app.exit(return_code=EXIT_CODE))
    else:
        app.exit(return_code=EXIT_CODE)


def stdin_gone(fd: int) -> bool:
    """True when the terminal behind `fd` hung up or was closed (polled without reading input)."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked for: only HUP / ERR / NVAL are reported
    try:
        return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in poller.poll(0))
    except OSError:
        return True


def _stdin_fd() -> int | None:
    try:
        return sys.__stdin__.fileno() if sys.__stdin__ is not None else None
    except (OSError, ValueError):
        return None
