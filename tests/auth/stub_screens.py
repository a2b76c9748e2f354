"""Stand-in home screens so the sign-in tests do not depend on the board, visits or callbacks screens."""
from __future__ import annotations

from textual.widgets import Static

from screens.base import CareScreen


class _Home(CareScreen):
    NAME = ""

    def compose_body(self):
        yield Static(f"home:{self.NAME}", id="home")


class BoardStub(_Home):
    NAME = "board"


class VisitsStub(_Home):
    NAME = "visits"


class CallbacksStub(_Home):
    NAME = "callbacks"
