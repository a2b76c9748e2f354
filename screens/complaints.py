"""The manager's complaint list (投诉处理): every complaint not closed, overdue first.

An overdue row is drawn in the theme's `$overdue` colour (complaints.tcss) and its deadline
says "overdue" in words too, for staff who cannot tell the colours apart. Columns run from
what matters most at 80 columns (deadline, guest, what, owner, status) to what can be cut
(channel, received). `n` records a new complaint (the "complaint" form), Enter opens one
("complaint_detail"). Live: any change anywhere reloads the list, keeping the cursor.
Without the "complaints" permission the screen says so once (the refusal is logged once).
"""
from __future__ import annotations

import arrow
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from screens.base import CareScreen
from screens.widgets.care_table import CareTable
from store import clock
from store.complaints import ComplaintRow
from tui.i18n import t

COLUMNS = ("deadline", "guest", "what", "owner", "status", "channel", "received")
WHAT_WIDTH = 14  # cells of the complaint text at 80 columns (the detail has all of it) ...
WHAT_WIDE = 60  # ... and at most, on a wide terminal
OTHER_COLUMNS = 96  # about what the other columns take, at their widest
BOLD = Style(bold=True)


def local_time(at) -> str:
    """An instant as the center's local 'MM-DD HH:mm' ("" for none)."""
    return arrow.get(at).to(clock.timezone()).format("MM-DD HH:mm") if at else ""


def local_full(at) -> str:
    """An instant as the center's local 'YYYY-MM-DD HH:mm' (what the deadline field accepts)."""
    return arrow.get(at).to(clock.timezone()).format("YYYY-MM-DD HH:mm") if at else ""


def status_key(row: ComplaintRow) -> str:
    """Where the complaint stands, finer than the store's status (a plan set, the result confirmed)."""
    if row.status == "closed":
        return "closed"
    if row.result_confirmed_at is not None:
        return "confirmed"
    if row.status == "resolved":
        return "resolved"
    if row.plan:
        return "planned"
    return row.status if row.status in ("open", "investigating") else "open"


def status_label(row: ComplaintRow) -> str:
    return t(f"complaints.status.{status_key(row)}")


def channel_label(channel: str) -> str:
    return t(f"lifecycle.channel.{channel}")


def short(text: str, width: int = WHAT_WIDTH) -> str:
    """The first line of `text` cut to `width` terminal cells (CJK counts 2), with … when cut."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    if cell_len(line) <= width:
        return line
    out = ""
    for ch in line:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def ordered(rows: list[ComplaintRow]) -> list[ComplaintRow]:
    """Overdue first, then by deadline (earliest first), then in the order received."""
    far = arrow.get("9999-01-01").datetime
    return sorted(rows, key=lambda r: (not r.overdue, arrow.get(r.deadline).datetime if r.deadline else far, r.id))


class ComplaintsScreen(CareScreen):
    TITLE_KEY = "complaints.title"
    CSS_PATH = "complaints.tcss"
    COMPONENT_CLASSES = {"complaints--overdue"}
    BINDINGS = [
        Binding("enter", "open", "complaints.key.open", id="complaints.open", priority=True),
        Binding("n", "new", "complaints.key.new", id="complaints.new"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[ComplaintRow] = []
        self.denied = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="cl-summary")
        yield CareTable(id="cl-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in COLUMNS:
            table.add_column(t(f"complaints.col.{key}"), key=key)
        table.focus()
        super().on_mount()

    # -- data --------------------------------------------------------------------------
    def load(self) -> list[ComplaintRow] | None:
        from store import complaints
        from store.errors import PermissionDenied

        if self.denied:  # refused (and logged) once: a live reload must not log it again and again
            return None
        try:
            return ordered(complaints.open_complaints(self.app.actor))
        except PermissionDenied:
            self.denied = True
            return None

    def show(self, rows: list[ComplaintRow] | None) -> None:
        summary = self.query_one("#cl-summary", Static)
        table = self.query_one(DataTable)
        if rows is None:
            self.rows = []
            table.clear()
            summary.update(Text(t("complaints.denied"), style=self.overdue_style()))
            return
        keep = self.selected()
        self.rows = rows
        table.clear()
        for row in rows:
            table.add_row(*self.cells(row), key=str(row.id))
        if keep is not None and any(r.id == keep.id for r in rows):
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        self._cursor_colour()
        late = sum(1 for r in rows if r.overdue)
        line = Text(t("complaints.summary", open=len(rows), late=late), style=self.overdue_style() if late else "")
        if not rows:
            line = Text(t("complaints.none_open"))
        summary.update(line)

    def overdue_style(self) -> Style:
        return self.get_component_rich_style("complaints--overdue", partial=True, default=BOLD)

    def cells(self, row: ComplaintRow) -> tuple[Text, ...]:
        deadline = local_time(row.deadline)
        if row.overdue:
            deadline = f"{t('complaints.overdue')} {deadline}"
        values = (deadline, row.guest_name or row.reporter, short(row.what, self.what_width()), row.owner or "-",
                  status_label(row), channel_label(row.channel), local_time(row.received_at))
        style = self.overdue_style() if row.overdue else Style()
        return tuple(Text(v, style=style, no_wrap=True) for v in values)

    def what_width(self) -> int:
        """The complaint text gets what a wide terminal leaves over."""
        return max(WHAT_WIDTH, min(WHAT_WIDE, self.size.width - OTHER_COLUMNS))

    def on_resize(self) -> None:
        if self.loads and not self.denied:
            self.show(self.rows)

    def selected(self) -> ComplaintRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _cursor_colour(self) -> None:
        """The cursor bar over an overdue row takes the overdue colour too (complaints.tcss)."""
        row = self.selected()
        self.query_one(DataTable).set_class(bool(row and row.overdue), "-overdue-cursor")

    # -- keys --------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.show_screen("complaint_detail", complaint_id=row.id)

    def action_new(self) -> None:
        self.app.show_screen("complaint")
