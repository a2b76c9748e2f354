"""Admission notice (入所通知单) the day before admission, and the departments' sign-off.

Ctrl+S saves the notice; Ctrl+G signs it for the signed-in person's department (their own login).
The signature panel shows who signed and when, and refreshes live as others sign.
"""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from screens.forms.base import Field, FormScreen
from store import db as store_db
from store.errors import StoreError
from store.lifecycle import local_hm
from tui.i18n import pick, t


def department_for(role: str, missing: tuple[str, ...]) -> str | None:
    from seeds.lifecycle import load_lifecycle

    deps = load_lifecycle().departments
    return next((d for d in missing if role in deps[d].roles), None)


class AdmissionNoticeForm(FormScreen):
    TITLE_KEY = "lifecycle.notice.title"
    FIELDS = (
        Field("hospital", "lifecycle.f.hospital"),
        Field("room", "lifecycle.f.room"),
        Field("admission_date", "lifecycle.f.admission_date", hint="lifecycle.hint.date"),
        Field("vouchers", "lifecycle.f.vouchers"),
        Field("gifts", "lifecycle.f.gifts"),
    )
    BINDINGS = [Binding("ctrl+g", "sign", "lifecycle.key.sign", id="notice.sign")]

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.notice = None

    def extra(self) -> ComposeResult:
        yield Static("", id="signatures", classes="form-panel")

    def load(self):
        from store import stays

        return stays.notice(self.app.actor, self.stay_id)

    def show(self, notice) -> None:
        first = self.notice is None
        self.notice = notice
        self.query_one("#form-info", Static).update(
            f"{notice.name}  {notice.phone}  {t('lifecycle.f.contract_no')} {notice.contract_no}")
        if first and not self.dirty():
            for key, value in (("hospital", notice.hospital), ("room", notice.room), ("vouchers", notice.vouchers),
                               ("gifts", notice.gifts),
                               ("admission_date", notice.admission_date.isoformat() if notice.admission_date else "")):
                self.set_value(key, value)
            self.initial = self.values()
        self.query_one("#signatures", Static).update(self._signature_text(notice))

    def _signature_text(self, notice) -> str:
        from seeds.lifecycle import load_lifecycle

        deps = load_lifecycle().departments
        lines = [t("lifecycle.notice.signatures")]
        lines += [f"  [x] {pick(deps[s.department].name)}  {s.staff_name}  {local_hm(s.at)}" for s in notice.signed]
        lines += [f"  [ ] {pick(deps[d].name)}" for d in notice.missing]
        return "\n".join(lines)

    def submit(self, actor, values):
        from store import stays

        stays.save_notice(actor, self.stay_id, hospital=values["hospital"], room_number=values["room"],
                          admission_date=values["admission_date"], vouchers=values["vouchers"], gifts=values["gifts"])

    def done(self, result) -> None:
        """Saving the notice keeps the form open so the departments can sign it."""
        self.busy = False
        self.initial = self.values()
        self.notify(t("lifecycle.saved"))
        self.refresh_data()

    def action_sign(self) -> None:
        if self.notice is None:
            return
        dep = department_for(self.app.actor.role, self.notice.missing)
        if dep is None:
            self.query_one("#form-error", Static).update(t("lifecycle.notice.nothing_to_sign"))
            return
        self._sign(dep)

    @work(thread=True, exclusive=True, group="form-save")
    def _sign(self, department: str) -> None:
        from store import stays

        try:
            stays.sign(self.app.actor, self.stay_id, department)
        except StoreError as exc:
            self.app.call_from_thread(self.refused, exc)
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self.refresh_data)
