"""Today's visits for the signed-in person's role (optionally one floor), with the filled script beside.

Keys: d done, i done with an issue, r not in room (retry later), s skip with a reason, f floor.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from screens.base import CareScreen
from screens.daily_common import OutcomeRunner, local_hhmm
from screens.dialogs.text_prompt import TextPrompt
from screens.widgets.care_table import CareTable
from screens.widgets.plain import inert_text
from store import clock, daily, outcomes
from store import db as store_db
from tui.i18n import language, pick, t


@dataclass(frozen=True)
class VisitsData:
    rows: list
    floors: list[int]


class VisitsScreen(OutcomeRunner, CareScreen):
    TITLE_KEY = "daily.visits_title"
    CSS_PATH = "visits.tcss"
    BINDINGS = [
        Binding("d", "done", "daily.key.done", id="visits.done"),
        Binding("i", "issue", "daily.key.issue", id="visits.issue"),
        Binding("r", "not_in_room", "daily.key.not_in_room", id="visits.not_in_room"),
        Binding("s", "skip", "daily.key.skip", id="visits.skip"),
        Binding("f", "floor", "daily.key.floor", id="visits.floor", show=False),
    ]

    def __init__(self, floor: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.floor = floor
        self.rows: list[daily.VisitRow] = []
        self.floors: list[int] = []
        self.script_task: int | None = None
        self._shown_script: tuple[daily.VisitRow, daily.Script] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="visits-summary")
        with Horizontal(id="visits-body"):
            yield CareTable(id="visits-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="visit-panel"):
                yield Static("", id="visit-script")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("room", "guest", "day", "status", "title"):
            table.add_column(t(f"daily.col.{key}"), key=key)
        super().on_mount()

    # -- data --------------------------------------------------------------------------
    def load(self) -> VisitsData:
        actor = self.app.actor
        rows = daily.visits_for_day(clock.today(), actor=actor, role=daily.default_role(actor), floor=self.floor)
        return VisitsData(rows, daily.floor_numbers())

    def show(self, data: VisitsData) -> None:
        table = self.query_one(DataTable)
        keep = self.selected()
        self.rows, self.floors = data.rows, data.floors
        table.clear()
        for row in self.rows:
            table.add_row(*self._cells(row), key=str(row.id))
        if keep is not None and any(r.id == keep.id for r in self.rows):
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        self._summary()
        self._load_script()

    def _cells(self, row: daily.VisitRow) -> tuple:
        day = t("daily.day_n", day=row.day_of_stay) if row.day_of_stay else ""
        status = t(f"daily.status.{row.status}")
        if row.status == "open" and row.attempts:
            status = f"{t('daily.status.retry')} {local_hhmm(row.due)}"
        style = "dim" if row.status != "open" else ""
        return (Text(row.room or "-", style=style), Text(row.guest_name, style=style), Text(day, style=style),
                Text(status, style=style), Text(pick(row.titles) or row.title, style=style))

    def _summary(self) -> None:
        done = sum(r.status != "open" for r in self.rows)
        floor = t("daily.floor_n", floor=self.floor) if self.floor is not None else t("daily.all")
        parts = [t("daily.floor_label", floor=floor), t("daily.visits_count", done=done, total=len(self.rows))]
        if not self.rows:
            parts.append(t("daily.no_visits"))
        self.query_one("#visits-summary", Static).update("  ".join(parts))

    def selected(self) -> daily.VisitRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def selected_guest(self) -> tuple[int, str] | None:
        """For the quick note: the guest of the highlighted row."""
        row = self.selected()
        return (row.guest_id, row.guest_name) if row else None

    # -- script panel ------------------------------------------------------------------
    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._load_script()

    def _load_script(self) -> None:
        row = self.selected()
        if row is None:
            self.query_one("#visit-script", Static).update("")
            return
        if row.id != self.script_task:
            self.script_task = row.id
            self._script_worker(row, language(), self.app.actor.name)

    @work(thread=True, exclusive=True, group="visit-script")
    def _script_worker(self, row: daily.VisitRow, lang: str, staff: str) -> None:
        try:
            script = daily.script_for(row.id, lang, staff)
        finally:
            store_db.close()
        self.app.call_from_thread(self._show_script, row, script)

    def _show_script(self, row: daily.VisitRow, script: daily.Script) -> None:
        if self.script_task == row.id and self.is_attached:  # not popped while the worker ran
            self._shown_script = (row, script)
            panel = self.query_one("#visit-script", Static)
            text = script_text(row.guest_name, row.room, script, panel.content_region.width or None)
            panel.update(inert_text(text))  # names and scripts are stored text

    def on_resize(self) -> None:
        """A checklist item's second line stays under its text at the new width."""
        if self._shown_script is not None:
            self.call_after_refresh(self._show_script, *self._shown_script)

    # -- outcomes ----------------------------------------------------------------------
    def _open_row(self) -> daily.VisitRow | None:
        row = self.selected()
        if row is None:
            self.notify(t("daily.pick_row"), severity="warning")
        return row

    def action_done(self) -> None:
        row = self._open_row()
        if row:
            actor = self.app.actor
            self.run_outcome(lambda: outcomes.done(actor, row.id), row.guest_name)

    def action_not_in_room(self) -> None:
        row = self._open_row()
        if row:
            actor = self.app.actor
            self.run_outcome(lambda: outcomes.not_in_room(actor, row.id), row.guest_name)

    def action_skip(self) -> None:
        row = self._open_row()
        if row:
            prompt = TextPrompt(t("daily.skip_title", name=row.guest_name), t("daily.skip_label"),
                                required=True, draft_key=f"skip:{row.id}")
            self.app.push_screen(prompt, lambda reason: self._skip(row, reason))

    def _skip(self, row: daily.VisitRow, reason: str | None) -> None:
        if reason:
            actor = self.app.actor
            self.run_outcome(lambda: outcomes.skip(actor, row.id, reason), row.guest_name)

    def action_issue(self) -> None:
        row = self._open_row()
        if row:
            prompt = TextPrompt(t("daily.issue_title", name=row.guest_name), t("daily.issue_label"),
                                required=True, draft_key=f"issue:{row.id}", option=t("daily.issue_complaint"))
            self.app.push_screen(prompt, lambda note: self._issue(row, note, prompt.option_checked))

    def _issue(self, row: daily.VisitRow, note: str | None, complaint: bool) -> None:
        if note:
            actor = self.app.actor
            self.run_outcome(lambda: outcomes.done_with_issue(actor, row.id, note, complaint), row.guest_name)

    def action_floor(self) -> None:
        """Cycle: all floors, then each floor in turn."""
        choices: list[int | None] = [None, *self.floors]
        index = choices.index(self.floor) if self.floor in choices else 0
        self.floor = choices[(index + 1) % len(choices)]
        self.refresh_data()


