"""When should it happen instead? Accepts +1d, tomorrow 15:00, 明天下午3点 …; bad input is explained inline."""
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
    RescheduleDialog .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "common.cancel", id="when.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.box_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="when-box") as box:
            box.border_title = plain(self.box_title)  # a title may name the guest
            yield Static(t("daily.when_label", forms=FORMS()), classes="hint")
            yield CareInput(id="when-input", max_length=40)
            yield Static("", id="when-preview")
            yield Static("", id="when-error")

    def on_mount(self) -> None:
        self.query_one("#when-input", Input).focus()

    @on(Input.Changed, "#when-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#when-error", Static).update("")
        preview = ""
        if event.value.strip():
            try:
                preview = t("daily.when_preview", when=_local(parse_when(event.value)))
            except ValueError:
                preview = ""
        self.query_one("#when-preview", Static).update(preview)

    @on(Input.Submitted, "#when-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            when = parse_when(event.value)
        except ValueError as exc:
            self.query_one("#when-error", Static).update(plain(str(exc)))  # quotes what was typed
            return
        self.dismiss(when)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _local(when: dt.datetime) -> str:
    return arrow.get(when).to(clock.timezone()).format("YYYY-MM-DD HH:mm")
