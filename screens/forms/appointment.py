"""Book or change a wellness / aesthetics appointment (预约/改约, manual 002).

New (`guest_id=`): time, item and the staff member who serves her, all confirmed.
Change (`appointment_id=`): prefilled; only before it starts, only when agreed with the guest in
advance (checkbox) and how (note) — the store logs both. Only what was edited is sent.
"""
from __future__ import annotations

from screens.forms.base import Field
from screens.forms.course import GuestForm
from tui.i18n import t

NEW_FIELDS = (
    Field("at", "front_desk.f.at", hint="front_desk.hint.at"),
    Field("item", "front_desk.f.item"),
    Field("staff", "front_desk.f.staff", "staff", hint="front_desk.hint.staff"),
)
CHANGE_FIELDS = NEW_FIELDS + (
    Field("agreed", "front_desk.f.agreed", "check"),
    Field("note", "front_desk.f.note", hint="front_desk.hint.note"),
)
EDITABLE = ("at", "item", "staff")


class AppointmentForm(GuestForm):
    TITLE_KEY = "front_desk.appointment.title"
    FIELDS = NEW_FIELDS

    def __init__(self, guest_id: int | None = None, appointment_id: int | None = None) -> None:
        super().__init__(guest_id=guest_id, appointment_id=appointment_id)
        self.appointment_id = appointment_id
        self.original: dict[str, str] | None = None  # the prefill of a change, to send only edits
        if appointment_id is not None:
            self.FIELDS = CHANGE_FIELDS
            self.TITLE_KEY = "front_desk.appointment.change_title"

    def load(self) -> dict:
        if self.appointment_id is None:
            return super().load()
        from store.appointments import desk_row

        row = desk_row(self.appointment_id)
        return {"name": row.guest_name, "row": row}

    def info(self, data: dict) -> str:
        row = data.get("row")
        if row is None:
            return data["name"]
        if row.status != "booked":
            return f"{data['name']}  {t('front_desk.was_status', status=t(f'front_desk.status.{row.status}'))}"
        staff = f"{row.staff_name} {row.staff_number}".strip()
        return f"{data['name']}  {t('front_desk.was', at=row.local_at, item=row.item, staff=staff)}"

    def fill(self, data: dict) -> None:
        row = data.get("row")
        if row is None or self.original is not None:
            return
        self.guest_id = row.guest_id
        self.original = {"at": row.local_at, "item": row.item, "staff": row.staff_number}
        if not self.dirty():
            for key, value in self.original.items():
                self.set_value(key, value)
            self.initial = self.values()

    def submit(self, actor, values):
        from store import appointments

        if self.appointment_id is None:
            return appointments.book(actor, self.guest_id, at=values["at"], item=values["item"],
                                     staff=values["staff"])
        before = self.original or {}
        edits = {key: values[key] for key in EDITABLE if values[key] != before.get(key)}
        return appointments.change(actor, self.appointment_id, agreed=values["agreed"], note=values["note"],
                                   **edits)

    def saved_text(self, result) -> str:
        return t("front_desk.changed" if self.appointment_id is not None else "front_desk.booked")
