"""Every reader URL, the frame around it, and the one visibility rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.editions.models import Article, Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import read_manifest, write_bundle, write_manifest

pytestmark = pytest.mark.django_db


def load(tmp_path, publish=True, **kw) -> Edition:
    return load_edition(read_bundle(write_bundle(tmp_path, **kw)), publish=publish).edition


@pytest.fixture
def site(tmp_path):
    """Two papers; 晨报 on two dates (the second a draft), 晚报 on one."""
    load(tmp_path, date="2024-03-01")
    load(tmp_path, date="2024-03-02", issue_number=101)
    load(tmp_path, date="2024-03-03", issue_number=102, publish=False)
    load(tmp_path, slug="wanbao", name="晚报", date="2024-02-20")
    return tmp_path


def html(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_is_newest_published_edition_of_default_paper(client, site):
    body = html(client, "/")
    assert "第01版" in body and "2024年3月2日" in body
    assert "测试报业集团" in body and "版权所有 © 2024 测试报业集团" in body
    assert "技术支持：Broadsheet" in body
    assert "第101期" in body
    assert 'href="/chenbao/2024-03-02/01/1/"' in body


def test_paper_and_edition_urls(client, site):
    assert "第101期" in html(client, "/chenbao/")
    assert "2024年2月20日" in html(client, "/wanbao/")
    body = html(client, "/chenbao/2024-03-01/")
    assert "第100期" in body and "版面导航" in body


def test_page_view_has_hotspots_title_nav_and_pdf(client, site):
    body = html(client, "/chenbao/2024-03-01/02/")
    assert "<svg" in body and 'points="0.05000,0.20000 0.95000,0.20000' in body
    assert 'href="/chenbao/2024-03-01/02/2/"' in body
    assert "标题导航" in body and "摘要" in body
    assert "第02版头条：田间地头忙春耕" in body
    assert ".pdf" in body and "PDF下载" in body
    assert '<img src="/media/thumbs/' in body  # 版面导航 uses small images
    assert 'rel="prev" href="/chenbao/2024-03-01/01/"' in body


def test_untitled_item_shows_only_its_lead(client, site):
    body = html(client, "/chenbao/2024-03-01/01/")
    item = body.split('<li data-article="2"', 1)[1].split("</li>", 1)[0]
    assert "title-headline" not in item
    assert "◆市图书馆本周末延长开放时间至晚九点。" in item


def test_untitled_article_invents_no_headline(client, site):
    """As on the seed's pages, an untitled item is not headed 无标题稿件: its 摘要 names it."""
    body = html(client, "/chenbao/2024-03-01/01/2/")
    header = body.split('<header class="article-header">', 1)[1].split("</header>", 1)[0]
    assert "无标题稿件" not in body
    assert '<h1 id="article-title" class="visually-hidden">◆市图书馆本周末延长开放时间' in header
    assert "<title>◆市图书馆本周末延长开放时间" in body


def test_article_view(client, site):
    body = html(client, "/chenbao/2024-03-01/01/1/")
    for text in [
        "引题：春耕时节",
        "第01版头条：田间地头忙春耕",
        "各地抢抓农时",
        "期次",
        "第100期",
        "科技助力 农机先行",
        "（记者 李明）",
        "放大",
        "缩小",
        "默认",
        "返回版面",
        'rel="next" href="/chenbao/2024-03-01/01/2/"',
    ]:
        assert text in body, text
    assert '<h2 class="subheading">' in body
    photo = html(client, "/chenbao/2024-03-01/01/3/")
    assert "<figcaption>晨光中的老街</figcaption>" in photo and '<img src="/media/images/' in photo


def test_json_twins_share_the_serialisation(client, site):
    page = client.get("/chenbao/2024-03-01/01.json").json()
    assert page["ok"] is True
    assert [a["order"] for a in page["data"]["articles"]] == [1, 2, 3]
    assert page["data"]["edition"]["issue_number"] == 100
    article = client.get("/chenbao/2024-03-01/01/1.json").json()["data"]
    assert article["headline"] == "第01版头条：田间地头忙春耕"
    assert article["body"][1] == {"type": "subheading", "text": "科技助力 农机先行"}
    assert article["next"]["url"] == "/chenbao/2024-03-01/01/2/"


def test_month_calendar(client, site):
    load(site, date="2023-01-15", issue_number=1)  # the archive now spans 2023-01 … 2024-03
    body = html(client, "/chenbao/archive/2024-03/")
    assert 'href="/chenbao/2024-03-01/"' in body and 'href="/chenbao/2024-03-02/"' in body
    assert 'href="/chenbao/2024-03-03/"' not in body  # draft
    assert 'href="/chenbao/archive/2024-02/"' in body and 'href="/chenbao/archive/2023-03/"' in body
    assert "/chenbao/archive/2024-04/" not in body  # past the last edition
    assert "本月没有已出版的报纸" in html(client, "/chenbao/archive/2023-03/")


def test_paper_switch_without_javascript(client, site):
    response = client.get("/switch/?paper=wanbao")
    assert response.status_code == 302 and response["Location"] == "/wanbao/"
    html(client, "/switch/?paper=nope", 404)


