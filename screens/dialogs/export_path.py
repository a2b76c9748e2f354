"""Where to write an export: a path prefilled with a sensible name; Enter returns it, Esc cancels."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screens.widgets.plain import CareInput, plain
from tui.i18n import t
from tui.keys import translate_bindings


class ExportPathDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ExportPathDialog { align: center middle; }
    ExportPathDialog > #export-box { width: 76; max-width: 95%; height: auto; border: thick $primary;
                                     background: $surface; padding: 0 1; }
    ExportPathDialog .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "common.cancel", id="export.cancel")]

    def __init__(self, title: str, label: str, default: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.box_title, self.label, self.default = title, label, default

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = plain(self.box_title)  # a title may name the guest
            yield Static(self.label, classes="hint")
            yield CareInput(self.default, id="export-path")
            yield Static(t("daily.prompt_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
