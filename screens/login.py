"""Sign in on a shared terminal: staff number + PIN; the first manager's form for an empty database.

Shows no guest data (it is also the lock screen). Checking a PIN costs a slow hash and a write,
so it runs in a thread worker; the result comes back with call_from_thread.
"""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.widgets import Input, Static

from screens.base import CareScreen
from screens.burst_keys import TAB_BINDINGS, drained, next_field
from screens.widgets.plain import CareInput
from store import db as store_db
from store.errors import BadText, Invalid, StoreError
from tui.i18n import t
from tui.store_messages import message, reason

NUMBER_CHARS = r"[A-Za-z0-9_-]*"
PIN_CHARS = r"[0-9]*"


class LoginScreen(CareScreen):
    TITLE_KEY = "auth.login_title"
    GUEST_DATA = False
    CSS_PATH = "login.tcss"
    BINDINGS = [
        Binding("escape", "clear", "auth.key.clear", id="login.clear"),
        *TAB_BINDINGS,
        Binding("enter", "enter_field", show=False, priority=True),  # see action_enter_field
        Binding("ctrl+j", "line_feed", show=False, priority=True),  # an Enter typed during start-up
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.busy = False
        self.first_manager = False

    def compose_body(self) -> ComposeResult:
        with Middle():
            with Center():
                with Vertical(id="login-box") as box:
                    box.border_title = t("auth.login_heading")
                    yield Input(placeholder=t("auth.number"), id="login-number", restrict=NUMBER_CHARS, max_length=16)
                    yield Input(placeholder=t("auth.pin"), id="login-pin", password=True, restrict=PIN_CHARS,
                                max_length=8)
                    yield Static("", id="login-error", classes="error")
                    yield Static(t("auth.login_hint"), id="login-hint", classes="hint")
                with Vertical(id="first-box") as first:
                    first.border_title = t("auth.first_heading")
                    yield Static(t("auth.first_intro"), classes="hint")
                    yield Input(placeholder=t("auth.number"), id="first-number", restrict=NUMBER_CHARS, max_length=16)
                    yield CareInput(placeholder=t("auth.name"), id="first-name", max_length=64)
                    yield Input(placeholder=t("auth.new_pin"), id="first-pin", password=True, restrict=PIN_CHARS,
                                max_length=8)
                    yield Input(placeholder=t("auth.pin_again"), id="first-pin2", password=True, restrict=PIN_CHARS,
                                max_length=8)
                    yield Static("", id="first-error", classes="error")

    def load(self) -> bool:
        from store.auth import needs_first_manager

        return needs_first_manager()

    def show(self, first_manager: bool) -> None:
        changed = first_manager != self.first_manager or not self.loads
        self.first_manager = first_manager
        self.query_one("#login-box").display = not first_manager
        self.query_one("#first-box").display = first_manager
        typed = any(box.value for box in self.query(Input))  # typed ahead: the focus is where they left it
        if changed and not typed:
            self.query_one("#first-number" if first_manager else "#login-number", Input).focus()

    async def action_next_field(self, step: int) -> None:
        """"M1<Tab>9999" in one burst puts the PIN in the PIN box (screens/burst_keys.py)."""
        await next_field(self, step)

    def action_clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self._error("")
        self.query_one("#first-number" if self.first_manager else "#login-number", Input).focus()

    async def action_enter_field(self) -> None:
        """Enter in a box while another is still empty moves there, after this box has taken the
        keys typed before the Enter, and before the next ones: "M1<Enter>9999<Enter>" in one
        burst signs in. With every box filled, Enter submits (the box's own Enter)."""
        box = self.focused
        if not isinstance(box, Input):
            raise SkipAction()
        await drained(box)
        empty = self._first_empty()
        if empty is None:
            raise SkipAction()
        self.set_focus(empty)

    async def action_line_feed(self) -> None:
        """Ctrl+J is an Enter typed before Textual took the terminal over: the kernel, still in
        line mode, turned its CR into a line feed (tui/early_input.py). Moves on or submits."""
        box = self.focused
        if isinstance(box, Input):
            await drained(box)
        empty = self._first_empty()
        if empty is not None:
            self.set_focus(empty)
        else:
            self._submit()

    def _first_empty(self) -> Input | None:
        order = (["first-number", "first-name", "first-pin", "first-pin2"] if self.first_manager
                 else ["login-number", "login-pin"])
        return next((box for box in (self.query_one(f"#{name}", Input) for name in order) if not box.value), None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        empty = self._first_empty()
        if empty is not None:
            empty.focus()
            return
        self._submit()

    def _submit(self) -> None:
        if self.first_manager:
            self._submit_first()
        else:
            self._submit_login()

    def _submit_login(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._error(t("auth.checking"), error=False)
        self._check_pin(self._value("login-number"), self._value("login-pin"))

    def _submit_first(self) -> None:
        if self._value("first-pin") != self._value("first-pin2"):
            self._error(t("auth.pins_differ"))
            self.query_one("#first-pin2", Input).value = ""
            self.query_one("#first-pin2", Input).focus()
            return
        if self.busy:
            return
        self.busy = True
        self._create_first(self._value("first-number"), self._value("first-name"), self._value("first-pin"))

    @work(thread=True, exclusive=True, group="login")
    def _check_pin(self, number: str, pin: str) -> None:
        from store.auth import LoginFailed, login

        try:
            actor = login(number, pin, self._terminal())
        except LoginFailed as exc:
            self.app.call_from_thread(self._failed, login_message(exc))
            return
        except StoreError as exc:
            self.app.call_from_thread(self._failed, message(exc))
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._signed_in, actor)

    @work(thread=True, exclusive=True, group="login")
    def _create_first(self, number: str, name: str, pin: str) -> None:
        from store.auth import create_first_manager

        try:
            actor = create_first_manager(number, name, pin, self._terminal())
        except Invalid as exc:
            self.app.call_from_thread(self._failed, first_message(exc), exc.field)
            return
        except StoreError as exc:
            self.app.call_from_thread(self._failed, message(exc))
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._signed_in, actor)

    def _failed(self, message: str, field: str = "pin") -> None:
        self.busy = False
        self._error(message)
        prefix = "first" if self.first_manager else "login"
        pin = self.query_one(f"#{prefix}-pin", Input)
        pin.value = ""
        if self.first_manager:
            self.query_one("#first-pin2", Input).value = ""
            target = {"number": "first-number", "name": "first-name"}.get(field, "first-pin")
            self.query_one(f"#{target}", Input).focus()
        else:
            pin.focus()
        if message == t("auth.err_stale"):
            self.refresh_data()

    def _signed_in(self, actor) -> None:
        self.busy = False
        for field in self.query(Input):
            field.value = ""
        self._error("")
        self.app.sign_in(actor)

    def _error(self, message: str, *, error: bool = True) -> None:
        target = self.query_one("#first-error" if self.first_manager else "#login-error", Static)
        target.update(message)
        target.set_class(not error, "pending")

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _terminal(self) -> str:
        terminal = getattr(self.app, "terminal", None)
        if isinstance(terminal, str) and terminal:
            return terminal
        from store.terminal import describe

        return describe()


def login_message(exc) -> str:
    """The person's language for a LoginFailed reason."""
    if exc.reason == "locked":
        return t("auth.err_locked", minutes=exc.minutes)
    return t(f"auth.err_{exc.reason}")


def first_message(exc: Invalid) -> str:
    if exc.field == "staff":
        return t("auth.err_stale")
    if isinstance(exc, BadText):  # a control character: the store's own words say which and where
        return reason(exc)
    return t(f"auth.first_err_{exc.field}")
