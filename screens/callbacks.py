"""Callbacks due: overdue, today and the next 7 days, with one key per outcome.

Filters: m mine, o role, h channel, k kind, f floor. Enter shows the filled script and the
guest's recent history. Outcomes: r reached, x no answer, b busy / call back at, t reschedule,
s skip, D do-not-disturb (confirm), v converted, c copy an SMS/WeChat text and log it sent.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from screens.base import CareScreen
from screens.callbacks_actions import CallbackActions
from screens.daily_common import OutcomeRunner, local_when
from screens.widgets.care_table import CareTable
from screens.widgets.plain import inert_text
from store import clock, daily
from store import db as store_db
from tui.i18n import language, pick, role_name, t

ROLES = ("customer_service", "consultant", "medical_assistant", "nurse", "supervisor")
CHANNELS = ("phone", "sms", "wechat", "in_person")
KINDS = ("callback", "message")


@dataclass(frozen=True)
class Detail:
    task_id: int
    script: daily.Script
    history: list


# The phone sits next to the name: at 80 columns a caller must see the number without scrolling.
CALLBACK_COLUMNS = ("when", "guest", "phone", "channel", "attempts", "step", "window", "why")


class CallbacksScreen(CallbackActions, OutcomeRunner, CareScreen):
    TITLE_KEY = "daily.callbacks_title"
    CSS_PATH = "callbacks.tcss"
    BINDINGS = [
        Binding("enter", "details", "daily.key.details", id="callbacks.details"),
        Binding("r", "reached", "daily.key.reached", id="callbacks.reached"),
        Binding("x", "no_answer", "daily.key.no_answer", id="callbacks.no_answer"),
        Binding("b", "busy", "daily.key.busy", id="callbacks.busy", show=False),
        Binding("t", "reschedule", "daily.key.reschedule", id="callbacks.reschedule"),
        Binding("s", "skip", "daily.key.skip", id="callbacks.skip"),
        Binding("D", "dnd", "daily.key.dnd", id="callbacks.dnd", show=False),
        Binding("v", "converted", "daily.key.converted", id="callbacks.converted", show=False),
        Binding("c", "send", "daily.key.send", id="callbacks.send", show=False),
        Binding("m", "mine", "daily.key.mine", id="callbacks.mine", show=False),
        Binding("o", "cycle('role')", "daily.key.role", id="callbacks.role", show=False),
        Binding("h", "cycle('channel')", "daily.key.channel", id="callbacks.channel", show=False),
        Binding("k", "cycle('kind')", "daily.key.kind", id="callbacks.kind", show=False),
        Binding("f", "cycle('floor')", "daily.key.floor", id="callbacks.floor", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[daily.CallbackRow] = []
        self.floors: list[int] = []
        self.filters: dict = {"mine": False, "role": "", "channel": None, "kind": None, "floor": None}
        self.detail_task: int | None = None
        self._shown_detail: Detail | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="cb-filters")
        with Vertical(id="cb-body"):
            yield CareTable(id="cb-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="cb-detail"):
                yield Static("", id="cb-detail-text")

    def on_mount(self) -> None:
        self.filters["role"] = daily.default_role(self.app.actor)
        table = self.query_one(DataTable)
        for key in CALLBACK_COLUMNS:
            table.add_column(t(f"daily.col.{key}"), key=key)
        self.query_one("#cb-detail").display = False
        super().on_mount()

    # -- data --------------------------------------------------------------------------
    def load(self):
        f = self.filters
        rows = daily.callbacks_due(clock.today(), actor=self.app.actor, mine=f["mine"], role=f["role"],
                                   channel=f["channel"], kind=f["kind"], floor=f["floor"])
        return rows, daily.floor_numbers()

    def show(self, data) -> None:
        table = self.query_one(DataTable)
        keep = self.selected()
        self.rows, self.floors = data
        table.clear()
        for row in self.rows:
            table.add_row(*self._cells(row), key=str(row.task.id))
        if keep is not None and any(r.task.id == keep.task.id for r in self.rows):
            table.move_cursor(row=table.get_row_index(str(keep.task.id)))
        self._filter_line()
        if self.detail_task is not None:
            self._load_detail()

    def _cells(self, row: daily.CallbackRow) -> tuple:
        task = row.task
        when = local_when(task.due)
        when_text = Text(f"{t('daily.bucket.overdue')} {when}" if row.bucket == "overdue" else when,
                         style="bold" if row.bucket == "overdue" else "")
        return (when_text, task.guest_name, task.phone, t(f"daily.channel.{task.channel}"), str(task.attempts),
                pick(task.titles) or task.title, task.call_window, pick(row.whys) or row.why)

    def _filter_line(self) -> None:
        f, every = self.filters, t("daily.all")
        line = t("daily.filter.line", who=t("daily.filter.mine") if f["mine"] else t("daily.filter.everyone"),
                 role=role_name(f["role"]) if f["role"] else every,
                 channel=t(f"daily.channel.{f['channel']}") if f["channel"] else every,
                 kind=t(f"daily.kind.{f['kind']}") if f["kind"] else every,
                 floor=f["floor"] if f["floor"] is not None else every)
        if not self.rows:
            line += "  " + t("daily.no_callbacks")
        self.query_one("#cb-filters", Static).update(line)

    def selected(self) -> daily.CallbackRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def selected_guest(self) -> tuple[int, str] | None:
        row = self.selected()
        return (row.task.guest_id, row.task.guest_name) if row else None

    # -- filters -----------------------------------------------------------------------
    def action_mine(self) -> None:
        self.filters["mine"] = not self.filters["mine"]
        self.refresh_data()

    def action_cycle(self, name: str) -> None:
        options = {"role": ROLES, "channel": CHANNELS, "kind": KINDS, "floor": tuple(self.floors)}[name]
        choices = [None, *options]
        current = self.filters[name] or None
        index = choices.index(current) if current in choices else 0
        self.filters[name] = choices[(index + 1) % len(choices)]
        self.refresh_data()

    # -- detail panel ------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_details()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.detail_task is not None:
            self._load_detail()

    def action_details(self) -> None:
        row = self.selected()
        panel = self.query_one("#cb-detail")
        if row is None or (panel.display and self.detail_task == row.task.id):
            panel.display = False
            self.detail_task = None
            return
        self.detail_task = row.task.id
        panel.display = True
        self._load_detail()

    def _load_detail(self) -> None:
        row = self.selected()
        if row is not None:
            self.detail_task = row.task.id
            self._detail_worker(row.task.id, row.task.guest_id, language(), self.app.actor.name)

    @work(thread=True, exclusive=True, group="cb-detail")
    def _detail_worker(self, task_id: int, guest_id: int, lang: str, staff: str) -> None:
        try:
            detail = Detail(task_id, daily.script_for(task_id, lang, staff), daily.history(guest_id))
        finally:
            store_db.close()
        self.app.call_from_thread(self._show_detail, detail)

    def _show_detail(self, detail: Detail) -> None:
        if detail.task_id == self.detail_task and self.is_attached:  # not popped while the worker ran
            self._shown_detail = detail
            panel = self.query_one("#cb-detail-text", Static)
            panel.update(inert_text(detail_text(self.selected(), detail, panel.content_region.width or None)))

    def on_resize(self) -> None:
        """A checklist item's second line stays under its text at the new width."""
        if self._shown_detail is not None:
            self.call_after_refresh(self._show_detail, self._shown_detail)


def detail_text(row: daily.CallbackRow | None, detail: Detail, width: int | None = None) -> Text:
    """Script (filled), window and attempts, then the recent history, newest first."""
    from screens.visits import script_text

    text = script_text(row.task.guest_name if row else "", row.task.room if row else "", detail.script, width)
    if row is not None:
        text.append("\n")
        if row.task.call_window:
            text.append(t("daily.window", window=row.task.call_window) + "  ")
        text.append(t("daily.attempts", n=row.task.attempts) + "\n")
    text.append(f"\n{t('daily.history')}\n", style="bold")
    if not detail.history:
        text.append(t("daily.no_history") + "\n", style="dim")
    for item in detail.history:
        what = t(f"daily.outcome.{item.what}") if item.what else ""
        text.append(f" {local_when(item.at)} {item.who} {what}: {item.text}\n")
    return text
