"""sitemap.xml (an index of per-newspaper, per-year sitemaps), the news sitemap, robots.txt."""

from __future__ import annotations

import datetime as dt

import pytest

from broadsheet.doors import sitemaps
from tests.doors.helpers import HOSTILE, NS, load, text, today, xml

pytestmark = pytest.mark.django_db


def locations(root) -> list[str]:
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def test_the_index_lists_one_sitemap_per_newspaper_and_year(client, tmp_path):
    load(tmp_path, date="2023-12-31")
    load(tmp_path, date="2024-03-01")
    load(tmp_path, slug="wanbao", name="晚报", date="2024-02-20")
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    listed = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert listed == [
        f"http://testserver/sitemap-{name}.xml"
        for name in [
            "chenbao-2023",
            "chenbao-2023-pages",
            "chenbao-2024",
            "chenbao-2024-pages",
            "wanbao-2024",
            "wanbao-2024-pages",
            "news",
        ]
    ]
    sitemaps = index.findall("sm:sitemap", NS)
    assert all(s.findtext("sm:lastmod", namespaces=NS) for s in sitemaps[:6])


def test_a_year_sitemap_lists_that_years_articles_and_pages(client, tmp_path):
    load(tmp_path, date="2023-12-31")
    load(tmp_path, date="2024-03-01")
    articles = locations(xml(client, "/sitemap-chenbao-2024.xml"))
    assert len(articles) == 6 and articles[0] == "http://testserver/chenbao/2024-03-01/01/1/"
    assert all("/2024-03-01/" in url for url in articles)
    pages = locations(xml(client, "/sitemap-chenbao-2023-pages.xml"))
    assert pages == [
        "http://testserver/chenbao/2023-12-31/01/",
        "http://testserver/chenbao/2023-12-31/02/",
    ]
    for url in articles + pages:  # every URL listed answers
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
    assert client.get("/sitemap-chenbao-2022.xml").status_code == 404
    lastmods = xml(client, "/sitemap-chenbao-2024.xml").iterfind("sm:url/sm:lastmod", NS)
    assert {m.text for m in lastmods} == {today().isoformat()}  # loaded today, site time


def test_a_long_year_continues_on_further_pages(client, tmp_path, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)
    load(tmp_path, date="2024-03-01")
    index = xml(client, "/sitemap.xml")
    listed = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert listed[:2] == [
        "http://testserver/sitemap-chenbao-2024.xml",
        "http://testserver/sitemap-chenbao-2024.xml?p=2",
    ]
    first = locations(xml(client, "/sitemap-chenbao-2024.xml"))
    second = locations(xml(client, "/sitemap-chenbao-2024.xml?p=2"))
    assert len(first) == 4 and len(second) == 2 and not set(first) & set(second)
    assert client.get("/sitemap-chenbao-2024.xml?p=3").status_code == 404


def test_the_news_sitemap_has_the_last_two_days(client, tmp_path):
    day = today()
    load(tmp_path, date=(day - dt.timedelta(days=2)).isoformat(), headline="前天的头条")
    load(tmp_path, date=(day - dt.timedelta(days=1)).isoformat(), headline="昨天的头条")
    load(tmp_path, date=day.isoformat(), headline=HOSTILE, labels=("01",))
    root = xml(client, "/sitemap-news.xml")
    urls = root.findall("sm:url", NS)
    assert len(urls) == 3 + 6  # today's one page, yesterday's two
    first = urls[0]
    assert first.findtext("sm:loc", namespaces=NS).endswith(f"/chenbao/{day}/01/1/")
    news = first.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "晨报"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "zh-cn"
    assert news.findtext("news:publication_date", namespaces=NS) == f"{day}T00:00:00+08:00"
    assert news.findtext("news:title", namespaces=NS) == HOSTILE
    assert "<script" not in text(client, "/sitemap-news.xml")
    titles = [n.text for n in root.iterfind("sm:url/news:news/news:title", NS)]
    assert "昨天的头条" in titles and "前天的头条" not in titles


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_out_of_search(client, tmp_path):
    load(tmp_path)
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /search/?" in lines and "Disallow: /api/v1/search" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /" not in lines  # the editions stay open


def test_opensearch_description(client, tmp_path):
    load(tmp_path)
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = xml(client, "/opensearch.xml")
    assert root.tag == f"{{{NS['os']}}}OpenSearchDescription"
    short_name = root.findtext("os:ShortName", namespaces=NS)
    assert short_name == "测试报业集团" and len(short_name) <= 16
    assert root.findtext("os:InputEncoding", namespaces=NS) == "UTF-8"
    html = root.find("os:Url[@type='text/html']", NS).get("template")
    assert html == "http://testserver/search/?q={searchTerms}"
    page = client.get(html.removeprefix("http://testserver").replace("{searchTerms}", "春耕"))
    assert page.status_code == 200 and "内容搜索" in page.content.decode()
    assert root.find("os:Url[@rel='self']", NS).get("template").endswith("/opensearch.xml")


def test_every_page_links_the_opensearch_description(client, tmp_path):
    load(tmp_path)
    link = '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"'
    for url in ["/", "/chenbao/2024-03-01/01/1/", "/chenbao/archive/2024-03/", "/search/?q=春耕"]:
        assert link in text(client, url), url
    assert link in text(client, "/nope/", 404)


def test_an_empty_site_still_answers_every_door(client):
    assert (
        xml(client, "/sitemap.xml")
        .findtext("sm:sitemap/sm:loc", namespaces=NS)
        .endswith("/sitemap-news.xml")
    )
    assert locations(xml(client, "/sitemap-news.xml")) == []
    assert xml(client, "/opensearch.xml").findtext("os:ShortName", namespaces=NS) == "Broadsheet"
    assert "Sitemap: http://testserver/sitemap.xml" in text(client, "/robots.txt")
