"""Relative times and dates in the locale's form (frozen clock: Mon 2026-11-23 10:00 Shanghai)."""
from __future__ import annotations

import datetime as dt

import arrow
import pytest

from tui import humanize, i18n


def local(text: str) -> arrow.Arrow:
    return arrow.get(text, tzinfo="Asia/Shanghai")


@pytest.fixture(params=["zh", "en"])
def lang(request, frozen_clock):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("zh")


CASES = [  # when, zh, en
    ("2026-11-23T10:00:30", "刚刚", "just now"),
    ("2026-11-23T09:15", "45分钟前", "45 min ago"),
    ("2026-11-23T12:00", "2小时后", "in 2 hours"),
    ("2026-11-23T08:59", "1小时前", "1 hour ago"),
    ("2026-11-24T08:00", "22小时后", "in 22 hours"),
    ("2026-11-22T09:00", "昨天", "yesterday"),
    ("2026-11-26T09:00", "3天后", "in 3 days"),
    ("2026-11-13T09:00", "10天前", "10 days ago"),
    ("2027-01-05T09:00", "2027年1月5日", "5 Jan 2027"),
]


@pytest.mark.parametrize("when, zh, en", CASES)
def test_relative(lang, when, zh, en):
    assert humanize.relative(local(when)) == {"zh": zh, "en": en}[lang]


def test_calendar_days_not_24_hours(lang):
    now = local("2026-11-23T01:00")
    assert humanize.relative(local("2026-11-22T23:00"), now=now) == {"zh": "2小时前", "en": "2 hours ago"}[lang]
    assert humanize.relative(local("2026-11-22T00:30"), now=now) == {"zh": "昨天", "en": "yesterday"}[lang]


def test_dates_and_times(lang):
    assert humanize.day_label(dt.date(2026, 11, 23)) == {"zh": "11月23日 周一", "en": "Mon 23 Nov"}[lang]
    assert humanize.when(local("2026-11-23T14:05")) == {"zh": "今天 14:05", "en": "today 14:05"}[lang]
    assert humanize.when(local("2026-11-25T08:00")) == {"zh": "11月25日 周三 08:00", "en": "Wed 25 Nov 08:00"}[lang]
    assert humanize.month_label(dt.date(2026, 10, 1)) == {"zh": "2026年10月", "en": "Oct 2026"}[lang]
