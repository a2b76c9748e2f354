"""Reschedule times as people type them: `+1d`, `tomorrow 15:00`, `明天下午3点`, `下周一 9:30`.

    parse_when("周五上午") -> aware UTC datetime (this coming Friday, 09:00 center time)

Relative entries (`+2h`, `半小时后`, `两个小时后`, `in half an hour`, `+3d`) count from now, never
from the task's due time: "+2h" said at 11:03 means 13:03 today. The reschedule dialog warns when
that lands before the task's current time or outside the guest's call window.

Pure apart from reading store.clock (now, the center's zone). Bad input raises ValueError whose
message says what went wrong and which forms are accepted. Calendar math happens in the center's
zone: a day is a local calendar day, built with clock.at_local, never 24 shifted hours.
"""
from __future__ import annotations

import datetime as dt
import re

from store import clock
from tui.i18n import t

PERIODS = {  # word -> (default hour, add 12 to hours 1..11)
    "凌晨": (6, False), "早上": (8, False), "早晨": (8, False), "上午": (9, False), "中午": (12, False),
    "下午": (14, True), "傍晚": (18, True), "晚上": (19, True), "morning": (9, False), "am": (9, False),
    "noon": (12, False), "afternoon": (14, True), "pm": (14, True), "evening": (19, True),
}
DEFAULT_HOUR = 10
MAX_DAYS_AHEAD = 366
WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
WEEKDAYS_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"d": "days", "day": "days", "days": "days", "天": "days", "日": "days",
         "w": "weeks", "week": "weeks", "weeks": "weeks", "周": "weeks", "星期": "weeks", "个星期": "weeks",
         "h": "hours", "hour": "hours", "hours": "hours", "小时": "hours", "个小时": "hours", "钟头": "hours",
         "m": "minutes", "min": "minutes", "mins": "minutes", "minutes": "minutes", "分钟": "minutes"}

_RELATIVE = re.compile(r"^(?:\+|in\s*)?(\d+)\s*([a-z]+|天|日|周|星期|个星期|小时|个小时|钟头|分钟)\s*(?:后|以后|之后)?$")
# 半小时后, 半个小时后, 一个半小时后, 两个小时后, 三天后, 十分钟后 (Chinese numbers, "个", a half hour)
_RELATIVE_ZH = re.compile(r"^([0-9零一二两三四五六七八九十]{1,3})?个?(半)?个?(天|日|周|星期|小时|钟头|分钟)(后|以后|之后)?$")
_HALF_HOUR_EN = re.compile(r"^(?:in\s+)?half\s+an\s+hour$")
_WEEKDAY_ZH = re.compile(r"^(下下|下|这|本)?(?:周|星期|礼拜)([一二三四五六日天末])")
_WEEKDAY_EN = re.compile(r"^(next\s+|this\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:[-/]|月)(\d{1,2})(?:日|号)?")
_DAY_WORDS = [("大后天", 3), ("后天", 2), ("明天", 1), ("明日", 1), ("今天", 0), ("今日", 0),
              ("day after tomorrow", 2), ("tomorrow", 1), ("tmr", 1), ("today", 0)]
_DAY_OFFSET = re.compile(r"^\+(\d+)\s*d(?:ays?)?\b")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$")
_HOUR_ZH = re.compile(r"^([0-9零一二两三四五六七八九十]{1,3})\s*[点點时](半|一刻|三刻|([0-9零一二三四五六七八九十]{1,3})分?)?$")
_HOUR_EN = re.compile(r"^(\d{1,2})\s*(am|pm)$")


