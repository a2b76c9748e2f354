"""Quick note from anywhere: `603 slept 5h, latch ok` goes to the guest in 603, else to the selected guest.

Enter saves (in a worker; a bad room is explained inline and the text stays), Esc cancels.
The text is kept as a draft while typed, so a dropped terminal loses nothing.
"""
from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screens.dialogs.drafting import Drafting
from screens.widgets.plain import CareInput, PlainStatic, safe
from store import db as store_db
from store import notes
from store.errors import StoreError
from store.text import inert
from tui.i18n import t
from tui.keys import translate_bindings
from tui.store_messages import message

DRAFT_KEY = "quick_note"


class QuickNoteDialog(Drafting, ModalScreen["notes.SavedNote | None"]):
    DEFAULT_CSS = """
    QuickNoteDialog { align: center middle; }
    QuickNoteDialog > #note-box { width: 72; max-width: 95%; height: auto; border: thick $accent;
                                  background: $surface; padding: 0 1; }
    QuickNoteDialog #note-error { color: $error; height: auto; }
    QuickNoteDialog .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "common.cancel", id="note.cancel")]
    draft_key = DRAFT_KEY

    def __init__(self, guest_id: int | None = None, guest_name: str = "", offered: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self.guest_id, self.guest_name, self.offered = guest_id, guest_name, offered
        self.saving = False
        self._early: list[str] = []  # typed right behind `n` (one burst) before the box existed

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box") as box:
            box.border_title = t("daily.note_title")
            target = t("daily.note_to_guest", name=self.guest_name) if self.guest_name else t("daily.note_to_room")
            yield PlainStatic(target, classes="hint")
            yield CareInput(id="note-input", max_length=notes.MAX_LEN, placeholder=t("daily.note_placeholder"))
            yield Static("", id="note-error")
            yield Static(t("daily.note_hint"), classes="hint", id="note-hint")

    def on_mount(self) -> None:
        field = self.query_one("#note-input", Input)
        draft = self.draft_text()
        if draft:
            field.value = inert(draft)  # a box draws its value as it is: a stored control character shows inert
            self.query_one("#note-hint", Static).update(t("daily.note_draft_back"))
        if self._early:
            field.insert_text_at_cursor("".join(self._early))
            self._early.clear()
        field.focus()

    def on_key(self, event: events.Key) -> None:
        """Text typed right behind `n` in one burst reaches the dialog before its box has focus:
        it goes into the box instead of being lost."""
        if self.focused is not None or not event.is_printable or event.character is None:
            return
        event.stop()
        boxes = self.query("#note-input")
        if boxes:
            boxes.first(Input).insert_text_at_cursor(event.character)
        else:
            self._early.append(event.character)

    @on(Input.Changed, "#note-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#note-error", Static).update("")
        self.draft_changed(event.value)

    @on(Input.Submitted, "#note-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.saving:
            self.saving = True
            self._save(event.value, getattr(self.app, "actor", None))

    @work(thread=True, exclusive=True, group="note-save")
    def _save(self, text: str, actor) -> None:
        try:
            saved = notes.add_note(actor, text, guest_id=self.guest_id)
        except StoreError as exc:
            self.app.call_from_thread(self._failed, message(exc))
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._saved, saved)

    def _failed(self, message: str) -> None:
        self.saving = False
        self.query_one("#note-error", Static).update(safe(message))

    def _saved(self, saved) -> None:
        self.draft_done()
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.draft_done()
        self.dismiss(None)
