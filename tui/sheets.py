"""Handover and reports as translated `store.exports.Sheet`s: what the screens show and the exports write.

One place turns store rows into headers and cells in the reader's language, so the screen, the
Markdown / .xlsx / text files and `carefloor handover` / `carefloor report` all say the same thing.
"""
from __future__ import annotations

from store.exports import Sheet
from store.handover import Handover
from store.reports import Report
from tui import humanize
from tui.i18n import has, role_name, t

REPORTS = ("callbacks", "overdue", "complaints", "satisfaction")


def shift_name(key: str) -> str:
    """A configured shift's name: translated for day/night, else the center's own word."""
    return t(f"handover.shift.{key}") if has(f"handover.shift.{key}") else key


def shift_heading(report: Handover) -> str:
    shift = report.shift
    return t("handover.heading", shift=shift_name(shift.key), date=humanize.day_label(shift.day),
             start=shift.local_start.format("HH:mm"), end=shift.local_end.format("HH:mm"))


def _cols(*keys: str) -> tuple[str, ...]:
    return tuple(t(f"handover.col.{k}") for k in keys)


def handover_sheets(report: Handover) -> list[Sheet]:
    """The seven sections of a handover, in reading order."""
    next_day = humanize.day_label(report.next_day)
    return [
        Sheet(t("handover.section.visits_done"), _cols("room", "guest", "visit", "by", "at"),
              tuple((v.room, v.guest, v.title, v.by, humanize.hhmm(v.at) if v.at else "") for v in report.visits_done)),
        Sheet(t("handover.section.visits_missed"), _cols("room", "guest", "visit", "due", "status"),
              tuple((v.room, v.guest, v.title, humanize.when(v.due), _visit_status(v)) for v in report.visits_missed)),
        Sheet(t("handover.section.notes"), _cols("at", "room", "guest", "by", "note"),
              tuple((humanize.hhmm(n.at), n.room, n.guest, n.by, n.text) for n in report.notes)),
        Sheet(t("handover.section.calls_next"), _cols("due", "room", "guest", "what", "channel", "role"),
              tuple((_due(c), c.room, c.guest, c.title, t(f"daily.channel.{c.channel}"), role_name(c.role))
                    for c in report.calls_next)),
        Sheet(t("handover.section.complaints"), _cols("room", "guest", "what", "owner", "status", "deadline"),
              tuple((c.room, c.guest, c.what, c.owner, t(f"handover.complaint_status.{c.status}"), _deadline(c))
                    for c in report.complaints)),
        Sheet(t("handover.section.admissions", date=next_day), _cols("room", "guest", "status"),
              tuple((m.room, m.guest, t("handover.arrived" if m.done else "handover.expected"))
                    for m in report.admissions)),
        Sheet(t("handover.section.discharges", date=next_day), _cols("room", "guest", "status"),
              tuple((m.room, m.guest, t("handover.left" if m.done else "handover.leaving"))
                    for m in report.discharges)),
    ]


def _visit_status(v) -> str:
    status = t(f"daily.status.{v.status}")
    return f"{status}: {reason_words(v.reason)}" if v.reason else status


def reason_words(reason: str) -> str:
    """A reason the system recorded (a code such as "checked_out") in words; a nurse's own as typed."""
    return t(f"daily.reason.{reason}") if has(f"daily.reason.{reason}") else reason


def _due(call) -> str:
    if call.overdue:
        return t("handover.late", ago=humanize.relative(call.due))
    return humanize.when(call.due)


def _deadline(c) -> str:
    if c.deadline is None:
        return ""
    return t("handover.late", ago=humanize.relative(c.deadline)) if c.overdue else humanize.relative(c.deadline)


def handover_title(report: Handover, center: str = "") -> str:
    return t("handover.doc_title", center=center, shift=shift_heading(report)).replace("  ", " ")


def ack_line(report: Handover) -> str:
    if report.ack is None:
        return t("handover.ack_missing")
    return t("handover.ack_line", name=report.ack.by, at=humanize.when(report.ack.at))


# -- reports -----------------------------------------------------------------------------
def _rcols(*keys: str) -> tuple[str, ...]:
    return tuple(t(f"reports.col.{k}") for k in keys)


def report_sheets(report: Report) -> dict[str, Sheet]:
    """The four reports by name (REPORTS), each one table."""
    return {
        "callbacks": Sheet(t("reports.section.callbacks"), _rcols("week", "person", "due", "done", "rate"),
                           tuple((humanize.week_label(r.week), r.person or f"({role_name(r.role)})", r.due, r.done,
                                  _percent(r.rate)) for r in report.callbacks), note=t("reports.note.callbacks")),
        "overdue": Sheet(t("reports.section.overdue"), _rcols("day", "overdue"),
                         tuple((humanize.day_label(d.day), d.overdue) for d in report.overdue),
                         note=t("reports.note.overdue")),
        "complaints": Sheet(t("reports.section.complaints"),
                            _rcols("month", "received", "closed", "still_open", "closed_late", "hours_to_close"),
                            tuple((humanize.month_label(c.month), c.received, c.closed, c.still_open, c.closed_late,
                                   c.mean_hours_to_close) for c in report.complaints),
                            note=t("reports.note.complaints")),
        "satisfaction": Sheet(t("reports.section.satisfaction"), _rcols("month", "surveys", "mean", "low"),
                              tuple((humanize.month_label(s.month), s.surveys, s.mean, s.low)
                                    for s in report.satisfaction), note=t("reports.note.satisfaction")),
    }


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{round(rate * 100)}%"
