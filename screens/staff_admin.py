"""Staff accounts for managers: add, deactivate, reset a PIN, unlock, change a role.

Every change goes through store/staff.py, which checks `staff_admin` itself (a refusal is logged
there); the list is read only after the same check, so a person without the right sees nothing.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from screens.base import CareScreen
from screens.staff_dialogs import AddStaffDialog, ConfirmDialog, ResetPinDialog, RoleDialog, UnlockDialog
from screens.widgets.care_table import CareTable
from tui.i18n import pick, t
from tui.store_messages import message


class StaffAdminScreen(CareScreen):
    TITLE_KEY = "staff_admin.title"
    GUEST_DATA = False
    CSS_PATH = "staff_admin.tcss"
    BINDINGS = [
        Binding("a", "add", "staff_admin.key.add", id="staff.add"),
        Binding("p", "reset_pin", "staff_admin.key.reset_pin", id="staff.reset_pin"),
        Binding("u", "unlock", "staff_admin.key.unlock", id="staff.unlock"),
        Binding("r", "change_role", "staff_admin.key.role", id="staff.role"),
        Binding("d", "deactivate", "staff_admin.key.deactivate", id="staff.deactivate"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list = []

    def compose_body(self) -> ComposeResult:
        table = CareTable(id="staff-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(t("staff_admin.col_number"), t("staff_admin.col_name"), t("staff_admin.col_role"),
                          t("staff_admin.col_state"))
        yield table
        yield Static("", id="staff-status")

    def load(self) -> list:
        """Refused (and logged) once without staff_admin; the screen then says so and stops (base.py)."""
        from store.permissions import require
        from store.staff import list_staff

        require(self.app.actor, "staff_admin")
        return list_staff()

    def show_refusal(self, sentence: str) -> None:
        self.query_one("#staff-status", Static).update(sentence)

    def show(self, rows: list) -> None:
        selected = self.selected()
        self.rows = rows
        table = self.query_one("#staff-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(row.number, row.name, role_name(row.role), self._state(row), key=row.number)
        if selected is not None and any(r.number == selected.number for r in rows):
            table.move_cursor(row=table.get_row_index(selected.number))
        self.query_one("#staff-status", Static).update(t("staff_admin.count", count=len(rows)))

    def selected(self):
        table = self.query_one("#staff-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        number = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((r for r in self.rows if r.number == number), None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Dim the account keys for someone without staff_admin (the store refuses them anyway)."""
        if action in ("add", "reset_pin", "unlock", "change_role", "deactivate"):
            actor = getattr(self.app, "actor", None)
            return None if actor is None or not actor.can("staff_admin") else True
        return True

    def action_add(self) -> None:
        from store import staff

        def submit(values) -> None:
            number, name, role, pin = values
            staff.add_staff(self.app.actor, number, name, role, pin)

        self.app.push_screen(AddStaffDialog(submit), self._done("staff_admin.added"))

    def action_reset_pin(self) -> None:
        from store import staff

        row = self.selected()
        if row is not None:
            dialog = ResetPinDialog(lambda pin: staff.reset_pin(self.app.actor, row.number, pin), name=row.name)
            self.app.push_screen(dialog, self._done("staff_admin.pin_reset", name=row.name))

    def action_unlock(self) -> None:
        from store import staff

        row = self.selected()
        if row is None:
            return
        if not row.locked and not row.failed_pins:
            self.notify(t("staff_admin.not_locked", name=row.name))
            return
        dialog = UnlockDialog(lambda _: staff.unlock(self.app.actor, row.number), name=row.name, number=row.number)
        self.app.push_screen(dialog, self._done("staff_admin.unlocked", name=row.name))

    def action_change_role(self) -> None:
        from store import staff

        row = self.selected()
        if row is not None:
            dialog = RoleDialog(lambda role: staff.change_role(self.app.actor, row.number, role),
                                name=row.name, role=row.role)
            self.app.push_screen(dialog, self._done("staff_admin.role_changed", name=row.name))

    def action_deactivate(self) -> None:
        from store import staff

        row = self.selected()
        if row is None or not row.active:
            return
        managers = sum(1 for r in self.rows if r.role == "manager" and r.active)
        refusal = staff.deactivate_refusal(row.number, row.role, row.active, managers)
        if refusal is not None:  # said before the question (the store checks again when it writes)
            self.notify(message(refusal), severity="warning")
            return
        dialog = ConfirmDialog(lambda _: staff.deactivate(self.app.actor, row.number),
                               name=row.name, number=row.number)
        self.app.push_screen(dialog, self._done("staff_admin.deactivated", name=row.name))

    def _done(self, key: str, **params):
        def after(result) -> None:
            if result is not None:
                self.notify(t(key, **params))
                self.refresh_data()
        return after

    @staticmethod
    def _state(row) -> str:
        if not row.active:
            return t("staff_admin.inactive")
        if row.locked:
            return t("staff_admin.locked", until=row.lock_ends())
        if row.failed_pins:
            return t("staff_admin.wrong_pins", count=row.failed_pins)
        return t("staff_admin.active") if row.has_pin else t("staff_admin.no_pin")


def role_name(role: str) -> str:
    from seeds.roles import load_roles

    found = load_roles().get(role)
    return pick(found.name) if found else role
