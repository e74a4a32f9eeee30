"""A saved vendor 数字报 site (``--format legacy-site``), built at test time around the real
版面 pages of ../shared/corpora/cn_epaper_html (their article pages, images and PDFs were
not saved, so the test writes its own, with text of its own)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest
from PIL import Image

from broadsheet.editions.models import Article, Edition, Page, Redirect
from broadsheet.ingest.formats import FORMATS, IngestOptions
from broadsheet.ingest.formats.legacy_site import area_points, read_article, read_site
from broadsheet.ingest.runner import run_ingest
from broadsheet.ingest.sources import Source
from tests.builders import page_pdf
from tests.conftest import corpus

pytestmark = pytest.mark.django_db

OPTIONS = IngestOptions(newspaper="kjrb", newspaper_name="科技日报")
KJRB_IDS = ["548643", "548646", "548655", "548659", "548662"]


def article_page(title: str, *, kicker="", subtitle="", author="", enp=True, extra="") -> str:
    """A Founder-style article page, as content_N.htm are saved (text written for the test)."""
    prop = (
        f"<!--enpproperty <date>2023-02-10 00:00:00:0</date><author>{author}</author>"
        f"<subtitle>{subtitle}</subtitle><introtitle>{kicker}</introtitle>"
        f"<paperarticleid>{zlib.crc32(title.encode())}</paperarticleid>"
        f"<title>{title}</title>/enpproperty-->"
        if enp
        else ""
    )
    return (
        "<html><head><meta charset='utf-8'><title>科技日报</title></head><body>"
        f'<div class="caption"><font id="intro-title">{kicker}</font>'
        f'<font id="main-title">{title}</font><font id="sub-title">{subtitle}</font>'
        f'<font id="author">{author or "2023年02月10日"}</font></div>'
        '<div class="content" id="content"><founder-content><!--enpcontent-->'
        "<p>　　本报讯　试验田里的春播机械已经就位。</p>"
        f"<p>　　技术人员逐台检查设备。{extra}</p>"
        f"<!--/enpcontent-->{prop}</founder-content></div></body></html>"
    )


def save_site(root: Path) -> Path:
    """The saved site: the real 版面 page 01, page 02 made from it in GBK, files beside."""
    day = root / "html" / "2023-02" / "10"
    day.mkdir(parents=True)
    node = corpus("cn_epaper_html/kjrb_2023-02-10/node_2.htm")
    shutil.copy(node, day / "node_2.htm")
    text = node.read_bytes().decode("utf-8-sig")
    second = text.replace("第01版：<STRONG>", "第02版：<STRONG>").replace(
        "content_5486", "content_7486"
    )
    second = second.replace("charset=utf-8", "charset=gb2312")
    (day / "node_3.htm").write_bytes(second.encode("gbk", "xmlcharrefreplace"))
    for number in (1, 2):
        folder = root / "images" / "2023-02" / "10" / f"{number:02d}"
        folder.mkdir(parents=True)
        Image.new("RGB", (350, 550), "white").save(folder / f"KJRB20230210{number:02d}_b.jpg")
        page_pdf(folder / f"KJRB20230210{number:02d}.pdf", f"{number:02d}")
    pages = {
        "548643": article_page(
            "春播机械就位", kicker="科技助农", subtitle="各地抢抓农时", author="本报记者 林溪"
        ),
        "548646": article_page("开放共享大型仪器", enp=False),
        "548655": article_page(
            "脚本不会执行",
            extra="<script>alert('x')</script><img src=x onerror=alert(1)>"
            "<b onclick='evil()'>粗体</b>",
        ),
        "548659": article_page("图片新闻"),
    }
    for number, html in pages.items():
        (day / f"content_{number}.htm").write_text(html, "utf-8")
    gbk = article_page("国标编码的文章", author="通讯员 郑晨").replace(
        "charset='utf-8'", "charset='gbk'"
    )
    (day / "content_548662.htm").write_bytes(gbk.encode("gbk"))
    return root


@pytest.fixture
def site(tmp_path) -> Path:
    return save_site(tmp_path / "site")


def ingest(path: Path, **kw):
    return run_ingest([path], fmt=kw.pop("fmt", "legacy-site"), options=OPTIONS, publish=True, **kw)


def test_a_saved_site_is_found_by_auto(site):
    assert FORMATS["legacy-site"].sniff(Source(str(site), lambda: None, site))  # type: ignore[arg-type]
    summary = ingest(site, fmt="auto")
    assert summary.errors == []


def test_the_pages_and_articles_of_the_saved_site(site):
    assert ingest(site).errors == []
    edition = Edition.objects.get()
    assert edition.date == dt.date(2023, 2, 10)
    pages = list(edition.pages.order_by("order"))
    assert [(p.label, p.name) for p in pages] == [("01", "今日要闻"), ("02", "今日要闻")]
    assert pages[0].image and pages[0].pdf and (pages[0].width, pages[0].height) == (350, 550)
    first = Article.objects.get(page=pages[0], order=1)
    assert (first.kicker, first.headline, first.subheadline) == (
        "科技助农",
        "春播机械就位",
        "各地抢抓农时",
    )
    assert first.byline == "本报记者 林溪"
    assert [b["text"] for b in first.body] == [
        "本报讯 试验田里的春播机械已经就位。",
        "技术人员逐台检查设备。",
    ]
    without_property = Article.objects.get(page=pages[0], order=2)
    assert without_property.headline == "开放共享大型仪器" and without_property.byline == ""


def test_gbk_pages_decode(site):
    ingest(site)
    gbk = Article.objects.get(page__label="01", order=5)
    assert (gbk.headline, gbk.byline) == ("国标编码的文章", "通讯员 郑晨")
    # page 02 is GBK too; its article pages were not saved: the titles it lists stay
    titles = list(
        Article.objects.filter(page__label="02")
        .order_by("order")
        .values_list("headline", flat=True)
    )
    real = [
        t
        for t in re.findall(
            r"id=mp\d+>([^<]+)<",
            corpus("cn_epaper_html/kjrb_2023-02-10/node_2.htm").read_text("utf-8-sig"),
        )
    ]
    assert titles == real and len(titles) == 5


def test_hostile_html_is_text_only(site, client):
    ingest(site)
    article = Article.objects.get(headline="脚本不会执行")
    text = json.dumps(article.body, ensure_ascii=False)
    assert "alert" not in text and "onclick" not in text and "<" not in text
    assert article.body[-1]["text"] == "技术人员逐台检查设备。粗体"


def test_areas_become_hotspots_relative_to_the_page_image(site):
    ingest(site)
    first = Article.objects.get(page__label="01", order=1)
    # <Area coords="348,2,178,2,178,43,178,53,178,140,348,140" shape="polygon"> on 350×550
    assert first.hotspot == [
        [
            [round(x / 350, 5), round(y / 550, 5)]
            for x, y in [(348, 2), (178, 2), (178, 43), (178, 53), (178, 140), (348, 140)]
        ]
    ]
    # 548646 has a picture zone (div=0) inside its whole area (div=-1): one polygon is kept
    assert len(Article.objects.get(page__label="01", order=2).hotspot) == 1


def test_old_urls_keep_working(site, client):
    ingest(site)
    first = Article.objects.get(page__label="01", order=1)
    old = client.get("/html/2023-02/10/content_548643.htm?div=-1")
    assert old.status_code == 301 and old["Location"] == "/kjrb/2023-02-10/01/1/"
    assert client.get(old["Location"]).status_code == 200
    page = client.get("/html/2023-02/10/node_3.htm")
    assert page.status_code == 301 and page["Location"] == "/kjrb/2023-02-10/02/"
    assert (
        Redirect.objects.get(old_path="/html/2023-02/10/content_548643.htm").permalink
        == first.permalink
    )
    Edition.objects.update(status="withdrawn")
    assert client.get("/html/2023-02/10/content_548643.htm").status_code == 404


def test_reimport_with_replace_keeps_ids_and_old_urls(site, client):
    ingest(site)
    before = dict(Article.objects.values_list("source_id", "permalink"))
    day = site / "html" / "2023-02" / "10"
    (day / "content_548646.htm").write_text(
        article_page("开放共享大型仪器（更正）", enp=False), "utf-8"
    )
    assert ingest(site, replace=True).errors == []
    assert dict(Article.objects.values_list("source_id", "permalink")) == before
    assert client.get("/html/2023-02/10/content_548646.htm")["Location"] == "/kjrb/2023-02-10/01/2/"


def test_a_link_out_of_the_folder_is_never_read(tmp_path):
    root = tmp_path / "site"
    day = root / "html" / "2023-02" / "10"
    day.mkdir(parents=True)
    secret = tmp_path / "secret.htm"
    secret.write_text(article_page("不该读到"), "utf-8")
    (day / "node_1.htm").write_text(
        '<div class="banci">第01版：要闻</div><map name=m><area shape="rect" coords="0,0,10,10" '
        'href="../../../../secret.htm">'
        '<area shape=rect coords="0,0,5,5" href="/../../content_1.htm"></map>'
        '<img usemap="#m" width="100" height="100" src="../../../../secret.htm">',
        "utf-8",
    )
    (day / "content_2.htm").symlink_to(secret)
    with (day / "node_1.htm").open("a", encoding="utf-8") as node:
        node.write('<a href="content_2.htm">链接</a>')
    [record] = list(read_site(root, OPTIONS))
    assert not isinstance(record, Exception)
    assert record.pages[0].image is None
    assert all(a.headline != "不该读到" for a in record.pages[0].articles)


def test_the_new_rmrb_template_with_fractional_coords(tmp_path):
    """人民日报's 2024 layout: node_01.html, areas on a 400×575 image given by its attributes."""
    root = tmp_path / "site"
    layout = root / "rmrb" / "pc" / "layout" / "202412" / "25"
    layout.mkdir(parents=True)
    shutil.copy(
        corpus("cn_epaper_html/rmrb_2024-12-25/New-RMRB-URL-20241225.html"), layout / "node_01.html"
    )
    [record] = list(read_site(root, IngestOptions(newspaper="rmrb")))
    assert not isinstance(record, Exception), record
    assert record.date == dt.date(2024, 12, 25)
    [page] = record.pages
    assert (page.label, page.name) == ("01", "要闻")
    assert len(page.articles) == 7
    first = page.articles[0]
    assert first.old_urls == ["/rmrb/pc/content/202412/25/content_30048054.html"]
    assert first.hotspot[0][0] == [round(3.72 / 400, 5), round(92.805 / 575, 5)]
    assert first.headline.startswith("“为老百姓提供用得上、用得起、用得好的信息服务”")


