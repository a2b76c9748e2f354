"""FormScreen: the base of the lifecycle forms (one form per file in this folder).

A form declares FIELDS and `submit(actor, values)` (runs in a thread, ONE store call, so a
refusal saves nothing). Tab / Shift+Tab move between fields, Ctrl+S saves, Esc asks before
discarding typed input. A `store.errors.Invalid` is shown under the field it names, with the
store's reason; any other refusal above the buttons. On success the form closes. Every text box
is checked first with the store's own text check (store/text.py: no control or bidi character),
so such a refusal lands under its box whatever the form's store call validates first.

Ctrl+S is deliberately not a priority binding: a priority key is handled as it arrives, ahead of
the text keys still queued for the focused Input, so typing "1234" and Ctrl+S in one burst (a
fast typist, a paste, an ssh packet) saved the field before the digits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from screens.base import CareScreen
from screens.burst_keys import TAB_BINDINGS, next_field
from screens.dialogs.confirm import ConfirmDialog
from screens.forms.staff_field import StaffDirectory, StaffSuggester, load_directory
from screens.widgets.plain import CareInput, PlainStatic, safe, safe_options
from store import db as store_db
from store.errors import Invalid, StoreError
from store.text import check as check_text, inert
from tui.i18n import pick, t
from tui.store_messages import message as store_message
from tui.store_messages import reason as store_reason


def say(widget: Static, text: str) -> None:
    """Put an error line up, or take it down: an empty one takes no row (a checklist fits in 24 lines).
    As plain text: a refusal may quote stored text (screens/widgets/plain.py)."""
    widget.update(safe(text))
    widget.set_class(not text, "-empty")


class FormCheckbox(Checkbox):
    """A checkbox that toggles on its own space / Enter, not through the app's binding lookup, which
    runs later and against whatever has focus by then (in a burst: the next box)."""

    async def _on_key(self, event) -> None:
        if event.key in ("space", "enter"):
            event.stop()
            event.prevent_default()
            self.toggle()
            return
        await super()._on_key(event)


@dataclass(frozen=True)
class Field:
    key: str  # the store's field name: Invalid.field lands here
    label: str  # i18n key
    kind: str = "text"  # text | select | check | staff (a number or name, completed: forms/staff_field.py)
    options: Callable[[], list[tuple[str, str]]] | None = None
    hint: str = ""  # i18n key of the placeholder
    names: dict | None = None  # {zh, en} from seeds, instead of `label`

    @property
    def text(self) -> str:
        return pick(self.names) if self.names else t(self.label)


class FormScreen(CareScreen):
    CSS_PATH = "forms.tcss"
    FIELDS: tuple[Field, ...] = ()
    BINDINGS = [
        Binding("ctrl+s", "save", "lifecycle.key.save", id="form.save"),  # not priority: see below
        Binding("escape", "discard", "lifecycle.key.discard", id="form.discard"),
        *TAB_BINDINGS,  # Tab out of a text box after the keys typed before it (screens/burst_keys.py)
        Binding("tab", "app.focus_next", show=False),  # what a checkbox's Tab falls back to
        Binding("shift+tab", "app.focus_previous", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.params = kwargs
        self.initial: dict[str, Any] = {}
        self.busy = False
        self.saved = False
        self.staff_directory: StaffDirectory | None = None  # read when the form opens (staff boxes)

    # -- layout -----------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="form-body"):
            yield PlainStatic("", id="form-info", classes="form-info")  # each form puts stored text here
            for field in self.FIELDS:
                yield from self._field(field)
            yield from self.extra()
            yield PlainStatic("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(t("common.save"), variant="primary", id="form-save")
                yield Button(t("common.cancel"), id="form-cancel")

    def _field(self, field: Field) -> ComposeResult:
        if field.kind == "check":
            yield FormCheckbox(field.text, id=f"f-{field.key}", compact=True)  # a checklist fits in 24 lines
        else:
            with Horizontal(classes="form-row"):  # label beside its box: 3 rows a field, 6 fields in 24 lines
                yield Label(field.text, classes="form-label")
                if field.kind == "select":
                    yield Select(safe_options(field.options()), id=f"f-{field.key}", prompt=t("lifecycle.choose"))
                elif field.kind == "staff":  # who it is, beside the box: no extra row
                    yield CareInput(id=f"f-{field.key}", placeholder=t(field.hint) if field.hint else "",
                                    classes="staff-box")
                    yield Static("", id=f"w-{field.key}", classes="field-who")
                else:
                    yield CareInput(id=f"f-{field.key}", placeholder=t(field.hint) if field.hint else "")
        under = " -under-check" if field.kind == "check" else ""
        yield Static("", id=f"e-{field.key}", classes=f"field-error -empty{under}")

    def extra(self) -> ComposeResult:
        """Widgets a form adds after its fields (signatures, balance)."""
        yield from ()

    def on_mount(self) -> None:
        for key, value in self.defaults().items():
            self.set_value(key, value)
        self.initial = self.values()
        if self.FIELDS:
            self.query_one(f"#f-{self.FIELDS[0].key}").focus()
        if any(f.kind == "staff" for f in self.FIELDS):
            self._load_staff()
        super().on_mount()

    # -- staff boxes ------------------------------------------------------------------
    @work(thread=True, group="form-staff")
    def _load_staff(self) -> None:
        try:
            directory = load_directory()
        except StoreError:
            return  # the boxes stay plain text; saving still checks the number
        finally:
            store_db.close()
        self.app.call_from_thread(self._staff_ready, directory)

    def _staff_ready(self, directory: StaffDirectory) -> None:
        if not self.is_attached:
            return
        self.staff_directory = directory
        for box in self.query(".staff-box").results(Input):
            box.suggester = StaffSuggester(directory)
            self._say_who(box)

    @on(Input.Changed, ".staff-box")
    def _staff_typed(self, event: Input.Changed) -> None:
        self._say_who(event.input)

    def _say_who(self, box: Input) -> None:
        if self.staff_directory is not None and box.id:
            self.query_one(f"#w-{box.id[2:]}", Static).update(safe(self.staff_directory.who(box.value)))

    def defaults(self) -> dict[str, Any]:
        return {}

    def show_refusal(self, sentence: str) -> None:
        """A form this person may not use says so where its figures would be (screens/base.py)."""
        self.query_one("#form-info", Static).update(sentence)

    # -- values -----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out = {}
        for field in self.FIELDS:
            widget = self.query_one(f"#f-{field.key}")
            value = widget.value
            # Select.NULL is "nothing chosen" (Select.BLANK is a flag, not a value, in Textual 8)
            out[field.key] = "" if value is Select.NULL else (value.strip() if isinstance(value, str) else value)
        return out

    def set_value(self, key: str, value: Any) -> None:
        widget = self.query_one(f"#f-{key}")
        # a stored value (a prefill) shows inert: an Input draws its value as it is
        widget.value = inert(value) if isinstance(value, str) else (value if value is not None else "")

    def dirty(self) -> bool:
        return not self.saved and self.values() != self.initial

    # -- saving -----------------------------------------------------------------------
    def submit(self, actor, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def action_save(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.clear_errors()
        self._save(self.values())

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_discard()

    async def action_next_field(self, step: int) -> None:
        """Tab in a burst (screens/burst_keys.py); FormCheckbox toggles on its own keys for the same reason."""
        await next_field(self, step, (Input, FormCheckbox))

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @work(thread=True, exclusive=True, group="form-save")
    def _save(self, values: dict[str, Any]) -> None:
        try:
            for field in self.FIELDS:
                if field.kind in ("text", "staff"):
                    check_text(field.key, values.get(field.key))
            result = self.submit(self.app.actor, values)
        except StoreError as exc:
            self.app.call_from_thread(self.refused, exc)
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self.done, result)

    def refused(self, exc: StoreError) -> None:
        """Show why, under the field when the store named one; keep everything typed."""
        self.busy = False
        if isinstance(exc, Invalid) and self.query(f"#e-{exc.field}"):
            say(self.query_one(f"#e-{exc.field}", Static), store_reason(exc))
            target = self.query(f"#f-{exc.field}")
            if target:
                target.first().focus()
            return
        self.query_one("#form-error", Static).update(safe(store_message(exc)))

    def done(self, result: Any) -> None:
        self.busy = False
        self.saved = True
        self.notify(t("lifecycle.saved"))
        self.app.pop_screen()

    def clear_errors(self) -> None:
        for widget in self.query(".field-error, .form-error"):
            say(widget, "")

    # -- leaving ----------------------------------------------------------------------
    def action_discard(self) -> None:
        if not self.dirty():
            self.app.pop_screen()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.saved = True
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(t("lifecycle.discard_question"), t("lifecycle.discard_title")), answer)
