"""Car request (用车申请单, manual 000 §4.5.1 2.4.1): when and where to pick the mother up.

Ctrl+S saves the request (customer service fills it the day before hospital discharge); the form
shows the saved request and whether it is approved. Ctrl+G approves it: only the roles the seeds
name as car approvers (the store manager); anyone else is told so and nothing is written.
Saving a change to an approved request clears the approval (the store does), so it is asked again.
"""
from __future__ import annotations

from dataclasses import dataclass

import arrow
from textual import work
from textual.binding import Binding
from textual.widgets import Static

from screens.forms.base import Field, FormScreen
from store import clock
from store import db as store_db
from store.errors import StoreError
from tui.i18n import t


@dataclass(frozen=True)
class Loaded:
    notice: object  # store.stays.Notice
    car: object  # store.prep.CarRequest | None


def local_minute(at) -> str:
    """An instant as the center's local 'YYYY-MM-DD HH:MM', the format the form takes back."""
    return arrow.get(at).to(clock.timezone()).format("YYYY-MM-DD HH:mm")


def may_approve(role: str) -> bool:
    from seeds.lifecycle import load_lifecycle

    return role in load_lifecycle().car_approver_roles


class CarRequestForm(FormScreen):
    TITLE_KEY = "stay_forms.car.title"
    FIELDS = (
        Field("pickup_at", "stay_forms.f.pickup_at", hint="stay_forms.hint.pickup_at"),
        Field("address", "stay_forms.f.address", hint="stay_forms.hint.address"),
        Field("note", "stay_forms.f.note", hint="stay_forms.hint.optional"),
    )
    BINDINGS = [Binding("ctrl+g", "approve", "stay_forms.key.approve", id="car_request.approve")]

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id=stay_id)
        self.stay_id = stay_id
        self.loaded: Loaded | None = None

    def load(self) -> Loaded:
        from store import prep, stays

        return Loaded(stays.notice(self.app.actor, self.stay_id), prep.car_request(self.stay_id))

    def show(self, data: Loaded) -> None:
        first = self.loaded is None
        self.loaded = data
        notice, car = data.notice, data.car
        if car is None:
            state = t("stay_forms.car.none")
        elif car.approved_by:
            state = t("stay_forms.car.approved", who=car.requested_by, approver=car.approved_by)
            state += "  " + t("stay_forms.car.resave")
        else:
            state = t("stay_forms.car.waiting", who=car.requested_by)
        self.query_one("#form-info", Static).update(
            t("stay_forms.guest", name=notice.name, contract_no=notice.contract_no) + "\n" + state)
        if car is not None and (first or not self.dirty()):
            self.set_value("pickup_at", local_minute(car.pickup_at))
            self.set_value("address", car.address)
            self.set_value("note", car.note)
            self.initial = self.values()

    def submit(self, actor, values):
        from store.prep import request_car

        request_car(actor, self.stay_id, pickup_at=values["pickup_at"], address=values["address"],
                    note=values["note"])

    # -- approval (Ctrl+G) --------------------------------------------------------------
    def action_approve(self) -> None:
        if self.loaded is None or self.busy:
            return
        self.clear_errors()
        error = self.query_one("#form-error", Static)
        if not may_approve(self.app.actor.role):
            error.update(t("stay_forms.car.approver_only"))
            return
        if self.dirty():
            error.update(t("stay_forms.car.save_first"))
            return
        if self.loaded.car is None:
            error.update(t("stay_forms.car.nothing_to_approve"))
            return
        self.busy = True
        self._approve()

    @work(thread=True, exclusive=True, group="form-save")
    def _approve(self) -> None:
        from store.prep import approve_car

        try:
            approve_car(self.app.actor, self.stay_id)
        except StoreError as exc:
            self.app.call_from_thread(self.refused, exc)
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._approved)

    def _approved(self) -> None:
        self.busy = False
        self.notify(t("stay_forms.car.approved_note"))
        self.refresh_data()
