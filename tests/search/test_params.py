"""``range=year`` and ``range=30d`` against a fixed today, at month and year boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.search.params import from_mapping

D = dt.date


def span(value: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    params = from_mapping({"q": "香港", "range": value}, today=today)
    assert params.range == value
    return params.date_from, params.date_to


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2024, 1, 1), (D(2024, 1, 1), D(2024, 1, 1))),  # New Year's Day: one day so far
        (D(2023, 12, 31), (D(2023, 1, 1), D(2023, 12, 31))),
        (D(2024, 2, 29), (D(2024, 1, 1), D(2024, 2, 29))),
    ],
)
def test_this_year_runs_from_january_first_to_today(today, expected):
    assert span("year", today) == expected


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (D(2024, 1, 15), D(2023, 12, 17)),  # back across the year boundary
        (D(2024, 1, 1), D(2023, 12, 3)),
        (D(2024, 3, 1), D(2024, 2, 1)),  # leap year: February has 29 days
        (D(2023, 3, 1), D(2023, 1, 31)),  # 28 days in February
        (D(2023, 12, 31), D(2023, 12, 2)),
        (D(2024, 5, 30), D(2024, 5, 1)),  # 30 days, today included, within one month
    ],
)
def test_last_30_days_are_30_days_with_today(today, first):
    assert span("30d", today) == (first, today)
    assert (today - first).days + 1 == 30


def test_other_day_counts_and_bad_ranges():
    assert span("1d", D(2024, 1, 1)) == (D(2024, 1, 1), D(2024, 1, 1))
    assert span("7d", D(2024, 3, 3)) == (D(2024, 2, 26), D(2024, 3, 3))
    for bad in ("0d", "d", "month", "-5d", "30"):
        assert span(bad, D(2024, 1, 1)) == (None, None)


def test_given_dates_win_over_a_range():
    params = from_mapping({"q": "x", "range": "year", "from": "2020-05-01"}, today=D(2024, 1, 1))
    assert (params.date_from, params.date_to) == (D(2020, 5, 1), None)


@pytest.mark.parametrize(
    ("utc", "year", "days30"),
    [
        # 2024-01-01 00:30 in Shanghai is still 2023 in UTC: the newspapers' day counts
        (dt.datetime(2023, 12, 31, 16, 30), (D(2024, 1, 1), D(2024, 1, 1)), D(2023, 12, 3)),
        (dt.datetime(2023, 12, 31, 15, 30), (D(2023, 1, 1), D(2023, 12, 31)), D(2023, 12, 2)),
        # 2024-03-01 07:00 in Shanghai
        (dt.datetime(2024, 2, 29, 23, 0), (D(2024, 1, 1), D(2024, 3, 1)), D(2024, 2, 1)),
    ],
)
def test_today_is_the_newspapers_date_at_a_fixed_now(monkeypatch, settings, utc, year, days30):
    settings.TIME_ZONE = "Asia/Shanghai"
    monkeypatch.setattr(timezone, "now", lambda: utc.replace(tzinfo=dt.UTC))
    params = from_mapping({"q": "香港", "range": "year"})
    assert (params.date_from, params.date_to) == year
    params = from_mapping({"q": "香港", "range": "30d"})
    assert (params.date_from, params.date_to) == (days30, year[1])
