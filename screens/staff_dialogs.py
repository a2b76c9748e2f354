"""Modals of the staff screen: add an account, reset a PIN, change a role, confirm an unlock or a deactivation.

Each returns plain values with `dismiss(...)`; the staff screen saves them through store/staff.py.
PINs are checked here only for "typed twice the same"; the store checks the rules.
"""
from __future__ import annotations

from typing import Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from screens.burst_keys import TAB_BINDINGS, drained, next_field
from screens.widgets.plain import CareInput, plain
from store import db as store_db
from store.errors import BadText, Invalid, StoreError
from tui.i18n import has, pick, t
from tui.keys import translate_bindings
from tui.store_messages import message

NUMBER_CHARS = r"[A-Za-z0-9_-]*"
PIN_CHARS = r"[0-9]*"


def store_message(exc: StoreError) -> str:
    """A store refusal in the person's language when we have it, else the store's own words."""
    if isinstance(exc, Invalid) and not isinstance(exc, BadText) and has(f"staff_admin.err_{exc.field}"):
        return t(f"staff_admin.err_{exc.field}")
    return message(exc)  # a refused character: the store's words say which and where


def role_options() -> list[tuple[str, str]]:
    from seeds.roles import load_roles

    return [(pick(role.name), role_id) for role_id, role in load_roles().items()]


class StaffDialog(ModalScreen):
    CSS_PATH = "staff_admin.tcss"
    GUEST_DATA = False
    BINDINGS = [
        Binding("escape", "cancel", "common.cancel", id="dialog.cancel"),
        *TAB_BINDINGS,
        Binding("enter", "enter_field", show=False, priority=True),  # see action_enter_field
        # A modal keeps the app's keys from it: without this, Ctrl+L left a manager's (or a PIN)
        # dialog open, signed in, for the next person at the terminal.
        Binding("ctrl+l", "app.lock", "shell.key.lock", id="dialog.lock"),
    ]
    HEADING = ""

    async def action_next_field(self, step: int) -> None:
        """Tab in a burst (screens/burst_keys.py)."""
        await next_field(self, step)

    async def action_enter_field(self) -> None:
        """Enter in a box while another is still empty moves there once this box has taken the
        keys typed before the Enter: "1111<Enter>5678<Enter>5678<Enter>" in one burst fills three
        boxes. With every box filled, the box's own Enter saves."""
        box = self.focused
        if not isinstance(box, Input):
            raise SkipAction()
        await drained(box)
        empty = next((i for i in self.query(Input) if not i.value), None)
        if empty is None:
            raise SkipAction()
        self.set_focus(empty)

    def __init__(self, submit: Callable[[Any], None], **kwargs) -> None:
        super().__init__()
        translate_bindings(self)
        self.submit = submit  # runs in a thread; a StoreError keeps the dialog open with the message
        self.params = kwargs
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = plain(t(self.HEADING, **self.params))  # names the staff member
            yield from self.fields()
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("common.save"), variant="primary", id="save")
                yield Button(t("common.cancel"), id="cancel")

    def fields(self) -> ComposeResult:
        yield from ()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self, event) -> None:
        event.stop()
        if isinstance(event, Input.Submitted):
            inputs = list(self.query(Input))
            empty = next((i for i in inputs if not i.value), None)
            if empty is not None:
                empty.focus()
                return
        result = self.result()
        if result is not None and not self.busy:
            self.busy = True
            self._submit(result)

    @work(thread=True, exclusive=True, group="dialog-save")
    def _submit(self, result) -> None:
        try:
            self.submit(result)
        except StoreError as exc:
            self.app.call_from_thread(self.refused, exc)
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self.dismiss, result)

    def refused(self, exc: StoreError) -> None:
        """The store said no: the dialog stays open with why (a subclass may say it its own way)."""
        self._refused(store_message(exc))

    def _refused(self, message: str) -> None:
        self.busy = False
        self.query_one(".dialog-error", Static).update(plain(message, multiline=True))

    def result(self):
        return None

    def error(self, key: str) -> None:
        self.query_one(".dialog-error", Static).update(t(key))

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def pins(self) -> str | None:
        """The new PIN when both fields agree, else None (and say so)."""
        first, second = self.value("#pin"), self.value("#pin2")
        if first != second:
            self.error("staff_admin.pins_differ")
            self.query_one("#pin2", Input).value = ""
            self.query_one("#pin2", Input).focus()
            return None
        return first


def _pin_fields() -> ComposeResult:
    yield Input(placeholder=t("auth.new_pin"), id="pin", password=True, restrict=PIN_CHARS, max_length=8)
    yield Input(placeholder=t("auth.pin_again"), id="pin2", password=True, restrict=PIN_CHARS, max_length=8)


class AddStaffDialog(StaffDialog):
    """-> (number, name, role, pin)."""

    HEADING = "staff_admin.add_title"

    def fields(self) -> ComposeResult:
        yield Input(placeholder=t("auth.number"), id="number", restrict=NUMBER_CHARS, max_length=16)
        yield CareInput(placeholder=t("auth.name"), id="name", max_length=64)
        yield Select(role_options(), prompt=t("staff_admin.role_prompt"), id="role")
        yield from _pin_fields()

    def result(self):
        role = self.query_one("#role", Select).value
        if role is Select.BLANK:
            self.error("staff_admin.pick_role")
            self.query_one("#role", Select).focus()
            return None
        pin = self.pins()
        if pin is None:
            return None
        return self.value("#number"), self.value("#name"), str(role), pin


class ResetPinDialog(StaffDialog):
    """-> new PIN."""

    HEADING = "staff_admin.reset_title"

    def fields(self) -> ComposeResult:
        yield from _pin_fields()

    def result(self):
        return self.pins()


class RoleDialog(StaffDialog):
    """-> role id."""

    HEADING = "staff_admin.role_title"

    def fields(self) -> ComposeResult:
        yield Select(role_options(), value=self.params.get("role", Select.BLANK), allow_blank=False, id="role")

    def result(self):
        return str(self.query_one("#role", Select).value)


class ConfirmDialog(StaffDialog):
    """-> True."""

    HEADING = "staff_admin.deactivate_title"
    TEXT = "staff_admin.deactivate_text"
    BUTTON = "staff_admin.deactivate"

    def fields(self) -> ComposeResult:
        yield Static(t(self.TEXT, **self.params), classes="dialog-text")

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = t(self.BUTTON)
        self.query_one("#save", Button).focus()

    def result(self):
        return True


class UnlockDialog(ConfirmDialog):
    """-> True: lift a lock from too many wrong PINs (name, number, until)."""

    HEADING = "staff_admin.unlock_title"
    TEXT = "staff_admin.unlock_text"
    BUTTON = "staff_admin.unlock"
