"""Yes / no before something that cannot be undone from the list (do-not-disturb)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.widgets.plain import PlainStatic, plain
from tui.i18n import t
from tui.keys import translate_bindings


class ConfirmDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > #confirm-box { width: 60; max-width: 90%; height: auto; border: thick $warning;
                                   background: $surface; padding: 1 2; }
    ConfirmDialog .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "common.yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "common.no", id="confirm.no"),
    ]

    def __init__(self, question: str, title: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.question, self.box_title = question, title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = plain(self.box_title)  # a title may name the guest
            yield PlainStatic(self.question, id="confirm-question")  # may quote stored text
            yield Static(t("daily.confirm_hint"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