def parse_when(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """The instant `text` names (aware, UTC), or ValueError explaining the accepted forms."""
    now_local = _local(now)
    norm = _normalize(text)
    if not norm:
        raise ValueError(t("daily.when_empty", forms=FORMS()))
    when = _relative(norm, now_local) or _absolute(norm, now_local)
    if when is None:
        raise ValueError(t("daily.when_unknown", text=text.strip(), forms=FORMS()))
    return _checked(when, now_local)


def FORMS() -> str:  # noqa: N802 - reads like a constant at call sites
    return "+1d, +3d, +2h, 半小时后, tomorrow 15:00, 2026-12-01 10:00, 明天下午3点, 周五上午, 后天, 下周一 9:30"


def _local(now: dt.datetime | None):
    import arrow

    return (arrow.get(now) if now is not None else clock.now()).to(clock.timezone())


def _normalize(text: str) -> str:
    text = (text or "").strip().lower()
    text = text.translate(str.maketrans("０１２３４５６７８９：＋／－", "0123456789:+/-"))
    return re.sub(r"\s+", " ", text)


def _relative(norm: str, now_local):
    """A time counted from now: '+2h', '3天后', '半小时后'; None when `norm` is not one."""
    amount_unit = _relative_amount(norm)
    if amount_unit is None:
        return None
    amount, unit = amount_unit
    if unit in ("hours", "minutes"):
        return now_local.shift(minutes=amount * (60 if unit == "hours" else 1))
    days = amount * (7 if unit == "weeks" else 1)
    shifted = now_local.date() + dt.timedelta(days=days)
    return clock.at_local(shifted, now_local.hour, now_local.minute).to(clock.timezone())


def _relative_amount(norm: str) -> tuple[float, str] | None:
    """(amount, unit) of a relative entry; half units only for hours."""
    if _HALF_HOUR_EN.match(norm):
        return 0.5, "hours"
    match = _RELATIVE.match(norm)
    if match:
        return (int(match.group(1)), UNITS[match.group(2)]) if match.group(2) in UNITS else None
    match = _RELATIVE_ZH.match(norm.replace(" ", ""))
    if not match or not (match.group(1) or match.group(2)):
        return None
    whole = _zh_number(match.group(1)) if match.group(1) else 0
    unit = UNITS[match.group(3)]
    if whole < 0 or (match.group(2) and unit != "hours") or (match.group(3) == "日" and not match.group(4)):
        return None  # 半天 is not a time; 十二日 is a date (the 12th), 十二日后 twelve days on
    amount = whole + (0.5 if match.group(2) else 0)
    return (amount, unit) if amount > 0 else None


def _absolute(norm: str, now_local):
    day, rest = _day_part(norm, now_local.date())
    rest = rest.strip(" ,，的")
    if day is None and not rest:
        return None
    hm = _time_part(rest)
    if hm is None:
        return None
    if day is None:
        day = now_local.date()
    hour, minute = hm if hm != "default" else (DEFAULT_HOUR, 0)
    return clock.at_local(day, hour, minute).to(clock.timezone())


def _day_part(norm: str, today: dt.date) -> tuple[dt.date | None, str]:
    """(day named at the start of `norm` or None, the rest); ValueError for impossible dates."""
    for word, offset in _DAY_WORDS:
        if norm.startswith(word):
            return today + dt.timedelta(days=offset), norm[len(word):]
    for pattern, build in ((_DAY_OFFSET, _plus_days), (_ISO_DATE, _iso), (_MONTH_DAY, _month_day),
                           (_WEEKDAY_ZH, _weekday_zh), (_WEEKDAY_EN, _weekday_en)):
        match = pattern.match(norm)
        if match:
            return build(match, today), norm[match.end():]
    return None, norm


def _plus_days(match, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=int(match.group(1)))


def _iso(match, today: dt.date) -> dt.date:
    return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _month_day(match, today: dt.date) -> dt.date:
    month, day = int(match.group(1)), int(match.group(2))
    candidate = _date(today.year, month, day)
    return candidate if candidate >= today else _date(today.year + 1, month, day)


def _weekday_zh(match, today: dt.date) -> dt.date:
    prefix, target = match.group(1) or "", WEEKDAYS_ZH[match.group(2)]
    weeks = {"下": 1, "下下": 2, "这": 0, "本": 0}.get(prefix)
    return _weekday(today, target, weeks)


def _weekday_en(match, today: dt.date) -> dt.date:
    prefix = (match.group(1) or "").strip()
    weeks = {"next": 1, "this": 0}.get(prefix)
    return _weekday(today, WEEKDAYS_EN[match.group(2)], weeks)


def _weekday(today: dt.date, target: int, weeks: int | None) -> dt.date:
    """weeks=None: the next such day after today; else that day in this (0) / next (1) calendar week."""
    if weeks is None:
        ahead = (target - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(days=7 * weeks + target)


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(t("daily.when_bad_date", date=f"{year}-{month:02d}-{day:02d}", forms=FORMS())) from None


def _time_part(rest: str):
    """(hour, minute), "default" when nothing is given, or None when unreadable."""
    if not rest:
        return "default"
    period, rest = _period(rest)
    rest = rest.strip(" ,，的")
    if not rest:
        return (PERIODS[period][0], 0) if period else "default"
    hm = _clock_time(rest)
    if hm is None:
        return None
    hour, minute, suffix = hm
    return _apply_period(hour, minute, period or suffix)


def _period(rest: str) -> tuple[str | None, str]:
    for word in sorted(PERIODS, key=len, reverse=True):
        if rest.startswith(word) and (len(word) > 2 or not word.isascii() or not rest[len(word):][:1].isalpha()):
            return word, rest[len(word):]
    return None, rest


def _clock_time(rest: str):
    match = _CLOCK.match(rest)
    if match:
        return int(match.group(1)), int(match.group(2)), match.group(3)
    match = _HOUR_EN.match(rest)
    if match:
        return int(match.group(1)), 0, match.group(2)
    match = _HOUR_ZH.match(rest)
    if match:
        return _zh_number(match.group(1)), _zh_minute(match.group(2), match.group(3)), None
    if rest.isdigit() and len(rest) <= 2:
        return int(rest), 0, None
    return None


def _zh_minute(part: str | None, digits: str | None) -> int:
    if not part:
        return 0
    return {"半": 30, "一刻": 15, "三刻": 45}.get(part, _zh_number(digits) if digits else 0)


def _zh_number(text: str) -> int:
    """'3' / '三' / '十' / '十二' / '二十' / '两' -> int (-1 when unreadable)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return ZH_DIGITS.get(tens, 1 if not tens else -100) * 10 + (ZH_DIGITS.get(ones, -100) if ones else 0)
    return ZH_DIGITS.get(text, -1) if len(text) == 1 else -1


def _apply_period(hour: int, minute: int, period: str | None) -> tuple[int, int]:
    if period and PERIODS[period][1] and 1 <= hour < 12:
        hour += 12
    if period in ("am",) and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(t("daily.when_bad_time", time=f"{hour}:{minute:02d}", forms=FORMS()))
    return hour, minute


def _checked(when, now_local) -> dt.datetime:
    if when <= now_local:
        raise ValueError(t("daily.when_past", when=when.format("YYYY-MM-DD HH:mm")))
    if (when.date() - now_local.date()).days > MAX_DAYS_AHEAD:
        raise ValueError(t("daily.when_too_far", when=when.format("YYYY-MM-DD")))
    return when.to("UTC").datetime
