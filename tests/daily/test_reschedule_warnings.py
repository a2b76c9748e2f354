"""What the reschedule preview warns about: earlier than the task is due now, outside her call window."""
from __future__ import annotations

import pytest

from seeds.playbook_schema import Window
from store import schedule
from tests.daily.fixtures import at

AFTERNOON = Window("afternoon", (14, 0), (17, 30))


@pytest.mark.parametrize("when, due, hours, expected", [
    (at(0, 13, 3), at(1, 10), AFTERNOON, ("earlier", "outside")),  # the issue's +2h
    (at(0, 15), at(1, 10), AFTERNOON, ("earlier",)),
    (at(1, 9), at(0, 14), AFTERNOON, ("outside",)),
    (at(1, 15), at(0, 14), AFTERNOON, ()),
    (at(1, 17, 30), at(0, 14), AFTERNOON, ()),  # the window's last minute is in it
    (at(1, 9), at(0, 14), None, ()),  # no call window: nothing to say about the hour
    (at(1, 9), None, None, ()),
])
def test_reschedule_warnings(frozen_clock, when, due, hours, expected):
    assert schedule.reschedule_warnings(when, due, hours) == expected


@pytest.mark.parametrize("text, windows, expected", [
    ("afternoon", {}, ((14, 0), (17, 30))),
    ("morning", {"morning": Window("morning", (9, 0), (11, 30))}, ((9, 0), (11, 30))),  # her playbook's words
    ("14:00-17:00", {}, ((14, 0), (17, 0))),
    ("evening", {}, ((18, 30), (20, 30))),
])
def test_call_hours_reads_her_window(text, windows, expected):
    hours = schedule.call_hours(text, windows)
    assert (hours.start, hours.end) == expected


@pytest.mark.parametrize("text", ["", "whenever", "exact"])
def test_call_hours_none_when_there_is_no_readable_window(text):
    assert schedule.call_hours(text) is None
