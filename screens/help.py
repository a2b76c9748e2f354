"""`?`: every key of the screen it was opened from (shown in the footer or not), with what it does."""
from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.i18n import t
from tui.keys import translate_bindings


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    GUEST_DATA = False
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "shell.key.close", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str]], title: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.rows = rows
        self.screen_title = title

    @classmethod
    def for_screen(cls, screen: Screen) -> "HelpScreen":
        """The keys active on `screen` (its own, its focused widget's, the app's), merged by what they do.

        Only bindings with an id are listed: ours all have one; Textual's untranslated
        built-ins (tab, ctrl+c) don't.
        """
        app = screen.app
        keys: dict[str, list[str]] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not binding.id:
                continue
            shown = keys.setdefault(binding.description, [])
            display = app.get_key_display(binding)
            if display not in shown:
                shown.append(display)
        rows = [(_keys(shown), description) for description, shown in keys.items()]
        return cls(rows, getattr(screen, "title_text", ""))

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 2))
        table.add_column(t("shell.help.key"), no_wrap=True)
        table.add_column(t("shell.help.does"))
        for key, description in self.rows:
            table.add_row(key, description)
        with VerticalScroll(id="help-box") as box:
            box.border_title = t("shell.help.title", screen=self.screen_title)
            box.border_subtitle = t("shell.help.close_hint")
            yield Static(table, id="help-table")

    def action_close(self) -> None:
        self.dismiss(None)


def _keys(shown: list[str]) -> str:
    """'1 2 3 4 5 6 7 8 9' reads better as '1-9'."""
    if len(shown) > 2 and all(k.isdigit() for k in shown):
        return f"{shown[0]}-{shown[-1]}"
    return " ".join(shown)
