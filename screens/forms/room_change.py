"""Room change (换房) for a guest in house: the new room and why (both required).

Shows the current room. An unknown room, her own room, or a room someone else holds is explained
under the room field (the store names who took it and when); the old room goes to cleaning.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Static

from screens.forms.base import Field, FormScreen, say
from store.errors import Conflict, StoreError
from tui.i18n import t


@dataclass(frozen=True)
class Loaded:
    notice: object  # store.stays.Notice
    in_house: bool  # the stay is admitted: a conflict on saving is about the room asked for


class RoomChangeForm(FormScreen):
    TITLE_KEY = "stay_forms.room_change.title"
    FIELDS = (
        Field("room", "stay_forms.f.room", hint="stay_forms.hint.room"),
        Field("reason", "stay_forms.f.reason", hint="stay_forms.hint.reason"),
    )

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.loaded: Loaded | None = None

    def load(self) -> Loaded:
        from store import stays
        from store.guests import guest_file

        notice = stays.notice(self.app.actor, self.stay_id)
        stay = guest_file(self.app.actor, notice.guest_id, audit=False).stay
        return Loaded(notice, stay is not None and stay.stay_id == self.stay_id and stay.status == "admitted")

    def show(self, data: Loaded) -> None:
        self.loaded = data
        notice = data.notice
        self.query_one("#form-info", Static).update(
            t("stay_forms.guest", name=notice.name, contract_no=notice.contract_no) + "\n"
            + t("stay_forms.room_change.current", room=notice.room or "-"))

    def submit(self, actor, values):
        from store.admit import change_room

        change_room(actor, self.stay_id, values["room"], values["reason"])

    def refused(self, exc: StoreError) -> None:
        """A conflict while she is in house is about the room asked for (taken, reserved, out of
        order): say it under the room field, in the words the base form chose."""
        super().refused(exc)
        if isinstance(exc, Conflict) and self.loaded is not None and self.loaded.in_house:
            above = self.query_one("#form-error", Static)
            say(self.query_one("#e-room", Static), str(above.content))
            above.update("")
            self.query_one("#f-room").focus()
