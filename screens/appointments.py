"""The day's appointments at the wellness / aesthetics front desk (manual 002).

A table of time, guest, item, staff and status for one local day (today at first; `[` and `]`
move a day). Keys on the highlighted appointment: Enter change (the appointment form, agreed
with the guest in advance), d done, x no-show (both once its time has come), c cancel (asks
first), u booked again. A key the store would refuse says why at once (store.appointments.
status_refusal), before any question. Live-reloads when any
terminal books or changes one.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import arrow
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from screens.base import CareScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.widgets.care_table import CareTable
from store import clock
from store import db as store_db
from store.appointments import DeskRow, desk_day, set_status, status_refusal
from store.errors import StoreError
from tui.i18n import t
from tui.store_messages import message as store_message

COLUMNS = ("time", "guest", "item", "staff", "status")
STATUS_STYLE = {"booked": "bold", "done": "dim", "cancelled": "dim strike", "no_show": "bold red"}


class AppointmentsScreen(CareScreen):
    TITLE_KEY = "front_desk.appointments.title"
    CSS_PATH = "appointments.tcss"
    # Six keys in the footer with the app's ? ^p ^l: Enter and [ ] are named on the day line.
    BINDINGS = [
        Binding("enter", "change", "front_desk.key.change", id="appointments.change", show=False),
        Binding("d", "mark('done')", "front_desk.key.done", id="appointments.done"),
        Binding("x", "mark('no_show')", "front_desk.key.no_show", id="appointments.no_show"),
        Binding("c", "cancel", "front_desk.key.cancel", id="appointments.cancel"),
        Binding("left_square_bracket", "day(-1)", "front_desk.key.prev_day", id="appointments.prev_day",
                show=False),
        Binding("right_square_bracket", "day(1)", "front_desk.key.next_day", id="appointments.next_day",
                show=False),
        Binding("t", "today", "front_desk.key.today", id="appointments.today", show=False),
        Binding("u", "reopen", "front_desk.key.reopen", id="appointments.reopen", show=False),
    ]

    def __init__(self, day: dt.date | None = None) -> None:
        super().__init__()
        self.day = day or clock.today()
        self.rows: list[DeskRow] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="ap-day")
        yield CareTable(id="ap-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in COLUMNS:
            table.add_column(t(f"front_desk.col.{key}"), key=key)
        table.focus()
        super().on_mount()

    # -- data --------------------------------------------------------------------------
    def load(self) -> tuple[dt.date, list[DeskRow]]:
        day = self.day
        return day, desk_day(day)

    def show(self, data) -> None:
        day, rows = data
        if day != self.day:  # a day key was pressed while this loaded: its own load follows
            return
        table = self.query_one(DataTable)
        keep = self.selected()
        self.rows = rows
        table.clear()
        for row in rows:
            table.add_row(*cells(row), key=str(row.id))
        if keep is not None and any(r.id == keep.id for r in rows):
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        self._day_line()

    def _day_line(self) -> None:
        weekday = t("shell.weekdays").split(",")[self.day.weekday()]
        day = t("humanize.date_weekday", date=self.day.isoformat(), weekday=weekday)
        line = Text(t("front_desk.appointments.day_line", day=day, n=len(self.rows),
                      booked=sum(r.status == "booked" for r in self.rows)))
        if not self.rows:
            line.append("  " + t("front_desk.appointments.empty"), style="italic")
        line.append("   " + t("front_desk.appointments.keys_hint"), style="dim")
        self.query_one("#ap-day", Static).update(line)

    def selected(self) -> DeskRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _booked(self) -> DeskRow | None:
        """The highlighted appointment if it is still to be served, else say why not."""
        row = self.selected()
        if row is None:
            self.notify(t("front_desk.appointments.pick_row"), severity="warning")
            return None
        if row.status != "booked":
            self.notify(t("front_desk.appointments.not_booked", status=t(f"front_desk.status.{row.status}")),
                        severity="warning")
            return None
        return row

    # -- keys --------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_change()

    def action_change(self) -> None:
        row = self._booked()
        if row is not None:
            self.app.show_screen("appointment", appointment_id=row.id, guest_id=row.guest_id)

    def _allowed(self, row: DeskRow, status: str) -> bool:
        """Ask the store's rule first: a refusal is said now, not after a confirm or a write."""
        refusal = status_refusal(row.at, row.status, status)
        if refusal is not None:
            self.notify(store_message(refusal), severity="warning")
        return refusal is None

    def action_mark(self, status: str) -> None:
        row = self._booked()
        if row is not None and self._allowed(row, status):
            self._set(row, status)

    def action_cancel(self) -> None:
        row = self._booked()
        if row is None or not self._allowed(row, "cancelled"):
            return
        question = t("front_desk.appointments.cancel_question", name=row.guest_name, at=local_hhmm(row.at),
                     item=row.item)
        dialog = ConfirmDialog(question, t("front_desk.appointments.cancel_title"))
        self.app.push_screen(dialog, lambda yes: yes and self._set(row, "cancelled"))

    def action_reopen(self) -> None:
        """Put a done / no-show / cancelled appointment back to booked (a mistake at the desk), after asking."""
        row = self.selected()
        if row is None or row.status == "booked" or not self._allowed(row, "booked"):
            return
        question = t("front_desk.appointments.reopen_question", name=row.guest_name, at=local_hhmm(row.at),
                     status=t(f"front_desk.status.{row.status}"))
        dialog = ConfirmDialog(question, t("front_desk.appointments.reopen_title"))
        self.app.push_screen(dialog, lambda yes: yes and self._set(row, "booked"))

    def action_day(self, delta: int) -> None:
        self.day += dt.timedelta(days=delta)
        self.refresh_data()

    def action_today(self) -> None:
        self.day = clock.today()
        self.refresh_data()

    # -- writing -----------------------------------------------------------------------
    def _set(self, row: DeskRow, status: str) -> None:
        actor = self.app.actor
        message = t("front_desk.appointments.marked", name=row.guest_name, at=local_hhmm(row.at),
                    status=t(f"front_desk.status.{status}"))
        self._write(lambda: set_status(actor, row.id, status), message)

    @work(thread=True, group="appointments-write")
    def _write(self, call: Callable[[], object], message: str) -> None:
        try:
            call()
        except StoreError as exc:
            self.app.call_from_thread(self._written, store_message(exc), "error")
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._written, message, "information")

    def _written(self, message: str, severity: str) -> None:
        self.notify(message, severity=severity, timeout=3)
        if self.is_attached:
            self.refresh_data()


def local_hhmm(at) -> str:
    return arrow.get(at).to(clock.timezone()).format("HH:mm")


def cells(row: DeskRow) -> tuple:
    staff = Text(row.staff_name or "-")
    if row.staff_number:
        staff.append(f" {row.staff_number}", style="dim")
    status = Text(t(f"front_desk.status.{row.status}"), style=STATUS_STYLE.get(row.status, ""))
    return local_hhmm(row.at), row.guest_name, row.item, staff, status
