"""A one-line text prompt (skip reason, issue note, call note): Enter returns the text, Esc cancels.

`required=True` refuses empty text inline. With a `draft_key` the text is kept as a draft while
typed and offered back when the same prompt opens again.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from screens.dialogs.drafting import Drafting
from screens.widgets.plain import CareInput, PlainStatic, plain
from store.errors import BadText
from store.text import check as check_text, inert
from tui.i18n import t
from tui.keys import translate_bindings
from tui.store_messages import reason


class TextPrompt(Drafting, ModalScreen[str | None]):
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > #prompt-box { width: 70; max-width: 95%; height: auto; border: thick $primary;
                               background: $surface; padding: 0 1; }
    TextPrompt #prompt-error { color: $error; height: auto; }
    TextPrompt .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "common.cancel", id="prompt.cancel")]

    def __init__(self, title: str, label: str, *, required: bool = False, draft_key: str = "",
                 option: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.box_title, self.label, self.required, self.option = title, label, required, option
        self.draft_key = draft_key
        self.option_checked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = plain(self.box_title)  # a title may name the guest
            yield PlainStatic(self.label, classes="hint")  # may name the guest
            yield CareInput(id="prompt-input", max_length=500)
            if self.option:
                yield Checkbox(self.option, id="prompt-option")
            yield Static("", id="prompt-error")
            yield Static(t("daily.prompt_hint"), classes="hint")

    def on_mount(self) -> None:
        field = self.query_one("#prompt-input", Input)
        field.value = inert(self.draft_text())  # drawn as it is: a stored control character shows inert
        field.focus()

    @on(Input.Changed, "#prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Static).update("")
        self.draft_changed(event.value)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-error", Static).update(t("daily.prompt_required"))
            return
        try:
            check_text("text", text)  # the store's check, here: the caller saves after the dialog closed
        except BadText as exc:
            self.query_one("#prompt-error", Static).update(Text(reason(exc)))
            return
        if self.option:
            self.option_checked = self.query_one("#prompt-option", Checkbox).value
        self.draft_done()
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.draft_done()
        self.dismiss(None)
