"""CareScreen: the base of every carefloor screen (header, body, footer, live data).

Contract for screen authors:
- `compose_body()` yields the screen's widgets (header and footer are added around them).
- `load()` runs in a THREAD worker: call store functions, return plain data. Never touch widgets.
- `show(data)` runs on the UI thread with what `load()` returned; update widgets in place,
  keeping the cursor and scroll position (don't remount lists if you can update them).
- `refresh_data()` starts a reload; it is called on mount, on `DataChanged` (posted by the app's
  live poller, see tui/live.py) and on resume when something changed while the screen was hidden.
- `TITLE_KEY` is the i18n key of the title shown in the header; `GUEST_DATA = False` for screens
  that show no guest data (they survive `app.lock()`; everything else is dropped).
- Binding descriptions are i18n keys and every Binding has an `id` (see tui/keys.py).
A `store.errors.StoreError` raised by `load()` is shown as a notification, never a traceback.
A `PermissionDenied` from `load()` means this person may not use the screen at all: the store
logged it once, the screen says so once in a full sentence (`show_refusal`) and never loads again,
so no live change makes it ask (and log) again.
"""
from __future__ import annotations

import threading
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import get_current_worker

from store import db as store_db
from store.errors import PermissionDenied, StoreError
from tui.i18n import t
from tui.keys import translate_bindings
from tui.live import DataChanged
from tui.store_messages import message
from screens.widgets.header import CareHeader
from screens.widgets.key_bar import KeyBar


NOT_LOADED = object()


class CareScreen(Screen):
    TITLE_KEY = "common.app_name"
    GUEST_DATA = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)
        self.seen_event_id = -1
        self.loads = 0  # completed loads, for tests and benchmarks
        self._preloaded: Any = NOT_LOADED  # data read before the screen was pushed (preload)
        # A superseded thread worker is cancelled but cannot be stopped: without this lock its
        # load() would overlap the next one (a refused screen logged its refusal twice).
        self._load_lock = threading.Lock()
        self.refusal: PermissionDenied | None = None  # set once by a refused load; then no more loads
        self._refusal_said = False

    @property
    def title_text(self) -> str:
        return t(self.TITLE_KEY)

    def compose(self) -> ComposeResult:
        yield CareHeader()
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def load(self) -> Any:
        """Read what the screen shows (thread). Override."""
        return None

    def show(self, data: Any) -> None:
        """Put loaded data on screen (UI thread). Override."""

    def preload(self) -> None:
        """Read the first data before the screen is pushed (any thread; app.go_home does it
        in a worker): it then opens with its data, no empty frame first. A refusal is left for
        the screen's own load to show."""
        self.seen_event_id = getattr(self.app, "last_event_id", 0)
        try:
            self._preloaded = self.load()
        except PermissionDenied as exc:  # logged by the store: said when the screen opens
            self.refusal, self._preloaded = exc, NOT_LOADED
        except StoreError:
            self._preloaded = NOT_LOADED
        finally:
            store_db.close()  # this thread's own connection

    def on_mount(self) -> None:
        data, self._preloaded = self._preloaded, NOT_LOADED
        if self.refusal is not None:
            self._say_refused()
            return
        if data is NOT_LOADED:
            self.refresh_data()
            return
        self._show_loaded(data)
        if getattr(self.app, "last_event_id", 0) > self.seen_event_id:
            self.refresh_data()  # changed while it was being read

    def on_screen_resume(self) -> None:
        poll = getattr(self.app, "poll_changes", None)
        if poll is not None:  # a save made on the screen above (a form) shows now, not at the next tick
            poll()
        latest = getattr(self.app, "last_event_id", 0)
        if self.loads and latest > self.seen_event_id:
            self.refresh_data()

    def on_data_changed(self, message: DataChanged) -> None:
        if self.loads and message.last_event_id <= self.seen_event_id:
            return  # a reload that started after this change is already reading it
        self.refresh_data()

    def refresh_data(self) -> None:
        if self.refusal is not None:
            return  # refused once, and said so: a change elsewhere must not ask (and log) again
        self.seen_event_id = getattr(self.app, "last_event_id", 0)
        self._load_worker()

    @work(thread=True, exclusive=True, group="care-load")
    def _load_worker(self) -> None:
        worker = get_current_worker()
        with self._load_lock:  # one load() of a screen at a time
            if worker.is_cancelled or self.refusal is not None:  # a newer reload waits / refused already
                return
            try:
                data = self.load()
            except PermissionDenied as exc:
                self.refusal = exc  # before the lock is let go: a waiting reload must not ask again
                self.app.call_from_thread(self._say_refused)
                return
            except StoreError as exc:
                if not worker.is_cancelled:
                    self.app.call_from_thread(self.notify, message(exc), severity="error")
                return
            finally:
                store_db.close()  # this thread's own connection; the next worker opens its own
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_loaded, data)

    def show_refusal(self, sentence: str) -> None:
        """Say (once, UI thread) that this person may not use this screen. Override to put the
        sentence where the screen's data would be."""
        self.notify(sentence, severity="warning", timeout=12)

    def _say_refused(self) -> None:
        if self._refusal_said or not self.is_attached or self not in self.app.screen_stack:
            return
        self._refusal_said = True
        self.show_refusal(refusal_sentence(self.refusal, self.title_text))

    def _show_loaded(self, data: Any) -> None:
        # Popped (lock, home) while the worker ran: it leaves the stack at once, but stays attached
        # while its children are being removed, so both are checked (a lock mid-load crashed the app).
        if not self.is_attached or self not in self.app.screen_stack:
            return
        self.show(data)
        self.loads += 1


def refusal_sentence(exc: PermissionDenied, screen: str) -> str:
    """'林红梅没有「查看或处理费用」的权限,不能使用「出所」……' in the person's language."""
    return t("refusal.screen", name=exc.params.get("who", ""), screen=screen,
             permission=t(f"refusal.permission.{exc.permission}"))  # every one: tests/auth/test_refusals.py
