"""RSS 2.0 and Atom feeds, read with the standard XML parser and with feedparser."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest

from tests.doors.helpers import HOSTILE, NS, load, text, xml

pytestmark = pytest.mark.django_db


def test_rss_carries_the_newest_editions_articles_with_full_text(client, two_editions):
    channel = xml(client, "/chenbao/feed.rss").find("channel")
    assert channel.findtext("title") == "晨报"
    assert channel.findtext("link") == "http://testserver/chenbao/"
    assert channel.findtext("language") == "zh-cn"
    items = channel.findall("item")
    assert len(items) == 12  # two editions × two pages × three articles; 晚报 is not here
    first = items[0]
    assert first.findtext("title") == "第01版头条：田间地头忙春耕"
    assert first.findtext("link") == "http://testserver/chenbao/2024-03-02/01/1/"
    guid = first.find("guid")
    assert guid.text == first.findtext("link") and guid.get("isPermaLink") == "true"
    assert first.findtext("pubDate") == "Sat, 02 Mar 2024 00:00:00 +0800"
    assert first.findtext("dc:creator", namespaces=NS) == "记者 李明"
    assert first.findtext("category") == "第01版：要闻"
    content = first.findtext("content:encoded", namespaces=NS)
    assert "<h3>科技助力 农机先行</h3>" in content and "（记者 李明）" in content
    assert 'href="http://testserver/chenbao/2024-03-02/01/"' in content
    assert [i.findtext("link")[-16:] for i in items[:3]] == [
        "2024-03-02/01/1/",
        "2024-03-02/01/2/",
        "2024-03-02/01/3/",
    ]


def test_the_page_image_is_the_enclosure_and_it_is_served(client, two_editions):
    item = xml(client, "/chenbao/feed.rss").find("channel/item")
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/png" and int(enclosure.get("length")) > 0
    path = enclosure.get("url").removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 200
    assert int(enclosure.get("length")) == len(b"".join(response.streaming_content))


def test_pictures_in_the_full_text_are_absolute_urls(client, two_editions):
    items = xml(client, "/chenbao/feed.rss").findall("channel/item")
    photo = next(i for i in items if i.findtext("link").endswith("/01/3/"))
    content = photo.findtext("content:encoded", namespaces=NS)
    assert '<img src="http://testserver/media/images/' in content
    assert "<figcaption>晨光中的老街</figcaption>" in content


def test_feedparser_reads_rss_and_atom_alike(client, two_editions):
    for url in ["/chenbao/feed.rss", "/chenbao/feed.atom"]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert feed.feed.title == "晨报"
        entry = feed.entries[0]
        assert entry.title == "第01版头条：田间地头忙春耕"
        assert entry.link == entry.id == "http://testserver/chenbao/2024-03-02/01/1/"
        assert entry.published_parsed[:6] == (2024, 3, 1, 16, 0, 0)  # 00:00 in Shanghai
        assert entry.author == "记者 李明"
        assert "科技助力 农机先行" in entry.content[0].value
        assert entry.enclosures[0].type == "image/png"


def test_atom_entries(client, two_editions):
    feed = xml(client, "/chenbao/feed.atom")
    entry = feed.find("atom:entry", NS)
    assert entry.findtext("atom:published", namespaces=NS) == "2024-03-02T00:00:00+08:00"
    assert entry.findtext("atom:id", namespaces=NS) == "http://testserver/chenbao/2024-03-02/01/1/"
    assert entry.find("atom:content", NS).get("type") == "html"
    assert entry.find("atom:link[@rel='enclosure']", NS).get("type") == "image/png"
    assert feed.find("atom:link[@rel='self']", NS).get("href").endswith("/chenbao/feed.atom")


def test_a_hostile_headline_arrives_as_text(client, tmp_path):
    load(tmp_path, headline=HOSTILE, byline=HOSTILE, paragraph=HOSTILE)
    for url in ["/chenbao/feed.rss", "/chenbao/feed.atom"]:
        raw = text(client, url)
        assert "<script" not in raw and "<img src=x" not in raw
        feed = xml(client, url)
        title = feed.find(".//item/title") if url.endswith("rss") else None
        if title is None:
            title = feed.find("atom:entry/atom:title", NS)
        assert title.text == HOSTILE  # XML text: the parser gives back the characters
        html = (
            feed.findtext(".//item/content:encoded", namespaces=NS)
            or feed.find("atom:entry/atom:content", NS).text
        )
        assert "<script" not in html and "&lt;script&gt;" in html
        parsed = feedparser.parse(raw)
        assert not parsed.bozo
        assert "<script" not in parsed.entries[0].content[0].value


def test_edition_feed_has_one_item_per_edition_linking_its_first_page(client, two_editions):
    for url in ["/chenbao/editions.rss", "/chenbao/editions.atom"]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        titles = [e.title for e in feed.entries]
        assert titles == ["晨报 2024年3月2日 第101期", "晨报 2024年3月1日 第100期"]
        assert [e.link for e in feed.entries] == [
            "http://testserver/chenbao/2024-03-02/01/",
            "http://testserver/chenbao/2024-03-01/01/",
        ]
        assert feed.entries[0].id == "http://testserver/chenbao/2024-03-02/"
        assert "第02版：综合" in feed.entries[0].content[0].value
        assert feed.entries[0].enclosures[0].type == "image/png"


def test_the_article_feed_keeps_to_the_newest_editions(client, tmp_path):
    for day in range(1, 6):
        load(tmp_path, date=f"2024-03-0{day}", labels=("01",))
    items = xml(client, "/chenbao/feed.rss").iter("item")
    dates = {i.findtext("link").split("/")[4] for i in items}
    assert dates == {"2024-03-05", "2024-03-04", "2024-03-03"}


def test_feeds_of_unknown_or_unpublished_papers_are_404(client, tmp_path):
    load(tmp_path, slug="secret", name="秘密新报", publish=False)
    for url in ["/secret/feed.rss", "/secret/editions.atom", "/nope/feed.rss"]:
        assert client.get(url).status_code == 404


def test_every_page_announces_its_newspapers_feeds(client, two_editions):
    body = text(client, "/chenbao/2024-03-01/01/")
    assert '<link rel="alternate" type="application/rss+xml" href="/chenbao/feed.rss"' in body
    assert '<link rel="alternate" type="application/atom+xml" href="/chenbao/feed.atom"' in body
    assert 'href="/chenbao/editions.rss"' in body


def test_dates_follow_the_site_time_zone(client, two_editions, settings):
    settings.TIME_ZONE = "UTC"
    entry = feedparser.parse(client.get("/chenbao/feed.rss").content).entries[0]
    published = dt.datetime(*entry.published_parsed[:6])
    assert published == dt.datetime(2024, 3, 2, 0, 0)
