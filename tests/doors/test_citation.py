"""Citation (Highwire ``citation_*``, read by Zotero) and sharing (Open Graph) metadata."""

from __future__ import annotations

import json

import lxml.html
import pytest

from broadsheet.doors.citation import apa, byline_authors, gbt7714
from tests.doors.helpers import HOSTILE, load, text

pytestmark = pytest.mark.django_db
ARTICLE = "/chenbao/2024-03-01/01/1/"


def head_meta(client, url: str) -> dict[str, list[str]]:
    """Every ``<meta name|property=… content=…>`` of the page's head, as a browser parses it."""
    doc = lxml.html.fromstring(text(client, url))
    out: dict[str, list[str]] = {}
    for meta in doc.head.iter("meta"):
        key = meta.get("name") or meta.get("property")
        if key and meta.get("content") is not None:
            out.setdefault(key, []).append(meta.get("content"))
    return out


def link_href(client, url: str, rel: str) -> list[str]:
    doc = lxml.html.fromstring(text(client, url))
    return [link.get("href") for link in doc.head.iter("link") if link.get("rel") == rel]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("本报记者 林晓雯 通讯员 郑晨", ["林晓雯", "郑晨"]),
        ("晚报记者 方晴", ["方晴"]),
        ("文／林溪", ["林溪"]),
        ("（新华社记者兰红光摄）", ["兰红光"]),
        ("本报记者 王宝湖、李明", ["王宝湖", "李明"]),
        ("张三 摄", ["张三"]),
        ("新华社", ["新华社"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("", []),
        ("记者", []),
    ],
)
def test_byline_authors(byline, authors):
    assert byline_authors(byline) == authors


def test_zotero_reads_a_newspaper_article(client, tmp_path):
    load(tmp_path, byline="本报记者 林晓雯 通讯员 郑晨")
    meta = head_meta(client, ARTICLE)
    assert meta["citation_title"] == ["第01版头条：田间地头忙春耕"]
    assert meta["citation_author"] == ["林晓雯", "郑晨"]
    assert meta["citation_date"] == meta["citation_publication_date"] == ["2024/03/01"]
    assert meta["citation_journal_title"] == ["晨报"]
    assert meta["citation_firstpage"] == ["01"]
    assert meta["citation_language"] == ["zh-cn"]
    assert meta["DC.type"] == ["NewsItem"]  # Zotero: newspaperArticle, not journalArticle
    assert meta["citation_public_url"] == [f"http://testserver{ARTICLE}"]
    pdf = meta["citation_pdf_url"][0]
    assert pdf.startswith("http://testserver/media/pages/") and pdf.endswith(".pdf")
    response = client.get(pdf.removeprefix("http://testserver"))
    response.close()
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_open_graph(client, tmp_path):
    load(tmp_path)
    meta = head_meta(client, ARTICLE)
    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == ["第01版头条：田间地头忙春耕"]
    assert meta["og:url"] == [f"http://testserver{ARTICLE}"]
    assert meta["og:site_name"] == ["晨报"] and meta["og:locale"] == ["zh_CN"]
    assert meta["og:description"][0].startswith("本报讯")  # the 摘要
    assert meta["article:published_time"] == ["2024-03-01"]
    assert meta["article:section"] == ["要闻"]
    page_image = meta["og:image"][0]  # no picture in the article: the page image
    assert page_image.startswith("http://testserver/media/pages/") and page_image.endswith(".png")
    photo = head_meta(client, "/chenbao/2024-03-01/01/3/")["og:image"][0]
    assert photo.startswith("http://testserver/media/images/")  # the article's own picture


def test_canonical_link_is_absolute(client, tmp_path):
    load(tmp_path)
    assert link_href(client, ARTICLE, "canonical") == [f"http://testserver{ARTICLE}"]
    canonical = link_href(client, "/chenbao/2024-03-01/", "canonical")
    assert canonical == ["http://testserver/chenbao/2024-03-01/01/"]


def test_hostile_text_stays_inside_the_attribute(client, tmp_path):
    load(tmp_path, headline=HOSTILE, byline=HOSTILE, paragraph=HOSTILE)
    body = text(client, ARTICLE)
    assert "<script>alert" not in body and "<img src=x" not in body
    meta = head_meta(client, ARTICLE)
    assert meta["citation_title"] == [HOSTILE] and meta["og:title"] == [HOSTILE]