def script_text(name: str, room: str, script: daily.Script, width: int | None = None) -> Text:
    """The script panel: title, who, the filled script, the checklist, why the step exists.
    Given the panel's `width`, a checklist item that wraps goes on under its own text."""
    text = Text()
    text.append(f"{script.title}\n", style="bold")
    text.append(f"{name} {room}\n\n".strip() + "\n\n", style="italic")
    if script.text:
        text.append(script.text.strip() + "\n\n")
    if script.checklist:
        text.append(f"{t('daily.checklist')}\n", style="bold")
        bullet = "・" if language() == "zh" else "- "  # glued: a long Chinese item must not leave it behind
        for item in script.checklist:
            text.append(checklist_item(f" {bullet}", item, width))
        text.append("\n")
    why = pick(script.whys) or script.why
    if why:
        text.append(t("daily.why", why=why), style="dim")
    return text


def checklist_item(bullet: str, item: str, width: int | None) -> str:
    """" - item\n", its wrapped lines indented under the text (Rich's own wrap starts them at
    the pane's edge, under the bullet)."""
    indent = cell_len(bullet)
    if width is None or width - indent < 8:
        return f"{bullet}{item}\n"
    lines = Text(item).wrap(_measuring_console(), width - indent)
    return "".join(f"{bullet if i == 0 else ' ' * indent}{line.plain.rstrip()}\n" for i, line in enumerate(lines))


@lru_cache(maxsize=1)
def _measuring_console() -> Console:
    return Console(width=200, color_system=None, file=io.StringIO())
