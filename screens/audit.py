"""The audit trail for managers: who viewed or changed what, by guest, staff and date.

Reading it needs `audit_view` (store/audit.py checks and logs a refusal); values the reader may
not see are already redacted by the store.
"""
from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from screens.base import CareScreen
from screens.burst_keys import TAB_BINDINGS, focus_box_now, next_field
from screens.widgets.care_table import CareTable
from screens.widgets.plain import CareInput, safe
from tui.i18n import t

DATE_CHARS = r"[0-9-]*"
FILTERS = ("guest", "staff", "since", "until")


class AuditScreen(CareScreen):
    TITLE_KEY = "audit.title"
    GUEST_DATA = True  # names of guests appear in the trail
    CSS_PATH = "audit.tcss"
    BINDINGS = [
        Binding("slash", "filter", "audit.key.filter", id="audit.filter", priority=True),  # see burst_keys
        Binding("ctrl+r", "clear_filters", "audit.key.clear", id="audit.clear"),
        *TAB_BINDINGS,
    ]

    async def action_next_field(self, step: int) -> None:
        """Tab in a burst (screens/burst_keys.py)."""
        await next_field(self, step)

    def __init__(self, *args, guest: str | None = None, staff: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list = []
        self.filter = None
        self.initial = {"guest": guest or "", "staff": staff or ""}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="audit-filters"):
            yield CareInput(self.initial["guest"], placeholder=t("audit.guest"), id="audit-guest")
            yield CareInput(self.initial["staff"], placeholder=t("audit.staff"), id="audit-staff")
            yield Input(placeholder=t("audit.since"), id="audit-since", restrict=DATE_CHARS, max_length=10)
            yield Input(placeholder=t("audit.until"), id="audit-until", restrict=DATE_CHARS, max_length=10)
        table = CareTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(t("audit.col_at"), t("audit.col_staff"), t("audit.col_terminal"), t("audit.col_action"),
                          t("audit.col_target"))
        yield table
        yield Static("", id="audit-detail")

    def on_mount(self) -> None:
        self.filter = self._read_filter()
        super().on_mount()
        self.query_one("#audit-table", DataTable).focus()

    def load(self) -> list:
        """Refused (and logged) once without audit_view; the screen then says so and stops (base.py)."""
        from store.audit import query

        return query(self.app.actor, self.filter)

    def show_refusal(self, sentence: str) -> None:
        self.query_one("#audit-detail", Static).update(sentence)

    def show(self, rows: list) -> None:
        self.rows = rows
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(row.at[5:16], row.staff_name or "-", seat_short(row), action_name(row.action),
                          target(row), key=str(row.id))
        self._detail()

    def action_filter(self) -> None:
        focus_box_now(self, self.query_one("#audit-guest", Input))

    def action_clear_filters(self) -> None:
        for name in FILTERS:
            self.query_one(f"#audit-{name}", Input).value = ""
        self._apply()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _apply(self) -> None:
        flt = self._read_filter()
        if flt is None:
            return
        self.filter = flt
        self.refresh_data()
        self.query_one("#audit-table", DataTable).focus()

    def _read_filter(self):
        """An AuditFilter from the inputs, or None (with the reason shown) for a bad date."""
        from store.audit import AuditFilter

        days = {}
        for name in ("since", "until"):
            text = self.query_one(f"#audit-{name}", Input).value.strip()
            try:
                days[name] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                self.query_one("#audit-detail", Static).update(t("audit.bad_date", value=text))
                self.query_one(f"#audit-{name}", Input).focus()
                return None
        guest = self.query_one("#audit-guest", Input).value.strip() or None
        staff = self.query_one("#audit-staff", Input).value.strip() or None
        return AuditFilter(guest, staff, days["since"], days["until"])

    def _detail(self) -> None:
        from store.audit import change_summary

        table = self.query_one("#audit-table", DataTable)
        if not self.rows:
            text = t("audit.none")
        elif 0 <= table.cursor_row < len(self.rows):
            row = self.rows[table.cursor_row]
            text = f"{row.at}  {row.seat or '-'}  {row.action}  {change_summary(row, 300) or '-'}"
        else:
            text = ""
        self.query_one("#audit-detail", Static).update(safe(text, multiline=False))  # stored text, no markup


def action_name(action: str) -> str:
    """'guest.view' -> the words for it when we have them, else the code."""
    key = "audit.actions." + action.replace(".", "_")
    text = t(key)
    return action if text == key else text


def seat_short(row) -> str:
    """OS user and tty in the table ('wang.li pts/3'); the client address is in the line below it."""
    return " ".join(part for part in (row.os_user, row.tty) if part) or row.terminal or "-"


def target(row) -> str:
    if row.guest_name:
        return row.guest_name
    if row.entity and row.entity_id is not None:
        return f"{row.entity} {row.entity_id}"
    return row.entity or "-"
