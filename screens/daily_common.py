"""What the visits and callbacks screens share: running an outcome off the UI thread and saying what happened."""
from __future__ import annotations

from typing import Callable

import arrow
from textual import work

from store import clock
from store import db as store_db
from store.errors import StoreError
from store.task_claim import TaskTaken
from tui.i18n import t
from tui.store_messages import message


def local_hhmm(when) -> str:
    return arrow.get(when).to(clock.timezone()).format("HH:mm")


def local_when(when) -> str:
    """'14:00' today, else 'MM-DD HH:mm' in the center's zone."""
    local = arrow.get(when).to(clock.timezone())
    return local.format("HH:mm") if local.date() == clock.today() else local.format("MM-DD HH:mm")


def error_text(exc: StoreError) -> str:
    """A store error as the person should read it, in their language where we know the shape."""
    if isinstance(exc, TaskTaken):
        at = local_hhmm(exc.at) if exc.at else "-"
        return t("daily.taken", what=t(f"daily.status.{exc.status}"), by=exc.by, at=at)
    return message(exc)


def result_text(result, name: str) -> str:
    """One line after an outcome: what was logged, and when the task comes back (if it does)."""
    if getattr(result, "repeated_at", None) is not None:  # a key pressed twice: one try, said so
        text = t("daily.repeated", at=local_hhmm(result.repeated_at), name=name)
    else:
        text = t("daily.logged", what=t(f"daily.outcome.{result.outcome}"), name=name)
    if result.escalated:
        return f"{text}. {t('daily.escalated')}"
    if result.status == "open" and result.due_at is not None:
        return f"{text}. {t('daily.next_try', when=local_when(result.due_at))}"
    return text


class OutcomeRunner:
    """Mixin for a CareScreen: `run_outcome(call, name)` writes in a worker, then reloads the list."""

    last_outcome = None  # the Result of the latest outcome (tests)

    def run_outcome(self, call: Callable[[], object], name: str) -> None:
        self._outcome_worker(call, name)

    @work(thread=True, group="outcome")
    def _outcome_worker(self, call: Callable[[], object], name: str) -> None:
        try:
            result = call()
        except StoreError as exc:
            self.app.call_from_thread(self._outcome_failed, error_text(exc))
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._outcome_done, result, name)

    def _outcome_failed(self, message: str) -> None:
        self.notify(message, severity="error")
        self.refresh_data()

    def _outcome_done(self, result, name: str) -> None:
        self.last_outcome = result
        self.notify(result_text(result, name), timeout=3)
        self.refresh_data()
