"""One step of a complaint's handling (owner and deadline, a note, the plan, the reply) as a small dialog.

The dialog runs the store call itself, in a thread worker, and stays open on a refusal: an
`Invalid` is shown under the field it names, anything else (a step out of order, no permission,
the complaint closed meanwhile) above the hint line. What was typed is kept either way.
Enter moves to the next field and saves from the last one; Ctrl+S saves; Esc cancels.
Dismisses with True once the store accepted the step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from screens.widgets.plain import CareInput, plain
from store import db as store_db
from store.errors import Invalid, StoreError
from store.text import check as check_text, inert
from tui.i18n import t
from tui.store_messages import message as store_message, reason as store_reason
from tui.keys import translate_bindings


@dataclass(frozen=True)
class StepField:
    key: str  # the store's field name: an Invalid naming it lands under this input
    label: str  # i18n key
    hint: str = ""  # i18n key of the placeholder
    value: str = ""  # prefilled text


class ComplaintStepDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ComplaintStepDialog { align: center middle; }
    ComplaintStepDialog > #step-box { width: 72; max-width: 95%; height: auto; max-height: 95%;
                                      border: thick $primary; background: $surface; padding: 0 1; }
    ComplaintStepDialog .step-label { margin-top: 1; }
    ComplaintStepDialog .step-field-error { color: $error; height: auto; }
    ComplaintStepDialog #step-error { color: $error; height: auto; }
    ComplaintStepDialog .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "common.save", id="complaint_step.save"),  # after the typed keys
        Binding("escape", "cancel", "common.cancel", id="complaint_step.cancel"),
    ]

    def __init__(self, title: str, fields: list[StepField], submit: Callable[[Any, dict[str, str]], Any]) -> None:
        super().__init__()
        translate_bindings(self)
        self.box_title, self.fields, self.submit = title, fields, submit
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="step-box") as box:
            box.border_title = plain(self.box_title)  # a title may name the guest
            for field in self.fields:
                yield Label(t(field.label), classes="step-label")
                yield CareInput(inert(field.value), id=f"s-{field.key}", max_length=500,
                                placeholder=t(field.hint) if field.hint else "")
                yield Static("", id=f"se-{field.key}", classes="step-field-error")
            yield Static("", id="step-error")
            yield Static(t("complaints.dialog_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(f"#s-{self.fields[0].key}", Input).focus()

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#s-{f.key}", Input).value.strip() for f in self.fields}

    def error_text(self) -> str:
        """The refusal shown above the hint line ("" when none)."""
        return str(self.query_one("#step-error", Static).render())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.query_one(f"#se-{event.input.id[2:]}", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"s-{self.fields[-1].key}":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        if self.busy:
            return
        self.busy = True
        for widget in self.query(".step-field-error, #step-error"):
            widget.update("")
        self._save(self.values())

    @work(thread=True, exclusive=True, group="complaint-step")
    def _save(self, values: dict[str, str]) -> None:
        try:
            for key, value in values.items():  # the store's text check first: lands under its box
                check_text(key, value)
            self.submit(self.app.actor, values)
        except StoreError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._accepted)

    def _refused(self, exc: StoreError) -> None:
        self.busy = False
        if isinstance(exc, Invalid) and self.query(f"#se-{exc.field}"):
            self.query_one(f"#se-{exc.field}", Static).update(plain(store_reason(exc), multiline=True))
            self.query_one(f"#s-{exc.field}", Input).focus()
            return
        self.query_one("#step-error", Static).update(plain(t("complaints.refused", reason=store_message(exc)), multiline=True))

    def _accepted(self) -> None:
        self.busy = False
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
