"""An unexpected error in a running app: log it privately, tell the person in one line, exit cleanly.

Textual's default prints a full traceback (with local variables, which may hold guest data) on
the terminal. At the station that is noise at best and a privacy leak at worst. Instead the
traceback goes to a 0600 log file under the user's state folder and the screen says what
happened and what to do. Drafts need no rescue: they are saved as people type.
Headless runs (tests) keep Textual's behaviour so a test still fails loudly.
"""
from __future__ import annotations

import os
import traceback
from pathlib import Path

from tui.i18n import t


def log_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(base) / "carefloor" / "errors.log"


def write_log(error: BaseException, when: str) -> Path:
    """Append the traceback (no locals) to the private error log; returns its path."""
    from store import filemodes

    path = log_path()
    filemodes.make_dir(path.parent, filemodes.PERSONAL)
    fd = filemodes.append(path, filemodes.PERSONAL)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"--- {when} pid {os.getpid()}\n")
        fh.write("".join(traceback.format_exception(error)))
    return path


def handle(app, error: Exception) -> bool:
    """Take over Textual's crash path on a real terminal; False leaves it to Textual (tests)."""
    if getattr(app, "is_headless", True):
        return False
    from store import clock

    try:
        where = str(write_log(error, clock.now().isoformat()))
    except OSError:
        where = ""
    app._return_code = 1
    app.crash_message = t("shell.crashed", error=type(error).__name__, log=where or "-")
    app._close_messages_no_wait()
    return True
