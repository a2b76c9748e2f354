"""Shift maths and the handover's content on a time-travelled demo day, acknowledgement through the write path.

Expected counts were computed by hand from the demo built for 2026-11-23 (seed 1), e.g. with
sqlite3: visits done on 11-22 between 08:00 and 20:00 local (00:00-12:00 UTC) -> 8.
"""
from __future__ import annotations

import datetime as dt

import arrow
import pytest

from store import clock
from store.errors import Conflict, Invalid
from store.handover import acknowledge, handover
from store.models import Event, HandoverAck, Setting, Staff
from store.permissions import permissions_for
from store.shifts import next_shift, outgoing_shift, parse_shifts, previous_shift, shift_at
from store.writes import Actor


def local(text: str) -> arrow.Arrow:
    return arrow.get(text, tzinfo="Asia/Shanghai").to("UTC")


def test_shift_bounds_wrap_past_midnight(store):
    night = shift_at(local("2026-11-23T03:00"))
    assert (night.key, night.day) == ("night", dt.date(2026, 11, 22))
    assert night.local_start.format("MM-DD HH:mm") == "11-22 20:00"
    assert night.local_end.format("MM-DD HH:mm") == "11-23 08:00"
    day = next_shift(night)
    assert (day.key, day.local_end.format("HH:mm")) == ("day", "20:00")
    assert previous_shift(day) == night


def test_outgoing_shift_is_the_one_running_two_hours_ago(store):
    assert outgoing_shift(local("2026-11-23T09:30")).key == "night"
    assert outgoing_shift(local("2026-11-23T10:30")).key == "day"


def test_three_shifts_from_the_setting(store):
    Setting.create(key="shifts", value={"early": "07:00", "late": "15:00", "night": "23:00"})
    late = shift_at(local("2026-11-23T16:00"))
    assert (late.key, late.local_end.format("HH:mm")) == ("late", "23:00")
    assert shift_at(local("2026-11-23T06:59")).key == "night"


@pytest.mark.parametrize("raw, words", [({}, "table"), ({"day": "8am"}, "'8am'"),
                                        ({"a": "08:00", "b": "08:00"}, "same time")])
def test_bad_shift_setting_says_what_to_fix(raw, words):
    with pytest.raises(Invalid) as caught:
        parse_shifts(raw)
    assert words in str(caught.value)


def test_day_shift_before_the_demo_day(demo_store, frozen_clock):
    frozen_clock.set(local("2026-11-23T09:00"))
    report = handover(shift_at(local("2026-11-22T12:00")))
    assert report.counts() == {"visits_done": 8, "visits_missed": 2, "notes": 14, "calls_next": 2,
                               "complaints": 4, "admissions": 3, "discharges": 2}
    assert report.next_day == dt.date(2026, 11, 23)
    missed = {(v.room, v.guest) for v in report.visits_missed}
    assert missed == {("702", "邓翠"), ("", "高秀英")}  # one in house, one already discharged
    assert all(v.status == "done" and v.by for v in report.visits_done)


def test_night_shift_handed_over_in_the_morning(demo_store, frozen_clock):
    frozen_clock.set(local("2026-11-23T09:00"))
    report = handover()
    assert (report.shift.key, report.shift.day) == ("night", dt.date(2026, 11, 22))
    counts = report.counts()
    assert (counts["visits_done"], counts["notes"], counts["calls_next"]) == (0, 6, 5)
    assert [c.overdue for c in report.calls_next] == [True, True, False, False, False]
    assert [(m.room, m.done) for m in report.admissions] == [("703", False), ("706", True), ("804", False)]
    assert sorted(m.room for m in report.discharges) == ["604", "606"]
    overdue = [c for c in report.complaints if c.overdue]
    assert [(c.room, c.status) for c in overdue] == [("706", "investigating")]


def nurse(store_row: Staff) -> Actor:
    return Actor(store_row.id, store_row.name, "nurse", "t1", permissions_for("nurse"))


def test_acknowledge_stamps_name_and_time_once(store, frozen_clock):
    row = Staff.create(number="N2", name="周护士", role="nurse", created_at=clock.now())
    frozen_clock.set(local("2026-11-23T19:10"))
    shift = outgoing_shift()
    assert shift.key == "day"
    ack = acknowledge(nurse(row), shift, {"notes": 3})
    assert (ack.by, arrow.get(ack.at)) == ("周护士", local("2026-11-23T19:10"))
    assert handover(shift).ack == ack
    saved = HandoverAck.get()
    assert (saved.staff_id, saved.summary) == (row.id, {"notes": 3})
    assert Event.select().where(Event.action == "handover.acknowledge").count() == 1
    with pytest.raises(Conflict, match="周护士 at 19:10"):
        acknowledge(nurse(row), shift)


def test_a_running_shift_cannot_be_acknowledged_early(store, frozen_clock):
    row = Staff.create(number="N2", name="周护士", role="nurse", created_at=clock.now())
    frozen_clock.set(local("2026-11-23T12:00"))
    with pytest.raises(Invalid, match="from 2026-11-23 19:00"):
        acknowledge(nurse(row), shift_at())
    assert HandoverAck.select().count() == 0
