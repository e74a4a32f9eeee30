"""Crawlable archive: months only within a paper's editions, 上一期 / 下一期 on every edition."""

from __future__ import annotations

import lxml.html
import pytest

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
from tests.doors.helpers import load, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path):
    """晨报 from 2023-11 to 2024-03 (nothing public in 2024-01), a draft in 2024-05."""
    load(tmp_path, date="2023-11-20")
    load(tmp_path, date="2024-03-02")
    load(tmp_path, date="2024-05-01", publish=False)
    load(tmp_path, slug="wanbao", name="晚报", date="2020-01-01")


@pytest.mark.parametrize("month", ["2023-11", "2023-12", "2024-01", "2024-03"])
def test_months_inside_the_archive_answer(client, archive, month):
    text(client, f"/chenbao/archive/{month}/")


@pytest.mark.parametrize(
    "month", ["1900-01", "2020-01", "2023-10", "2024-04", "2024-05", "2099-12", "9998-12"]
)
def test_months_outside_the_archive_are_404(client, archive, month):
    text(client, f"/chenbao/archive/{month}/", 404)


def test_the_calendar_links_only_months_of_the_archive(client, archive):
    def month_links(url):
        doc = lxml.html.fromstring(text(client, url))
        nav = doc.find_class("calendar-nav")[0]
        return [a.get("href") for a in nav.iter("a")]

    assert month_links("/chenbao/archive/2023-11/") == [
        "/chenbao/archive/2023-11/",  # the month itself
        "/chenbao/archive/2023-12/",
        "/chenbao/archive/2024-03/",  # a year on: as far as the archive goes
    ]
    assert month_links("/chenbao/2024-03-02/01/") == [
        "/chenbao/archive/2023-11/",  # a year back: the first month
        "/chenbao/archive/2024-02/",
        "/chenbao/archive/2024-03/",
    ]


def test_a_withdrawn_last_edition_shrinks_the_archive(client, archive):
    publishing.withdraw(Edition.objects.get(date="2024-03-02"))
    text(client, "/chenbao/archive/2024-03/", 404)
    text(client, "/chenbao/archive/2023-11/")


def pager(client, url: str) -> dict[str, str]:
    doc = lxml.html.fromstring(text(client, url))
    nav = doc.find_class("edition-pager")[0]
    return {a.text_content(): a.get("href") for a in nav.iter("a")}


def test_previous_and_next_edition_on_every_page(client, archive):
    assert pager(client, "/chenbao/2023-11-20/") == {"下一期": "/chenbao/2024-03-02/"}
    assert pager(client, "/chenbao/2024-03-02/02/") == {"上一期": "/chenbao/2023-11-20/"}
    data = client.get("/chenbao/2023-11-20/01.json").json()["data"]
    assert data["prev_edition"] is None
    assert data["next_edition"]["url"] == "/chenbao/2024-03-02/"


def test_the_next_edition_skips_unpublished_ones(client, tmp_path):
    load(tmp_path, date="2024-03-01")
    load(tmp_path, date="2024-03-02", publish=False)
    load(tmp_path, date="2024-03-03")
    assert pager(client, "/chenbao/2024-03-01/") == {"下一期": "/chenbao/2024-03-03/"}
