"""The guest file (客户档案): SPEC 2.5 fields, masked by the store per permission, and a timeline.

Opened with `app.show_screen("guest_file", guest_id=N)`. Once the file is first on screen a
view event is appended (audit) in a worker; live reloads don't append another. Fields the person may not see show as "hidden", never blank.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from screens.base import CareScreen
from screens.dialogs.guest_actions import open_guest_actions
from screens.guest_file_view import field_rows, timeline_row, title_line
from screens.widgets.plain import plain, safe
from store import db as store_db
from store.writes import append_view_event
from store.guests import GuestFile, TimelineEntry, guest_file, timeline
from store.scripts import salutation
from tui.guest_actions import offers
from tui.i18n import language, t


@dataclass(frozen=True)
class Loaded:
    file: GuestFile
    timeline: list[TimelineEntry]
    addressed: str = ""  # how to address her, in the screen's language ("" when none is stored)


class GuestFileScreen(CareScreen):
    CSS_PATH = "guest_file.tcss"
    TITLE_KEY = "guest_file.title"
    BINDINGS = [
        Binding("escape", "app.back", "common.back", id="guest_file.back"),
        Binding("f", "focus_fields", "guest_file.key.fields", id="guest_file.fields"),
        Binding("t", "focus_timeline", "guest_file.key.timeline", id="guest_file.timeline"),
        Binding("a", "actions", "guest_actions.key", id="guest_file.actions"),
    ]

    def __init__(self, guest_id: int) -> None:
        super().__init__()
        self.guest_id = guest_id
        self._audited = False
        self.file: GuestFile | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="gf-title")
        with Horizontal(id="gf-body"):
            with VerticalScroll(id="gf-fields"):
                yield Static(id="gf-field-table")
            with VerticalScroll(id="gf-timeline") as timeline_box:
                timeline_box.border_title = t("guest_file.timeline")
                yield Static(id="gf-timeline-table")

    def load(self) -> Loaded:
        actor = self.app.actor
        file = guest_file(actor, self.guest_id, audit=False)
        return Loaded(file, timeline(actor, self.guest_id), addressed(file, language()))

    def show(self, data: Loaded) -> None:
        self._show(data)
        if not self._audited:  # the view event's fsync must not delay the first paint
            self._audited = True
            self._audit_view()

    @work(thread=True, group="guest-file-audit")
    def _audit_view(self) -> None:
        try:
            append_view_event(self.app.actor, "guest", self.guest_id, guest=self.guest_id)
        finally:
            store_db.close()

    def _show(self, data: Loaded) -> None:
        self.file = data.file
        self.query_one("#gf-title", Static).update(title_line(data.file, data.addressed))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in field_rows(data.file):
            grid.add_row(Text(label), safe(value if isinstance(value, Text) else str(value)))  # notes keep lines
        self.query_one("#gf-field-table", Static).update(grid)
        self._fill_timeline(data.timeline)

    def _fill_timeline(self, entries: list[TimelineEntry]) -> None:
        """Rebuilt in place: the scroll container keeps its position across live reloads."""
        table = Table(box=None, expand=True, padding=(0, 1), header_style="bold")
        table.add_column(t("guest_file.col.when"), no_wrap=True)
        table.add_column(t("guest_file.col.who"), no_wrap=True, overflow="crop", max_width=10)
        table.add_column(t("guest_file.col.what"), overflow="fold", ratio=1)
        for entry in entries:
            table.add_row(*(plain(cell, multiline=True) for cell in timeline_row(entry)))  # a Rich table: markup
        if not entries:
            table.add_row("", "", t("guest_file.no_history"))
        self.query_one("#gf-timeline-table", Static).update(table)

    def action_focus_fields(self) -> None:
        self.query_one("#gf-fields").focus()

    def action_focus_timeline(self) -> None:
        self.query_one("#gf-timeline").focus()

    def action_actions(self) -> None:
        """The menu of what can be done for her now (admit, discharge, payment, complaint...)."""
        if self.file is None:
            return
        stay = self.file.stay
        found = offers(self.guest_id, self.file.kind, stay.stay_id if stay else None, stay.status if stay else None,
                       self.app.actor)
        open_guest_actions(self, self.file.name, found)


def addressed(file: GuestFile, lang: str) -> str:
    """The stored salutation, in English as the scripts say it ("女士" -> "Ms. Wang"); here, in
    the load thread, because the pinyin dictionary takes ~100 ms to load the first time."""
    if not file.salutation or lang == "zh":
        return file.salutation
    return salutation(file.name, file.salutation, "en")
