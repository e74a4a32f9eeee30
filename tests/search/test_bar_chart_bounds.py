"""The year chart draws at most ``MAX_BARS`` bars (issue 10, finding 12).

Hits in years 1 and 9999 drew 9,999 bars, a 2 MB page.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from broadsheet.search import service
from broadsheet.search.backends.base import BackendResult
from broadsheet.search.params import SearchParams

from .records import load

pytestmark = pytest.mark.django_db


def years_chart(by_year: dict[int, int]) -> list[dict]:
    result = BackendResult(total=sum(by_year.values()), hits=[], by_year=by_year)
    return service._histogram(result, SearchParams(q="x"))


def test_years_one_and_9999_draw_a_bounded_chart():
    bars = years_chart({1: 3, 9999: 4})
    assert len(bars) <= service.MAX_BARS
    assert (bars[0]["label"], bars[0]["count"], bars[0]["from"]) == ("1–199", 3, dt.date(1, 1, 1))
    assert (bars[-1]["label"], bars[-1]["count"]) == ("9800–9999", 4)
    assert bars[-1]["to"] == dt.date(9999, 12, 31)
    assert sum(b["count"] for b in bars) == 7


def test_every_span_of_years_is_bounded_and_counts_every_hit():
    for low, high in [(1, 60), (1, 61), (1900, 2024), (1000, 9999), (1, 9999), (2000, 2059)]:
        bars = years_chart({low: 1, (low + high) // 2: 2, high: 3})
        assert 0 < len(bars) <= service.MAX_BARS, (low, high)
        assert sum(b["count"] for b in bars) == 6
        assert bars[0]["from"] <= dt.date(low, 1, 1) and bars[-1]["to"] >= dt.date(high, 12, 31)
        starts = [b["from"] for b in bars]
        assert starts == sorted(starts) and all(
            a["to"] + dt.timedelta(days=1) == b["from"] for a, b in itertools.pairwise(bars)
        )  # the bars tile the years: every bar is a filter of its own span


def test_up_to_sixty_years_keep_one_bar_per_year():
    assert len(years_chart({1990: 1, 2049: 1})) == 60


def test_the_search_page_bounds_the_chart(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", dt.date(1900, 5, 1), [("01", "百年", ["香港"])])
        load("rmrb", dt.date(2024, 5, 1), [("01", "今日", ["香港"])])
    body = client.get("/search/", {"q": "香港"}).content.decode()
    assert body.count('class="bar-label"') <= service.MAX_BARS
    assert "1900–1904" in body and "from=1900-01-01&amp;to=1904-12-31" in body