def test_no_citation_tags_outside_article_pages(client, tmp_path):
    load(tmp_path)
    for url in ["/chenbao/2024-03-01/01/", "/chenbao/archive/2024-03/", "/search/?q=春耕"]:
        assert not any(k.startswith(("citation_", "og:")) for k in head_meta(client, url)), url


def test_search_pages_are_noindex_and_reader_pages_are_not(client, tmp_path):
    load(tmp_path)
    for url in ["/search/", "/search/?q=春耕", "/search/?q=春耕&paper=chenbao&range=30d"]:
        assert head_meta(client, url)["robots"] == ["noindex"], url
    for url in ["/", ARTICLE, "/chenbao/archive/2024-03/"]:
        assert "robots" not in head_meta(client, url), url


def test_every_newspaper_has_a_plain_link_on_every_page(client, tmp_path):
    load(tmp_path)
    load(tmp_path, slug="wanbao", name="晚报", date="2024-02-20")
    for url in ["/", ARTICLE, "/search/?q=春耕", "/nope/"]:
        response = client.get(url)
        doc = lxml.html.fromstring(response.content.decode())
        links = {a.get("href"): a.text_content() for a in doc.iter("a")}
        assert links.get("/chenbao/") == "晨报" and links.get("/wanbao/") == "晚报", url
    assert client.get("/wanbao/").status_code == 200


def json_ld(client, url: str) -> list[dict]:
    """Every JSON-LD data block of the page, as a search engine reads them."""
    doc = lxml.html.fromstring(text(client, url))
    return [
        json.loads(s.text) for s in doc.iter("script") if s.get("type") == "application/ld+json"
    ]


def test_search_engines_read_a_news_article(client, tmp_path):
    load(tmp_path, byline="本报记者 林晓雯 通讯员 郑晨")
    [data] = json_ld(client, ARTICLE)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "第01版头条：田间地头忙春耕"
    assert data["datePublished"] == "2024-03-01" and data["inLanguage"] == "zh-cn"
    assert data["author"] == [
        {"@type": "Person", "name": "林晓雯"},
        {"@type": "Person", "name": "郑晨"},
    ]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["datePublished"] == "2024-03-01"
    assert issue["url"] == "http://testserver/chenbao/2024-03-01/"
    assert issue["isPartOf"] == {"@type": "Periodical", "name": "晨报"}
    assert data["pageStart"] == "01" and data["url"] == f"http://testserver{ARTICLE}"
    assert data["image"][0].startswith("http://testserver/media/pages/")
    assert json_ld(client, "/chenbao/2024-03-01/01/") == []  # article pages only


def test_a_hostile_headline_cannot_end_the_json_ld_block(client, tmp_path):
    load(tmp_path, headline=HOSTILE, byline=HOSTILE)
    body = text(client, ARTICLE)
    block = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block  # escaped as \\u003C / \\u003E
    [data] = json_ld(client, ARTICLE)
    assert data["headline"] == HOSTILE  # and read back as written


def test_the_reference_in_gb_t_7714_and_apa_with_copy_buttons(client, tmp_path):
    load(tmp_path, byline="本报记者 林晓雯 通讯员 郑晨")
    doc = lxml.html.fromstring(text(client, ARTICLE))
    [block] = doc.find_class("cite")
    styles = [dt.text_content() for dt in block.iter("dt")]
    refs = [span.text_content() for span in block.find_class("cite-text")]
    url = f"http://testserver{ARTICLE}"
    assert styles == ["GB/T 7714", "APA"]
    assert refs == [
        f"林晓雯, 郑晨. 第01版头条：田间地头忙春耕[N]. 晨报, 2024-03-01(01). {url}",
        f"林晓雯, 郑晨. (2024, March 1). 第01版头条：田间地头忙春耕. 晨报, p. 01. {url}",
    ]
    buttons = [b.get("data-copy") for b in block.find_class("cite-copy")]
    assert buttons == refs


def test_a_reference_without_a_byline_starts_with_the_title():
    article = {
        "headline": "标题",
        "title": "标题",
        "byline": "",
        "edition": {"date": "2021-06-01", "newspaper": {"name": "安徽工人日报"}},
        "page": {"label": "01"},
    }
    assert gbt7714(article, "https://x/a/") == "标题[N]. 安徽工人日报, 2021-06-01(01). https://x/a/"
    assert apa(article, "https://x/a/") == "标题. (2021, June 1). 安徽工人日报, p. 01. https://x/a/"
