"""Report figures against the ones worked out by hand from tests/reports/fixtures.py (today 2026-11-23)."""
from __future__ import annotations

import datetime as dt

import pytest

from store.errors import PermissionDenied
from store.permissions import permissions_for
from store.reports import build_report
from store.writes import Actor
from tests.reports import fixtures

D = dt.date
MANAGER = Actor(99, "王店长", "manager", "t", permissions_for("manager"))


@pytest.fixture
def report(store):
    fixtures.build()
    return build_report(MANAGER, D(2026, 11, 23), weeks=2, days=5, months=3)


def test_callbacks_done_vs_due_per_person_per_week(report):
    got = {(r.week, r.person, r.role): (r.due, r.done) for r in report.callbacks}
    assert got == {
        (D(2026, 11, 16), "甲", ""): (2, 2),  # t1, t2
        (D(2026, 11, 16), "乙", ""): (2, 0),  # t3 open (assignee), t4 skipped by 乙
        (D(2026, 11, 16), "", "customer_service"): (1, 0),  # t6, nobody's
        (D(2026, 11, 23), "甲", ""): (1, 1),  # t8
        (D(2026, 11, 23), "乙", ""): (1, 0),  # t9: 07:00 local is this week though UTC says 11-22
    }
    first_week = [r.person for r in report.callbacks if r.week == D(2026, 11, 16)]
    assert first_week[-1] == ""  # nobody's rows come last in their week
    assert [r.rate for r in report.callbacks][:2] == [0.0, 1.0]  # 乙 sorts before 甲


def test_overdue_at_the_start_of_each_day(report):
    assert [(c.day.day, c.overdue) for c in report.overdue] == [(19, 1), (20, 2), (21, 2), (22, 1), (23, 2)]


def test_complaints_per_month_and_time_to_close(report):
    rows = {c.month: c for c in report.complaints}
    assert list(rows) == [D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
    sep, oct_, nov = rows.values()
    assert (sep.received, sep.mean_hours_to_close) == (0, None)
    assert (oct_.received, oct_.closed, oct_.still_open, oct_.closed_late) == (3, 3, 0, 1)
    assert oct_.mean_hours_to_close == 36.0  # (30 + 72 + 6) / 3
    assert (nov.received, nov.closed, nov.still_open) == (2, 0, 2)


def test_satisfaction_per_month(report):
    got = [(s.month.month, s.surveys, s.mean, s.low) for s in report.satisfaction]
    assert got == [(9, 0, None, 0), (10, 2, 4.5, 0), (11, 2, 3.5, 1)]


def test_reports_need_the_export_permission(store):
    nurse = Actor(5, "李护士", "nurse", "t", permissions_for("nurse"))
    with pytest.raises(PermissionDenied):
        build_report(nurse)
