"""Festival dates for several years, lunar ones included."""
from __future__ import annotations

import pytest

from seeds.festivals import festival_dates, holidays, is_rest_day, mothers_day
from tests.playbooks.helpers import D


@pytest.mark.parametrize("year,spring,lantern,dragon,mid_autumn", [
    (2025, D(2025, 1, 29), D(2025, 2, 12), D(2025, 5, 31), D(2025, 10, 6)),
    (2026, D(2026, 2, 17), D(2026, 3, 3), D(2026, 6, 19), D(2026, 9, 25)),
    (2027, D(2027, 2, 6), D(2027, 2, 20), D(2027, 6, 9), D(2027, 9, 15)),
    (2028, D(2028, 1, 26), D(2028, 2, 9), D(2028, 5, 28), D(2028, 10, 3)),
])
def test_lunar_festivals(year, spring, lantern, dragon, mid_autumn):
    dates = festival_dates(year)
    assert (dates["spring_festival"], dates["lantern"], dates["dragon_boat"], dates["mid_autumn"]) == (
        spring, lantern, dragon, mid_autumn)


def test_solar_festivals_and_mothers_day():
    dates = festival_dates(2026)
    assert dates["womens_day"] == D(2026, 3, 8) and dates["childrens_day"] == D(2026, 6, 1)
    assert dates["new_year"] == D(2026, 1, 1)
    assert [mothers_day(y) for y in (2025, 2026, 2027)] == [D(2025, 5, 11), D(2026, 5, 10), D(2027, 5, 9)]


def test_rest_days_are_weekends_and_public_holidays():
    assert is_rest_day(D(2026, 11, 28)) and not is_rest_day(D(2026, 11, 26))
    assert D(2026, 10, 7) in holidays(2026) and D(2026, 2, 16) in holidays(2026)  # New Year's Eve
    assert D(2026, 4, 5) in holidays(2026)  # Qingming
