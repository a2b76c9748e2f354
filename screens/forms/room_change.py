"""Room change (换房) for a guest in house: the new room and why (both required).

Shows the current room. An unknown room, her own room, or a room someone else holds is explained
under the room field (the store names who took it and when); the old room goes to cleaning.
"""
from __future__ import annotations

from textual.widgets import Static

from screens.forms.base import Field, FormScreen, say
from store.errors import Conflict, StoreError
from tui.i18n import t


class RoomChangeForm(FormScreen):
    TITLE_KEY = "stay_forms.room_change.title"
    FIELDS = (
        Field("room", "stay_forms.f.room", hint="stay_forms.hint.room"),
        Field("reason", "stay_forms.f.reason", hint="stay_forms.hint.reason"),
    )

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id

    def load(self):
        from store import stays

        return stays.notice(self.app.actor, self.stay_id)

    def show(self, notice) -> None:
        self.query_one("#form-info", Static).update(
            t("stay_forms.guest", name=notice.name, contract_no=notice.contract_no) + "\n"
            + t("stay_forms.room_change.current", room=notice.room or "-"))

    def submit(self, actor, values):
        from store.admit import change_room

        change_room(actor, self.stay_id, values["room"], values["reason"])

    def refused(self, exc: StoreError) -> None:
        """A room someone else holds (taken, reserved, out of order) is said under the room field,
        in the words the base form chose."""
        super().refused(exc)
        if isinstance(exc, Conflict) and "room" in exc.params:  # store.admit names the room it refused
            above = self.query_one("#form-error", Static)
            say(self.query_one("#e-room", Static), str(above.content))
            above.update("")
            self.query_one("#f-room").focus()
