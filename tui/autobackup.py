"""At app start: the day's first automatic backup, and start-up warnings (a file on NFS), off the UI thread."""
from __future__ import annotations

import threading
import time


def start(app, target: str) -> threading.Thread:
    """Run the checks in a daemon thread; anything worth saying becomes a notification."""
    thread = threading.Thread(target=_run, args=(app, target), name="carefloor-autobackup", daemon=True)
    thread.start()
    return thread


def _run(app, target: str) -> None:
    from store import faults
    from store.backup import auto_backup
    from store.errors import StoreError

    messages = list(faults.warnings)
    try:
        auto_backup(target)
    except (StoreError, OSError) as exc:
        from tui.i18n import t

        from tui.store_messages import message

        messages.append(t("backup_cli.auto_failed", error=message(exc)))
    if messages:
        _tell(app, messages)


def _tell(app, messages: list[str]) -> None:
    deadline = time.monotonic() + 10
    while not getattr(app, "is_running", False) and time.monotonic() < deadline:
        time.sleep(0.1)
    for message in messages:
        try:
            app.call_from_thread(app.notify, message, severity="warning", timeout=30)
        except RuntimeError:  # the app already quit
            return