@pytest.mark.parametrize(
    "url",
    [
        "/nope/",
        "/chenbao/2024-03-05/",
        "/chenbao/2024-13-01/",
        "/chenbao/2024-03-01/09/",
        "/chenbao/2024-03-01/01/9/",
        "/chenbao/archive/2024-13/",
        "/chenbao/2024-03-03/",  # draft
        "/chenbao/2024-03-03/01/1/",
    ],
)
def test_missing_or_unpublished_is_404_in_the_frame(client, site, url):
    body = html(client, url, 404)
    assert "页面不存在" in body and "内容搜索" in body and "版权所有" in body


def test_scheduled_and_withdrawn_editions(client, site):
    draft = Edition.objects.get(date="2024-03-03")
    draft.status = Edition.Status.SCHEDULED
    draft.publish_at = timezone.now() + dt.timedelta(hours=1)
    draft.save()
    html(client, "/chenbao/2024-03-03/", 404)
    assert "第101期" in html(client, "/")
    draft.publish_at = timezone.now() - dt.timedelta(minutes=1)
    draft.save()
    assert "第102期" in html(client, "/")
    draft.status = Edition.Status.WITHDRAWN
    draft.save()
    html(client, "/chenbao/2024-03-03/", 404)
    assert "第101期" in html(client, "/")


def test_newspaper_without_public_editions_is_hidden(client, tmp_path):
    load(tmp_path, publish=False)
    body = html(client, "/")
    assert "暂无已出版的报纸" in body and "晨报" not in body
    html(client, "/chenbao/", 404)


def test_hostile_article_text_is_escaped(client, tmp_path):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    manifest["articles"][0]["headline"] = evil
    manifest["articles"][0]["body"][0]["text"] = evil
    manifest["articles"][0]["byline"] = evil
    write_manifest(folder, manifest)
    load_edition(read_bundle(folder), publish=True)
    for url in ["/chenbao/2024-03-01/01/", "/chenbao/2024-03-01/01/1/"]:
        body = html(client, url)
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert Article.objects.filter(headline=evil).exists()


def test_page_without_image_lists_its_articles(client, tmp_path):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    for page in manifest["pages"]:
        del page["image"]
    write_manifest(folder, manifest)
    load_edition(read_bundle(folder), publish=True)
    body = html(client, "/chenbao/2024-03-01/01/")
    assert "<svg" not in body and 'class="page-articles"' in body
    assert '<h2><a href="/chenbao/2024-03-01/01/1/">第01版头条：田间地头忙春耕</a></h2>' in body
    assert "本报讯连日来" in body


def test_month_view_of_an_unpublished_newspaper_is_404(client, tmp_path):
    load(tmp_path, slug="secret", name="秘密新报", publisher="秘密报社", publish=False)
    body = html(client, "/secret/archive/2024-03/", 404)
    assert "秘密新报" not in body and "秘密报社" not in body


@pytest.mark.parametrize(
    ("month", "status"), [("9998-12", 200), ("9999-12", 404), ("0001-01", 404)]
)
def test_calendar_edges(client, site, month, status):
    load(site, date="9998-12-01")  # the last month a calendar can show
    body = html(client, f"/chenbao/archive/{month}/", status)
    if status == 200:
        assert "archive/9999-" not in body  # no link past the last month that can be shown


def test_an_image_only_item_is_named_by_its_caption(client, tmp_path):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    manifest["articles"][2]["headline"] = ""  # the photo: no headline, no text
    write_manifest(folder, manifest)
    load_edition(read_bundle(folder), publish=True)
    page = html(client, "/chenbao/2024-03-01/01/")
    assert 'aria-label="晨光中的老街"' in page and "<title>晨光中的老街</title>" in page
    item = page.split('<li data-article="3"', 1)[1].split("</li>", 1)[0]
    assert "晨光中的老街" in item
    assert "<title>晨光中的老街 - 晨报 2024-03-01</title>" in html(
        client, "/chenbao/2024-03-01/01/3/"
    )


def test_a_captioned_figure_is_not_named_twice(client, tmp_path):
    """The <figcaption> names a figure: an alt repeating it (or none) is "", another alt stays."""
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    src = "images/photo.png"
    manifest["articles"][2]["body"] = [
        {"type": "image", "src": src, "caption": "晨光中的老街"},
        {"type": "image", "src": src, "caption": "雨后的小巷", "alt": " 雨后的小巷 "},
        {"type": "image", "src": src, "caption": "清晨集市", "alt": "摊贩在石板路两侧摆出蔬菜"},
        {"type": "image", "src": src, "alt": "河边垂柳"},
        {"type": "image", "src": src},
    ]
    write_manifest(folder, manifest)
    load_edition(read_bundle(folder), publish=True)
    body = html(client, "/chenbao/2024-03-01/01/3/")
    figures = body.split('<div class="article-body"', 1)[1].split("<figure>")[1:]
    alts = [figure.split(' alt="', 1)[1].split('"', 1)[0] for figure in figures]
    assert alts == ["", "", "摊贩在石板路两侧摆出蔬菜", "河边垂柳", ""]
    captions = [f.split("<figcaption>", 1)[1].split("<", 1)[0] for f in figures[:3]]
    assert captions == ["晨光中的老街", "雨后的小巷", "清晨集市"]
