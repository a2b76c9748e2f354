"""The app's part in planning: the day's roll-over (store/rollover.py), off the UI thread.

After the app's first frame, and whenever the center's local day changes while it runs, a
daemon thread asks the store to roll the day over; the first terminal after midnight does it,
the others find it done or in hand and skip (their screens follow the change feed); a terminal
that finds it done plans anyone still behind (rollover.catch_up). A failure is one line for the
person (details in the private error log), never a traceback.
"""
from __future__ import annotations

import threading

from store import clock

CHECK_S = 60  # how often a running app looks at the local day


class DayRollover:
    def __init__(self, app, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled
        self.day = None  # the local day last rolled over (or found rolled over) by this app
        self.thread: threading.Thread | None = None
        self.done = threading.Event()  # set after each roll-over attempt (tests wait on it)
        self.result = None  # what this terminal's last attempt planned (None: someone else's turn)

    def start(self) -> None:
        """Call after the first frame: checks now, then every CHECK_S seconds."""
        if not self.enabled:
            return
        self.check()
        self.app.set_interval(CHECK_S, self.check)

    def check(self) -> None:
        today = clock.today()
        if today == self.day or (self.thread is not None and self.thread.is_alive()):
            return
        self.day = today
        self.done.clear()
        self.thread = threading.Thread(target=self._run, name="carefloor-rollover", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from store import db as store_db, rollover
        from store.terminal import describe

        try:
            self.result = rollover.run(describe())
            if self.result is None:  # rolled over already (or in hand): anyone still behind
                self.result = rollover.catch_up(describe())
        except Exception as exc:  # a locked or vanished database: say so, try again next check
            self.day = None
            self._tell(exc)
        finally:
            store_db.close()  # this thread's own connection
            self.done.set()

    def _tell(self, exc: Exception) -> None:
        from store.errors import StoreError
        from tui import crash
        from tui.i18n import t
        from tui.store_messages import message

        if isinstance(exc, StoreError):
            text = t("shell.rollover_failed", error=message(exc).splitlines()[0])
        else:
            try:
                where = str(crash.write_log(exc, clock.now().isoformat()))
            except OSError:
                where = "-"
            text = t("shell.rollover_failed", error=f"{type(exc).__name__} ({where})")
        try:
            self.app.call_from_thread(self.app.notify, text, severity="error", timeout=30)
        except RuntimeError:  # the app has quit
            pass

    def tell_failures(self, actor) -> None:
        """At a manager's sign-in (any home screen): how many guests planning skips, if any."""
        if actor is None or not actor.can("export"):
            return
        threading.Thread(target=self._count_failures, name="carefloor-plan-failures", daemon=True).start()

    def _count_failures(self) -> None:
        from store import db as store_db
        from store.models import PlanFailure
        from tui.i18n import t

        try:
            count = PlanFailure.select().count()
        except Exception:  # the database gone away: the live poller says so, once
            return
        finally:
            store_db.close()
        if count:
            try:
                self.app.call_from_thread(self.app.notify, t("shell.plan_failures", count=count),
                                          severity="warning", timeout=15)
            except RuntimeError:
                pass
