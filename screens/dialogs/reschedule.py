"""When should it happen instead? Accepts +1d, tomorrow 15:00, 明天下午3点, 半小时后 …; bad input is explained inline.

Relative entries count from now. Given the task's current due time and the guest's call window
(clock hours), the preview also warns when the new time is earlier than the task is due now or
outside her window (store.schedule.reschedule_warnings); such a time is kept on a second Enter.
"""
from __future__ import annotations

import datetime as dt

import arrow
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screens.widgets.plain import CareInput, plain
from store import clock
from store.schedule import reschedule_warnings
from tui.i18n import t
from tui.keys import translate_bindings
from tui.when import FORMS, parse_when


class RescheduleDialog(ModalScreen[dt.datetime | None]):
    DEFAULT_CSS = """
    RescheduleDialog { align: center middle; }
    RescheduleDialog > #when-box { width: 72; max-width: 95%; height: auto; border: thick $primary;
                                   background: $surface; padding: 0 1; }
    RescheduleDialog #when-error { color: $error; height: auto; }
    RescheduleDialog #when-preview { color: $success; height: auto; }
    RescheduleDialog #when-warning { color: $warning; height: auto; }
    RescheduleDialog .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "common.cancel", id="when.cancel")]

    def __init__(self, title: str, *, current: dt.datetime | None = None, hours=None) -> None:
        """`current`: the task's due time now; `hours`: her call window (a Window with start/end)."""
        super().__init__()
        translate_bindings(self)
        self.box_title = title
        self.current, self.hours = current, hours
        self.warned = ""  # the text whose warnings were shown on Enter: the next Enter keeps it

    def compose(self) -> ComposeResult:
        with Vertical(id="when-box") as box:
            box.border_title = plain(self.box_title)  # a title may name the guest
            yield Static(t("daily.when_label", forms=FORMS()), classes="hint")
            yield CareInput(id="when-input", max_length=40)
            yield Static("", id="when-preview")
            yield Static("", id="when-warning")  # shown only with something to say
            yield Static("", id="when-error")

    def on_mount(self) -> None:
        self.query_one("#when-warning", Static).display = False
        self.query_one("#when-input", Input).focus()

    def warnings(self, when: dt.datetime) -> list[str]:
        """The warnings for `when`, in words."""
        texts = {"earlier": lambda: t("daily.when_earlier", due=_local(self.current)),
                 "outside": lambda: t("daily.when_outside", window=_hours(self.hours))}
        return [texts[code]() for code in reschedule_warnings(when, self.current, self.hours)]

    @on(Input.Changed, "#when-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#when-error", Static).update("")
        preview, warning = "", ""
        if event.value.strip():
            try:
                when = parse_when(event.value)
            except ValueError:
                when = None
            if when is not None:
                preview = t("daily.when_preview", when=_local(when))
                warning = "\n".join(self.warnings(when))
        self.query_one("#when-preview", Static).update(preview)
        box = self.query_one("#when-warning", Static)
        box.update(warning)
        box.display = bool(warning)

    @on(Input.Submitted, "#when-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            when = parse_when(event.value)
        except ValueError as exc:
            self.query_one("#when-error", Static).update(plain(str(exc)))  # quotes what was typed
            return
        if self.warnings(when) and self.warned != event.value:
            self.warned = event.value
            self.query_one("#when-error", Static).update(t("daily.when_enter_again"))
            return
        self.dismiss(when)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _local(when: dt.datetime) -> str:
    return arrow.get(when).to(clock.timezone()).format("YYYY-MM-DD HH:mm")


def _hours(window) -> str:
    return f"{window.start[0]:02d}:{window.start[1]:02d}-{window.end[0]:02d}:{window.end[1]:02d}"