def test_founder_article_fragments_read(tmp_path):
    """湖北日报's saved article fragments: 主标题, 副标题 and the article id from enpproperty."""
    text = corpus("cn_epaper_html/hbrb_2023-02-11/content.txt").read_text("utf-8")
    fragments = [f for f in text.split('<div id="scroller">') if "enpproperty" in f]
    with_subtitle = next(f for f in fragments if re.search(r"<subtitle>[^<]+</subtitle>", f))
    path = tmp_path / "content_1.html"
    path.write_text('<div id="scroller">' + with_subtitle, "utf-8")
    found = read_article(path)
    assert found["headline"] == re.search(r"<title>(.*?)</title>", with_subtitle)[1].strip()
    assert (
        found["subheadline"] == re.search(r"<subtitle>(.*?)</subtitle>", with_subtitle)[1].strip()
    )
    assert found["source_id"] == re.search(r"<paperarticleid>(\d+)<", with_subtitle)[1]
    assert found["byline"] == "" and found["blocks"]  # #author holds the date, not a name


@pytest.mark.parametrize(
    ("shape", "coords", "points"),
    [
        ("rect", "10,20,30,40", [(10, 20), (30, 20), (30, 40), (10, 40)]),
        ("poly", "1,2,3,4,5,6", [(1, 2), (3, 4), (5, 6)]),
        ("polygon", "1.5, 2.5, 3, 4, 5, 6", [(1.5, 2.5), (3, 4), (5, 6)]),
        ("poly", "1,2,3", []),
        ("rect", "a,b,c,d", []),
        ("rect", "nan,1,2,3", []),
        ("default", "", []),
    ],
)
def test_area_shapes(shape, coords, points):
    assert area_points(shape, coords) == points


def test_a_circle_is_twelve_points_around_it():
    points = area_points("circle", "50,50,10")
    assert len(points) == 12 and all(
        abs(((x - 50) ** 2 + (y - 50) ** 2) ** 0.5 - 10) < 1e-9 for x, y in points
    )


def test_a_folder_without_pages_is_an_error_naming_it(tmp_path):
    [error] = list(read_site(tmp_path, OPTIONS))
    assert isinstance(error, Exception) and str(tmp_path) in str(error)


def test_an_undecodable_page_names_its_file(site):
    bad = site / "html" / "2023-02" / "10" / "node_3.htm"
    bad.write_bytes(b"\xff\xfe\x00<html>" + bytes(range(0x80, 0x100)) * 20)
    summary = ingest(site)
    assert any("node_3.htm" in e for e in summary.errors)
    assert not Page.objects.exists()


def test_a_site_without_newspaper_is_refused(site):
    [error] = list(read_site(site, IngestOptions()))
    assert isinstance(error, Exception) and "give --newspaper" in str(error)
