"""Dates and relative times in the reader's language: "2小时前" / "2 hours ago", "明天" / "tomorrow".

    relative(task.due)      -> "in 2 hours" / "2小时后"
    day_label(date)         -> "Mon 23 Nov" / "11月23日 周一" (the year only when it is not this year)
    when(instant)           -> "today 14:00" / "今天 14:00", "yesterday 09:30", "Tue 24 Nov 08:00"

Everything reads "now" and "today" from store.clock and shows the center's zone. Under an hour
counts minutes, under a day hours; beyond that local calendar days (so 23:00 -> 01:00 is "yesterday"
even though it is two hours), and dates beyond RELATIVE_DAYS.
"""
from __future__ import annotations

import datetime as dt

import arrow

from store import clock
from tui.i18n import t

RELATIVE_DAYS = 30


def relative(when, now=None) -> str:
    """How long ago / until `when` (aware datetime or arrow), in words."""
    now = arrow.get(now) if now is not None else clock.now()
    target = arrow.get(when)
    seconds = (target - now).total_seconds()
    ahead, span = seconds > 0, abs(seconds)
    if span < 60:
        return t("humanize.just_now")
    if span < 3600:
        return t("humanize.minutes_ahead" if ahead else "humanize.minutes_ago", n=int(span // 60))
    if span < 86400 and _local(target).date() in (_local(now).date(), _local(now).date() + dt.timedelta(days=1 if ahead else -1)):
        hours = int(span // 3600)
        if hours == 1:
            return t("humanize.hours_ahead_one" if ahead else "humanize.hours_ago_one")
        return t("humanize.hours_ahead" if ahead else "humanize.hours_ago", n=hours)
    return days_relative(_local(target).date(), _local(now).date())


def days_relative(day: dt.date, today: dt.date | None = None) -> str:
    """'today', 'tomorrow', 'in 3 days', '2 days ago', else the date."""
    today = today or clock.today()
    days = (day - today).days
    if days == 0:
        return t("humanize.today")
    if days in (1, -1):
        return t("humanize.tomorrow" if days == 1 else "humanize.yesterday")
    if abs(days) > RELATIVE_DAYS:
        return day_label(day, weekday=False)
    return t("humanize.days_ahead" if days > 0 else "humanize.days_ago", n=abs(days))


def day_label(day: dt.date, *, weekday: bool = True, today: dt.date | None = None) -> str:
    """'11月23日 周一' / 'Mon 23 Nov'; with the year when it is not this year."""
    today = today or clock.today()
    parts = dict(year=day.year, month=day.month, day=day.day, mon=t(f"humanize.month.{day.month}"))
    text = t("humanize.date_md" if day.year == today.year else "humanize.date_ymd", **parts)
    if weekday:
        text = t("humanize.date_weekday", date=text, weekday=t(f"humanize.weekday.{day.weekday()}"))
    return text


def month_label(first: dt.date) -> str:
    return t("humanize.month_label", year=first.year, month=first.month, mon=t(f"humanize.month.{first.month}"))


def week_label(monday: dt.date) -> str:
    return t("humanize.week_label", date=t("humanize.date_md", month=monday.month, day=monday.day,
                                           mon=t(f"humanize.month.{monday.month}")))


def when(instant, now=None) -> str:
    """'today 14:00' / '今天 14:00', 'yesterday 09:30', else 'Tue 24 Nov 08:00'."""
    local = _local(arrow.get(instant))
    today = _local(arrow.get(now)).date() if now is not None else clock.today()
    days = (local.date() - today).days
    if days in (-1, 0, 1):
        label = t({-1: "humanize.yesterday", 0: "humanize.today", 1: "humanize.tomorrow"}[days])
    else:
        label = day_label(local.date(), today=today)
    return f"{label} {local.format('HH:mm')}"


def hhmm(instant) -> str:
    return _local(arrow.get(instant)).format("HH:mm")


def _local(instant: arrow.Arrow) -> arrow.Arrow:
    return instant.to(clock.timezone())
