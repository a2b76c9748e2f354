"""A real app on a terminal whose login screen fails on mount: python -m tests.shell.crash_child DB."""
from __future__ import annotations

import sys

from screens import login
from tui import cli


def _broken_mount(self) -> None:
    secret = "王小红 13812345678"  # a local the default traceback would print on screen
    raise ZeroDivisionError(f"simulated bug near {len(secret)}")


if __name__ == "__main__":
    login.LoginScreen.on_mount = _broken_mount
    sys.exit(cli.main(["--db", sys.argv[1], "--lang", "en"]))
