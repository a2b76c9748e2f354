"""Change my own PIN: the current one, then the new one twice (Ctrl+P "Change my PIN", or F2).

The store checks the current PIN like a sign-in (store/auth.py change_own_pin): a wrong one
counts towards the lockout, and at the limit the account locks, so the terminal locks too.
PIN boxes are never kept as drafts; the audit records that the PIN changed, never the PIN.
"""
from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input

from screens.staff_dialogs import PIN_CHARS, StaffDialog
from store.errors import Invalid, StoreError
from tui.i18n import t
from tui.store_messages import reason


def _pin_box(placeholder: str, box_id: str) -> Input:
    return Input(placeholder=t(placeholder), id=box_id, password=True, restrict=PIN_CHARS, max_length=8)


class ChangePinDialog(StaffDialog):
    """-> (current PIN, new PIN), already saved when it returns."""

    HEADING = "auth.change.title"
    CSS_PATH = Path(__file__).parents[1] / "staff_admin.tcss"  # the staff dialogs' look
    GUEST_DATA = True  # no guest data, but this person's: closed when the terminal locks

    def __init__(self) -> None:
        super().__init__(self._save_pin, name="")

    def fields(self) -> ComposeResult:
        yield _pin_box("auth.change.old", "old-pin")
        yield _pin_box("auth.new_pin", "pin")
        yield _pin_box("auth.pin_again", "pin2")

    def result(self):
        pin = self.pins()
        return None if pin is None else (self.value("#old-pin"), pin)

    def _save_pin(self, pins: tuple[str, str]) -> None:
        from store.auth import change_own_pin

        change_own_pin(self.app.actor, *pins)

    def refused(self, exc: StoreError) -> None:
        """Why, in the person's words; a wrong current PIN empties that box, a lock signs out."""
        from store.auth import LoginFailed

        if isinstance(exc, LoginFailed) and exc.reason == "locked":
            self.app.lock()
            self.app.notify(t("auth.err_locked", minutes=exc.minutes), severity="error", timeout=15)
            return
        if isinstance(exc, LoginFailed) and exc.reason == "bad_pin":
            self._refused(t("auth.change.wrong_old", left=exc.left))
            self._clear("old-pin")
            return
        if isinstance(exc, LoginFailed):  # deactivated meanwhile
            from screens.login import login_message

            self._refused(login_message(exc))
            return
        if isinstance(exc, Invalid) and exc.field in ("old_pin", "new_pin"):
            self._refused(f"{t('auth.change.' + exc.field)}: {reason(exc)}")
            self._clear(*(("old-pin",) if exc.field == "old_pin" else ("pin", "pin2")))
            return
        super().refused(exc)

    def _clear(self, *box_ids: str) -> None:
        for box_id in box_ids:
            self.query_one(f"#{box_id}", Input).value = ""
        self.query_one(f"#{box_ids[0]}", Input).focus()

