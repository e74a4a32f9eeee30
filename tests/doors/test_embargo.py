"""Nothing unpublished passes any of the doors: feeds, sitemaps, the news sitemap.

A draft, a scheduled edition whose time has not come and a withdrawn edition
each carry a headline of their own; none of it, nor any of their URLs, may
appear in any feed or sitemap. Once the scheduled time has passed, that
edition appears everywhere at once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.editions import publishing
from tests.doors.helpers import load, text, today

pytestmark = pytest.mark.django_db

HIDDEN = {"draft": "草稿里的头条", "scheduled": "定时发布的头条", "withdrawn": "已撤回的头条"}


@pytest.fixture
def embargo(tmp_path) -> dict:
    """晨报 yesterday (public), today (draft), tomorrow (scheduled); 晚报 today (withdrawn)."""
    day = today()
    load(tmp_path, date=str(day - dt.timedelta(days=1)), headline="公开的头条")
    load(tmp_path, date=str(day), headline=HIDDEN["draft"], publish=False)
    scheduled = load(
        tmp_path, date=str(day + dt.timedelta(days=1)), headline=HIDDEN["scheduled"], publish=False
    )
    publishing.schedule(scheduled, timezone.now() + dt.timedelta(hours=1))
    wanbao = {"slug": "wanbao", "name": "晚报"}
    load(tmp_path, date=str(day - dt.timedelta(days=1)), **wanbao)
    withdrawn = load(tmp_path, date=str(day), headline=HIDDEN["withdrawn"], **wanbao)
    publishing.withdraw(withdrawn)
    return {"scheduled": scheduled, "day": day}


def doors(client) -> list[str]:
    """Every feed and sitemap URL, the sitemaps as the index lists them."""
    urls = [f"/{paper}/{feed}" for paper in ("chenbao", "wanbao") for feed in FEEDS]
    index = text(client, "/sitemap.xml")
    listed = [part.split("</loc>")[0] for part in index.split("<loc>")[1:]]
    sitemaps = [url.removeprefix("http://testserver") for url in listed]
    return urls + ["/sitemap.xml", "/robots.txt", *sitemaps]


FEEDS = ("feed.rss", "feed.atom", "editions.rss", "editions.atom")


def hidden_urls(day: dt.date) -> list[str]:
    """Where the hidden editions' pages and articles would be."""
    return [f"/chenbao/{day}/", f"/chenbao/{day + dt.timedelta(days=1)}/", f"/wanbao/{day}/"]


def test_no_unpublished_edition_passes_any_door(client, embargo):
    checked = doors(client)
    assert "/sitemap-news.xml" in checked and len(checked) >= 8 + 2 + 5
    for url in checked:
        body = text(client, url)
        for headline in HIDDEN.values():
            assert headline not in body, (url, headline)
        for hidden in hidden_urls(embargo["day"]):
            assert hidden not in body, (url, hidden)
    assert "公开的头条" in text(client, "/chenbao/feed.rss")
    assert "公开的头条" in text(client, "/sitemap-news.xml")


def test_a_scheduled_edition_appears_once_its_time_has_passed(client, embargo):
    scheduled = embargo["scheduled"]
    publishing.schedule(scheduled, timezone.now() - dt.timedelta(minutes=1))
    tomorrow = embargo["day"] + dt.timedelta(days=1)
    assert HIDDEN["scheduled"] in text(client, "/chenbao/feed.rss")
    assert f"/chenbao/{tomorrow}/" in text(client, "/chenbao/editions.atom")
    assert HIDDEN["scheduled"] in text(client, "/sitemap-news.xml")
    assert f"/chenbao/{tomorrow}/" in text(client, f"/sitemap-chenbao-{tomorrow.year}.xml")
    assert HIDDEN["draft"] not in text(client, "/chenbao/feed.rss")
