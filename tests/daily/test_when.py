"""The reschedule parser: every accepted form, in English and Chinese, and bad input explained."""
from __future__ import annotations

import arrow
import pytest

from store import clock
from tui import i18n
from tui.when import parse_when

NOW = "2026-11-23T02:00:00+00:00"  # Monday 2026-11-23 10:00 in Shanghai


@pytest.fixture(autouse=True)
def english(frozen_clock):
    i18n.set_language("en")
    yield
    i18n.set_language("zh")


def local(text: str) -> str:
    return arrow.get(parse_when(text)).to(clock.timezone()).format("YYYY-MM-DD HH:mm")


@pytest.mark.parametrize("text, expected", [
    ("+1d", "2026-11-24 10:00"), ("+3d", "2026-11-26 10:00"), ("+2h", "2026-11-23 12:00"),
    ("+30m", "2026-11-23 10:30"), ("+1w", "2026-11-30 10:00"), ("+3d 15:00", "2026-11-26 15:00"),
    ("in 2 hours", "2026-11-23 12:00"), ("tomorrow 15:00", "2026-11-24 15:00"),
    ("Tomorrow 3pm", "2026-11-24 15:00"), ("tomorrow", "2026-11-24 10:00"), ("today 16:30", "2026-11-23 16:30"),
    ("2026-12-01 10:00", "2026-12-01 10:00"), ("2026/12/01", "2026-12-01 10:00"), ("12-01 9:15", "2026-12-01 09:15"),
    ("15:00", "2026-11-23 15:00"), ("3:30pm", "2026-11-23 15:30"), ("fri", "2026-11-27 10:00"),
    ("friday afternoon", "2026-11-27 14:00"), ("next monday 9:30", "2026-11-30 09:30"),
    ("mon", "2026-11-30 10:00"),
])
def test_english_forms(text, expected):
    assert local(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("明天下午3点", "2026-11-24 15:00"), ("明天下午3点半", "2026-11-24 15:30"), ("周五上午", "2026-11-27 09:00"),
    ("后天", "2026-11-25 10:00"), ("大后天晚上8点", "2026-11-26 20:00"), ("下周一 9:30", "2026-11-30 09:30"),
    ("下周五", "2026-12-04 10:00"), ("星期三下午", "2026-11-25 14:00"), ("礼拜天", "2026-11-29 10:00"),
    ("这周六上午10点", "2026-11-28 10:00"), ("明天十点半", "2026-11-24 10:30"), ("今天下午两点一刻", "2026-11-23 14:15"),
    ("12月1日 10点", "2026-12-01 10:00"), ("12月1号下午", "2026-12-01 14:00"), ("3天后", "2026-11-26 10:00"),
    ("2小时后", "2026-11-23 12:00"), ("１周后", "2026-11-30 10:00"), ("明天１５：００", "2026-11-24 15:00"),
    ("1月5日", "2027-01-05 10:00"),
])
def test_chinese_forms(text, expected):
    assert local(text) == expected


def test_result_is_aware_utc():
    value = parse_when("+1d")
    assert value.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("text, words", [
    ("soon", "Cannot read"), ("", "Type a time"), ("明天下下午", "Cannot read"),
    ("2026-02-30", "no date 2026-02-30"), ("25:00", "not a time of day"), ("明天25点", "not a time of day"),
    ("9:00", "already passed"), ("2028-01-01", "more than a year"), ("+2x", "Cannot read"),
])
def test_bad_input_says_what_to_type(text, words):
    with pytest.raises(ValueError) as err:
        parse_when(text)
    assert words in str(err.value)
    if words in ("Cannot read", "Type a time"):
        assert "+1d" in str(err.value) and "明天下午3点" in str(err.value)


def test_messages_follow_the_language():
    i18n.set_language("zh")
    with pytest.raises(ValueError, match="看不懂"):
        parse_when("soon")


def test_days_are_calendar_days_across_daylight_saving(frozen_clock):
    clock.set_timezone("America/New_York")
    frozen_clock.set("2026-03-07T15:00:00+00:00")  # Saturday 10:00 EST; DST starts Sunday 02:00
    assert local("+1d") == "2026-03-08 10:00"
    assert parse_when("+1d") == arrow.get("2026-03-08T14:00:00+00:00").datetime  # 23 hours later


@pytest.mark.parametrize("text, expected", [
    ("半小时后", "2026-11-23 10:30"), ("半个小时后", "2026-11-23 10:30"), ("半小时", "2026-11-23 10:30"),
    ("一个半小时后", "2026-11-23 11:30"), ("两小时后", "2026-11-23 12:00"), ("两个小时后", "2026-11-23 12:00"),
    ("十分钟后", "2026-11-23 10:10"), ("三天后", "2026-11-26 10:00"), ("一周后", "2026-11-30 10:00"),
    ("in half an hour", "2026-11-23 10:30"), ("half an hour", "2026-11-23 10:30"),
])
def test_relative_entries_in_words_count_from_now(text, expected):
    assert local(text) == expected


@pytest.mark.parametrize("text", ["半天后", "半分钟后", "十二日"])
def test_relative_words_that_are_not_a_time_are_refused(text):
    with pytest.raises(ValueError, match="Cannot read"):
        parse_when(text)


def test_plus_hours_count_from_now_not_from_the_due_time(frozen_clock):
    """+2h at 11:03 is 13:03 today, whatever the task was due at (tomorrow 10:00 in the issue)."""
    frozen_clock.set(clock.at_local(clock.today(), 11, 3))
    assert local("+2h") == "2026-11-23 13:03"
    assert local("半小时后") == "2026-11-23 11:33"
