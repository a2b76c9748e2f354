"""Shown instead of the login screen until screens/login.py exists: says so, shows no guest data."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.widgets import Static

from screens.base import CareScreen


class LoginUnavailableScreen(CareScreen):
    TITLE_KEY = "shell.login_unavailable_title"
    GUEST_DATA = False
    BINDINGS = [Binding("q", "app.quit", "common.quit", id="login.quit")]

    def compose_body(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(self._message(), id="login-unavailable")

    def _message(self) -> str:
        from tui.i18n import t

        return t("shell.login_unavailable")
