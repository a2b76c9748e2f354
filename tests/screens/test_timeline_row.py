"""A change on the guest timeline reads as words: labels, localized values, money in yuan."""
from __future__ import annotations

import arrow
import pytest

from screens.guest_file_view import timeline_row
from store.guests import TimelineEntry
from tui import i18n


@pytest.fixture
def zh():
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def _entry(action: str, changes) -> TimelineEntry:
    return TimelineEntry(arrow.get("2026-11-23T02:00:00+00:00"), "李护士", "change", action, "", tuple(changes))


def test_a_discharge_reads_in_chinese(frozen_clock, zh):
    when, who, what = timeline_row(_entry("stay.discharge", [("status", "admitted", "discharged"),
                                                              ("refund_cents", None, 500000), ("room", None, 10)]))
    assert (when, who) == ("11-23 10:00", "李护士")
    assert what == "变更 离店 状态: 在住 -> 已离店; 退押金: - -> 5,000.00; 房间: - -> 10"


def test_the_same_in_english_and_unknown_words_stay_as_they_are(frozen_clock):
    i18n.set_language("en")
    try:
        what = timeline_row(_entry("payment.record", [("kind", None, "deposit_refund"), ("cents", None, -500000),
                                                      ("memo", "a", "b")]))[2]
    finally:
        i18n.set_language("zh")
    assert what.endswith("payment kind: - -> deposit refund; amount: - -> -5,000.00; memo: a -> b")
