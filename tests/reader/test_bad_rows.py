"""Defence in depth: a row that no door should have let in never takes unrelated pages down.

Ingest and the admin refuse these values (``editions.validate``); here they are
written straight into the database, as an old database, a hand-made SQL fix
or a future bug might, and the reader must still answer its healthy pages.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from broadsheet.editions.models import Article, Edition, Newspaper, Page, Publisher
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db

HEALTHY = [
    "/",
    "/chenbao/",
    "/chenbao/2024-03-01/",
    "/chenbao/2024-03-01/01/",
    "/chenbao/2024-03-01/01.json",
    "/chenbao/2024-03-01/01/1/",
    "/chenbao/2024-03-01/01/1.json",
    "/chenbao/archive/2024-03/",
    "/chenbao/archive/2024-03.json",
    "/chenbao/2024-03-01.json",
    "/api/v1/newspapers",
    "/api/v1/newspapers/chenbao",
    "/api/v1/newspapers/chenbao/editions",
    "/api/v1/newspapers/chenbao/calendar/2024",
    "/api/v1/newspapers/chenbao/calendar/2024/3",
    "/api/v1/newspapers/chenbao/editions/2024-03-01/pages/01/articles/1",
]


@pytest.fixture(autouse=True)
def healthy(tmp_path):
    load_edition(read_bundle(write_bundle(tmp_path)), publish=True)


def public_edition(paper: Newspaper, date: dt.date) -> Edition:
    return Edition.objects.create(
        newspaper=paper, date=date, status=Edition.Status.PUBLISHED, publish_at=timezone.now()
    )


def page_with_article(edition: Edition, label: str, order: int = 1) -> Page:
    page = Page.objects.create(edition=edition, label=label, order=9)
    Article.objects.create(page=page, order=order, headline="坏数据", body=[], lead="坏数据")
    return page


def bad_newspaper(slug: str) -> Newspaper:
    publisher = Publisher.objects.create(name=f"出版者 {slug}")
    paper = Newspaper.objects.create(slug=slug, name=f"坏报 {slug}", publisher=publisher)
    page_with_article(public_edition(paper, dt.date(2024, 3, 1)), "01")
    return paper


def assert_healthy(client) -> None:
    for url in HEALTHY:
        assert client.get(url).status_code == 200, url
    assert client.get("/nowhere/").status_code == 404
    assert client.get("/chenbao/2024-03-01/99/").status_code == 404


@pytest.mark.parametrize("slug", ["Bad_Slug", "a b", "admin", "第一报"])
def test_a_newspaper_with_an_unroutable_slug(client, slug):
    paper = bad_newspaper(slug)
    paper.is_default = True
    paper.save()
    assert_healthy(client)


@pytest.mark.parametrize("label", ["第1版", "01.json", "<x>", "01/02", "-1"])
def test_a_page_with_an_unroutable_label(client, label):
    edition = Edition.objects.get()
    page_with_article(edition, label)
    assert_healthy(client)


def test_an_edition_at_the_end_of_the_calendar(client):
    for date in (dt.date(9999, 12, 31), dt.date(1, 1, 1)):
        page_with_article(public_edition(Newspaper.objects.get(), date), "01")
    assert_healthy(client)
    assert client.get("/chenbao/9999-12-31/").status_code == 404


def test_a_newspaper_whose_only_edition_is_beyond_the_calendar(client):
    paper = bad_newspaper("yuanbao")
    paper.editions.update(date=dt.date(9999, 12, 31))
    assert_healthy(client)


def test_an_article_order_beyond_the_url(client):
    page = Page.objects.get(label="01")
    Article.objects.create(page=page, order=10**7, headline="太远", body=[], lead="太远")
    assert_healthy(client)


@pytest.mark.parametrize("label", ["第1版", "01/02"])
@pytest.mark.parametrize("url", ["/search/?q=坏数据", "/api/v1/search?q=坏数据"])
def test_search_hits_on_an_unroutable_row_take_no_door_down(client, label, url):
    page_with_article(Edition.objects.get(), label)
    bad_newspaper("Bad_Slug")
    call_command("reindex", stdout=io.StringIO())
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert client.get("/search/?q=晨报").status_code == 200
