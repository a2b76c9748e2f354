"""Manager reports (报表): callbacks done vs due per person, the overdue trend, complaints and time to
close, satisfaction per month; a chart and the table for each, one tab each.

Keys: [ / ] previous / next report, e export (.xlsx: all four; .csv, .md, .txt: the one shown).
Needs the "export" permission (the store refuses and says so otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from screens.base import CareScreen
from screens.dialogs.export_path import ExportPathDialog
from screens.widgets.charts import Bar, BarChart, ColumnChart
from screens.widgets.plain import safe
from screens.widgets.sheet_table import sheet_renderable
from store import db as store_db
from store.errors import StoreError
from store.exports import Sheet, write_file
from store.reports import Report, build_report
from store.text import inert
from tui import humanize
from tui.i18n import role_name, t
from tui.sheets import REPORTS, report_sheets
from tui.store_messages import message


@dataclass(frozen=True)
class ReportData:
    report: Report
    sheets: dict[str, Sheet]


class ReportsScreen(CareScreen):
    TITLE_KEY = "reports.title"
    CSS_PATH = "reports.tcss"
    GUEST_DATA = True
    BINDINGS = [
        Binding("right_square_bracket", "tab(1)", "reports.key.next_tab", key_display="]", id="reports.next"),
        Binding("left_square_bracket", "tab(-1)", "reports.key.prev_tab", key_display="[", show=False, id="reports.prev"),
        Binding("e", "export", "reports.key.export", id="reports.export"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data: ReportData | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="reports-period")
        with TabbedContent(id="reports-tabs"):
            for name in REPORTS:
                with TabPane(t(f"reports.tab.{name}"), id=f"tab-{name}"):
                    with VerticalScroll(classes="report-body"):
                        yield Static("", id=f"note-{name}", classes="report-note")
                        if name == "overdue":
                            yield ColumnChart(id="chart-overdue")
                        else:
                            yield BarChart(id=f"chart-{name}")
                        yield Static("", id=f"table-{name}", classes="report-table")

    def load(self) -> ReportData:
        report = build_report(self.app.actor)
        return ReportData(report, report_sheets(report))

    def show(self, data: ReportData) -> None:
        self.data = data
        self.query_one("#reports-period", Static).update(t("reports.period", day=humanize.day_label(data.report.end_day)))
        for name, sheet in data.sheets.items():
            self.query_one(f"#note-{name}", Static).update(safe(sheet.note))
            self.query_one(f"#table-{name}", Static).update(sheet_renderable(sheet, t("reports.no_data"), count=False))
        self._charts(data.report)

    def _charts(self, report: Report) -> None:
        self.query_one("#chart-callbacks", BarChart).set_bars(person_bars(report))
        top = max((d.overdue for d in report.overdue), default=0)
        self.query_one("#chart-overdue", ColumnChart).set_points(
            [(humanize.day_label(d.day, weekday=False), d.overdue) for d in report.overdue], t("reports.max", n=top))
        self.query_one("#chart-complaints", BarChart).set_bars(
            [Bar(humanize.month_label(c.month), c.closed, c.received, f"{c.closed}/{c.received}")
             for c in report.complaints])
        self.query_one("#chart-satisfaction", BarChart).set_bars(
            [Bar(humanize.month_label(s.month), s.mean or 0, 5, f"{s.mean:.2f}" if s.mean is not None else "-")
             for s in report.satisfaction])

    # -- actions -----------------------------------------------------------------------
    def current(self) -> str:
        active = self.query_one(TabbedContent).active or f"tab-{REPORTS[0]}"
        return active.removeprefix("tab-")

    def action_tab(self, step: int) -> None:
        index = (REPORTS.index(self.current()) + step) % len(REPORTS)
        self.query_one(TabbedContent).active = f"tab-{REPORTS[index]}"

    def action_export(self) -> None:
        if self.data is None:
            return
        name = self.current()
        default = str(Path.cwd() / f"report-{self.data.report.end_day.isoformat()}.xlsx")
        data = self.data
        self.app.push_screen(ExportPathDialog(t("reports.export_title"), t("reports.export_label"), default),
                             lambda path: self._export_worker(path, data, name) if path else None)

    @work(thread=True, group="reports-export")
    def _export_worker(self, path: str, data: ReportData, name: str) -> None:
        sheets = list(data.sheets.values()) if path.lower().endswith(".xlsx") else [data.sheets[name]]
        title = t("reports.doc_title", center=getattr(self.app, "center_name", ""),
                  day=humanize.day_label(data.report.end_day))
        try:
            written = write_file(path, sheets, title)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, message(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, t("reports.exported", path=str(written)), timeout=5)


def person_bars(report: Report) -> list[Bar]:
    """Done of due per person over the whole period (the table has the weeks)."""
    totals: dict[str, list[int]] = {}
    for row in report.callbacks:
        who = row.person or f"({role_name(row.role)})"
        cell = totals.setdefault(who, [0, 0])
        cell[0] += row.done
        cell[1] += row.due
    return [Bar(inert(who), done, due, f"{done}/{due}") for who, (done, due) in sorted(totals.items(), key=lambda kv: -kv[1][1])]
