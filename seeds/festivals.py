"""Festival and public-holiday dates for any year 1900-2099, lunar ones included (pure, no store)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lunardate import LunarDate

# id -> display name; the order is the calendar order within a year
FESTIVALS: dict[str, dict[str, str]] = {
    "new_year": {"zh": "元旦", "en": "New Year's Day"},
    "spring_festival": {"zh": "春节", "en": "Spring Festival"},
    "lantern": {"zh": "元宵节", "en": "Lantern Festival"},
    "womens_day": {"zh": "女神节", "en": "Women's Day"},
    "mothers_day": {"zh": "母亲节", "en": "Mother's Day"},
    "childrens_day": {"zh": "儿童节", "en": "Children's Day"},
    "dragon_boat": {"zh": "端午节", "en": "Dragon Boat Festival"},
    "mid_autumn": {"zh": "中秋节", "en": "Mid-Autumn Festival"},
    "national_day": {"zh": "国庆节", "en": "National Day"},
}
LUNAR = {"spring_festival": (1, 1), "lantern": (1, 15), "dragon_boat": (5, 5), "mid_autumn": (8, 15)}


def _lunar(year: int, month: int, day: int) -> dt.date:
    return LunarDate(year, month, day).to_solar_date()


def mothers_day(year: int) -> dt.date:
    """Second Sunday of May."""
    first = dt.date(year, 5, 1)
    first_sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + dt.timedelta(days=7)


def qingming(year: int) -> dt.date:
    """Tomb-sweeping day (solar term), 4 or 5 April in 1900-2099."""
    y = year % 100
    day = int(y * 0.2422 + 4.81) - y // 4 if year >= 2000 else int(y * 0.2422 + 5.59) - y // 4
    return dt.date(year, 4, day)


@lru_cache(maxsize=512)
def festival_dates(year: int) -> dict[str, dt.date]:
    """Every festival of FESTIVALS in `year`, by id."""
    dates = {
        "new_year": dt.date(year, 1, 1),
        "womens_day": dt.date(year, 3, 8),
        "mothers_day": mothers_day(year),
        "childrens_day": dt.date(year, 6, 1),
        "national_day": dt.date(year, 10, 1),
    }
    for fid, (month, day) in LUNAR.items():
        dates[fid] = _lunar(year, month, day)
    return {fid: dates[fid] for fid in FESTIVALS}


def festival_on(year: int, festival_id: str) -> dt.date:
    """The date of one festival; KeyError names an unknown id."""
    if festival_id not in FESTIVALS:
        raise KeyError(f"unknown festival {festival_id!r}")
    return festival_dates(year)[festival_id]


def birthday_in(year: int, born: dt.date) -> dt.date:
    """A birthday in `year`; 29 February falls on 28 February in common years."""
    try:
        return born.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


@lru_cache(maxsize=512)
def holidays(year: int) -> frozenset[dt.date]:
    """Public rest days (approximate statutory calendar): calls on these go to the afternoon."""
    days: set[dt.date] = {dt.date(year, 1, 1), qingming(year)}
    spring = festival_on(year, "spring_festival")
    days.update(spring + dt.timedelta(days=k) for k in range(-1, 7))
    days.update(dt.date(year, 5, d) for d in range(1, 6))
    days.update({festival_on(year, "dragon_boat"), festival_on(year, "mid_autumn")})
    days.update(dt.date(year, 10, d) for d in range(1, 8))
    return frozenset(days)


def is_rest_day(day: dt.date) -> bool:
    """Weekend or public holiday."""
    return day.weekday() >= 5 or day in holidays(day.year)
