"""Shift handover (交接班): the outgoing shift's visits, notes, calls due next, open complaints and the
coming day's moves; the incoming nurse acknowledges it (a), stamped with her name and the time.

Keys: a acknowledge, [ / ] previous / next shift, e export (.md, .xlsx or .txt by the file name).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from screens.base import CareScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.export_path import ExportPathDialog
from screens.widgets.plain import safe
from screens.widgets.sheet_table import sheet_renderable
from store import clock
from store import db as store_db
from store.errors import StoreError
from store.exports import Sheet, write_file
from store.handover import Handover, ack_refusal, acknowledge, handover
from store.shifts import Shift, next_shift, previous_shift
from tui import humanize
from tui.i18n import t
from tui.sheets import ack_line, handover_sheets, handover_title, shift_heading
from tui.store_messages import message

SECTIONS = 7


@dataclass(frozen=True)
class HandoverData:
    report: Handover
    sheets: list[Sheet]
    running: bool


class HandoverScreen(CareScreen):
    TITLE_KEY = "handover.title"
    CSS_PATH = "handover.tcss"
    BINDINGS = [
        Binding("a", "acknowledge", "handover.key.ack", id="handover.ack"),
        Binding("left_square_bracket", "step(-1)", "handover.key.prev", key_display="[", show=False, id="handover.prev"),
        Binding("right_square_bracket", "step(1)", "handover.key.next", key_display="]", id="handover.next"),
        Binding("e", "export", "handover.key.export", id="handover.export"),
    ]

    def __init__(self, shift: Shift | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shift = shift
        self.data: HandoverData | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="handover-heading")
        yield Static("", id="handover-ack")
        with VerticalScroll(id="handover-body"):
            for n in range(SECTIONS):
                yield Static("", id=f"handover-section-{n}", classes="handover-section")

    # -- data --------------------------------------------------------------------------
    def load(self) -> HandoverData:
        report = handover(self.shift)
        now = clock.now()
        return HandoverData(report, handover_sheets(report), report.shift.start <= now < report.shift.end)

    def show(self, data: HandoverData) -> None:
        self.data = data
        self.shift = data.report.shift
        heading = shift_heading(data.report)
        if data.running:
            heading = f"{heading} {t('handover.running')}"
        counts = t("handover.counts", **data.report.counts())
        self.query_one("#handover-heading", Static).update(safe(f"{heading}\n{counts}"))  # a shift's own name
        self.query_one("#handover-ack", Static).update(safe(self._ack_text(data.report)))  # who acknowledged
        self.query_one("#handover-ack").set_class(data.report.ack is None, "-pending")
        for n, sheet in enumerate(data.sheets):
            self.query_one(f"#handover-section-{n}", Static).update(sheet_renderable(sheet, t("handover.none")))

    def _ack_text(self, report: Handover) -> str:
        if report.ack is None:
            return t("handover.not_acked")
        return t("handover.acked", name=report.ack.by, at=humanize.when(report.ack.at),
                 ago=humanize.relative(report.ack.at))

    # -- actions -----------------------------------------------------------------------
    def action_step(self, direction: int) -> None:
        current = self.shift or (self.data.report.shift if self.data else None)
        if current is None:
            return
        self._step_worker(current, direction)

    @work(thread=True, exclusive=True, group="handover-step")
    def _step_worker(self, current: Shift, direction: int) -> None:
        try:
            target = next_shift(current) if direction > 0 else previous_shift(current)
        finally:
            store_db.close()
        self.app.call_from_thread(self._go_to, target)

    def _go_to(self, target: Shift) -> None:
        self.shift = target
        self.refresh_data()

    def action_acknowledge(self) -> None:
        if self.data is None or self.app.actor is None:
            return
        if self.data.report.ack is not None:
            self.notify(self._ack_text(self.data.report), severity="warning")
            return
        refusal = ack_refusal(self.app.actor, self.data.report.shift)  # said now, not after the question
        if refusal is not None:
            self.notify(message(refusal), severity="warning")
            return
        question = t("handover.ack_question", name=self.app.actor.name, shift=shift_heading(self.data.report))
        report = self.data.report
        self.app.push_screen(ConfirmDialog(question, t("handover.ack_title")),
                             lambda yes: self._ack_worker(report) if yes else None)

    @work(thread=True, group="handover-ack")
    def _ack_worker(self, report: Handover) -> None:
        try:
            ack = acknowledge(self.app.actor, report.shift, report.counts())
        except StoreError as exc:
            self.app.call_from_thread(self.notify, message(exc), severity="error")
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self._acked, ack)

    def _acked(self, ack) -> None:
        self.notify(t("handover.ack_done", name=ack.by, at=humanize.hhmm(ack.at)), timeout=3)
        self.refresh_data()

    def action_export(self) -> None:
        if self.data is None:
            return
        shift = self.data.report.shift
        default = str(Path.cwd() / f"handover-{shift.day.isoformat()}-{shift.key}.md")
        data = self.data
        self.app.push_screen(ExportPathDialog(t("handover.export_title"), t("handover.export_label"), default),
                             lambda path: self._export_worker(path, data) if path else None)

    @work(thread=True, group="handover-export")
    def _export_worker(self, path: str, data: HandoverData) -> None:
        title = handover_title(data.report, getattr(self.app, "center_name", ""))
        try:
            written = write_file(path, data.sheets, title, ack_line(data.report))
        except StoreError as exc:
            self.app.call_from_thread(self.notify, message(exc), severity="error")
            return
        finally:
            store_db.close()
        self.app.call_from_thread(self.notify, t("handover.exported", path=str(written)), timeout=5)

