"""Admit (入所): the guest moves into a room; if another terminal took it first, say who."""
from __future__ import annotations

from textual.widgets import Static

from screens.forms.base import Field, FormScreen
from tui.i18n import t


class AdmitForm(FormScreen):
    TITLE_KEY = "lifecycle.admit.title"
    FIELDS = (Field("room", "lifecycle.f.room"),)

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.prefilled = False

    def load(self):
        from store import stays

        return stays.notice(self.app.actor, self.stay_id)

    def show(self, notice) -> None:
        self.query_one("#form-info", Static).update(
            f"{notice.name}  {t('lifecycle.f.contract_no')} {notice.contract_no}")
        if not self.prefilled and not self.dirty():
            self.set_value("room", notice.room)
            self.initial = self.values()
        self.prefilled = True

    def submit(self, actor, values):
        from store.admit import admit

        admit(actor, self.stay_id, values["room"])
