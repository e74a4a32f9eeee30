"""iArchives export XML: the Deseret News of 1850 (page PDFs) and the Topaz Times of 1944 (scans).

Expected numbers come from the corpus README (pages, articles by classification) or
are computed here from the XML at test time; no corpus text is written down.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from lxml import etree
from PIL import Image

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, ArticleJump, Edition, Page
from broadsheet.pages.models import PageText
from broadsheet.pages.textlayer import ALTO, SCALE
from tests.builders import ingest_json
from tests.conftest import corpus

pytestmark = pytest.mark.django_db

DESERET = "iarchives_article_segmented/batch_deseret_news"
TOPAZ = "iarchives_article_segmented/batch_topaz_times"
NS = {"i": "http://www.iarchives.com/schema/2002/export"}


def _classified(folder, name: str) -> int:
    """How many of the issue's article files carry ``classification=name``."""
    return sum(
        etree.parse(str(p)).getroot().get("classification") == name
        for p in (corpus(folder) / "articles").glob("*.xml")
    )


def test_the_deseret_news_loads_with_its_date_pages_and_stories():
    summary = ingest_json(corpus(DESERET), newspaper="deseret-news")
    assert summary["loaded"] == ["deseret-news 1850-06-15"], summary
    assert summary["errors"] == [] and summary["missing"] == []
    edition = Edition.objects.get()
    assert edition.date == dt.date(1850, 6, 15) and edition.issue_number == 1
    labels = list(Page.objects.order_by("order").values_list("label", flat=True))
    assert labels == [str(n) for n in range(1, 9)]
    # Only classification "article" becomes an article: 14 of 18 (2 adverts, 2 unclassified).
    assert Article.objects.count() == _classified(DESERET, "article") == 14
    assert not Article.objects.filter(body=[]).exists()
    assert all(Page.objects.values_list("pdf", flat=True))  # each page keeps its PDF
    assert all(Page.objects.values_list("image", flat=True))  # rendered from it
    # No word boxes in this issue: the page PDFs' own text layers are the pages' text.
    assert set(PageText.objects.values_list("source", flat=True)) == {"pdf"}


def test_stories_printed_on_two_pages_continue_there():
    ingest_json(corpus(DESERET), newspaper="deseret-news")
    jumps = ArticleJump.objects.select_related("article__page", "page")
    assert jumps.count() == 5  # the README's five articles spanning two pages
    for jump in jumps:
        assert jump.page.order == jump.article.page.order + 1 and jump.hotspot


def test_the_topaz_times_loads_its_scans_and_word_boxes():
    summary = ingest_json(corpus(TOPAZ))
    # The unit's collection title names another camp paper; the slug is made from it all the same.
    assert summary["loaded"] == ["tanforan-totalizer 1944-12-13"], summary
    edition = Edition.objects.get()
    assert edition.date == dt.date(1944, 12, 13) and edition.issue_number == 21
    assert Page.objects.count() == 4
    assert Article.objects.count() == _classified(TOPAZ, "article") == 25
    assert ArticleJump.objects.count() == 1
    texts = PageText.objects.all()
    assert texts.count() == 4 and {t.source for t in texts} == {ALTO}
    # Each page's lines carry the accuracy the vendor computed for it (accuracy-report.csv).
    report = (corpus(TOPAZ) / "accuracy-report.csv").read_text().splitlines()[1:]
    computed = {int(row.split(",")[1]): float(row.split(",")[3]) / 100 for row in report}
    for text in texts.select_related("page"):
        assert text.confidence == pytest.approx(computed[text.page.order], abs=0.001)


def test_every_hotspot_lies_inside_its_page():
    ingest_json(corpus(DESERET), newspaper="deseret-news")
    ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    places = [a.hotspot for a in Article.objects.all()]
    places += [j.hotspot for j in ArticleJump.objects.all()]
    for polygons in places:
        assert polygons
        for polygon in polygons:
            xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
            assert 0 <= min(xs) < max(xs) <= 1 and 0 <= min(ys) < max(ys) <= 1


def _ink(image: Image.Image, box) -> float:
    """Share of dark pixels inside ``box`` (SCALE units) of the page image."""
    w, h = image.size
    x0, y0, x1, y1 = box
    crop = image.crop((x0 * w // SCALE, y0 * h // SCALE, -(-x1 * w // SCALE), -(-y1 * h // SCALE)))
    counts = crop.convert("L").histogram()
    return sum(counts[:128]) / max(sum(counts), 1)


def test_the_topaz_word_boxes_land_on_the_printed_words_of_the_page_image():
    ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    page = Page.objects.get(order=1)
    with default_storage.open(page.image.name) as fh:
        image = Image.open(fh).copy()
    tif = next((corpus(TOPAZ) / "pages" / "images").glob("*0059.tif"))
    with Image.open(tif) as scan:
        assert abs(image.width / image.height - scan.width / scan.height) < 0.01
    lines = [line for line in page.text_layer.text.lines if len(line.text) >= 8]
    assert len(lines) > 50
    inked = [_ink(image, line.box) for line in lines]
    whole = _ink(image, (0, 0, SCALE, SCALE))
    assert sum(i > whole for i in inked) / len(inked) > 0.9  # the boxes hold print, not paper


def test_the_reader_shows_a_story_and_its_page_with_hotspots(client: Client):
    ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    publishing.publish(Edition.objects.get())
    article = Article.objects.filter(page__order=1).order_by("order").first()
    url = f"/topaz-times/1944-12-13/{article.page.label}/{article.order}/"
    response = client.get(url)
    assert response.status_code == 200
    assert article.headline in response.content.decode()
    page = client.get(f"/topaz-times/1944-12-13/{article.page.label}/").content.decode()
    on_page = Article.objects.filter(page=article.page).count()
    assert page.count("<polygon points=") >= on_page and f'href="{url}"' in page


def test_a_broken_unit_file_is_an_error_naming_it(tmp_path):
    issue = tmp_path / "issue"
    shutil.copytree(corpus(TOPAZ), issue)
    unit = issue / "unit.xml"
    unit.write_bytes(unit.read_bytes()[:-40])
    summary = ingest_json(issue)
    [error] = summary["errors"]
    assert "unit.xml" in error and "not well-formed XML" in error
    assert not Edition.objects.exists() and not Page.objects.exists()


def test_missing_files_are_reported_and_the_rest_loads(tmp_path):
    issue = tmp_path / "issue"
    shutil.copytree(corpus(TOPAZ), issue)
    next((issue / "pages" / "pdf").glob("*0060.pdf")).unlink()
    (issue / "articles" / "5.xml").unlink()
    summary = ingest_json(issue, newspaper="topaz-times")
    assert summary["loaded"] == ["topaz-times 1944-12-13"], summary
    missing = summary["missing"]
    assert len(missing) == 2
    assert any("page 2: PDF" in m and "0060.pdf" in m for m in missing)
    assert any("article articles/5.xml" in m for m in missing)
    assert Article.objects.count() == 24


def test_a_page_without_its_scan_keeps_its_hotspots_in_place(tmp_path):
    """Without the scan the frame comes from the PDF, enlarged to hold the XML's pixels."""
    ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    with_scan = {a.headline: a.hotspot for a in Article.objects.filter(page__order=1)}
    Edition.objects.all().delete()
    issue = tmp_path / "issue"
    shutil.copytree(corpus(TOPAZ), issue)
    next((issue / "pages" / "images").glob("*0059.tif")).unlink()
    assert ingest_json(issue, newspaper="topaz-times")["loaded"]
    for article in Article.objects.filter(page__order=1):
        for got, want in zip(article.hotspot, with_scan[article.headline], strict=True):
            for (gx, gy), (wx, wy) in zip(got, want, strict=True):
                assert abs(gx - wx) < 0.01 and abs(gy - wy) < 0.01


def test_an_absurd_position_is_an_error_naming_the_article(tmp_path):
    issue = tmp_path / "issue"
    shutil.copytree(corpus(TOPAZ), issue)
    article = issue / "articles" / "3.xml"
    article.write_bytes(article.read_bytes().replace(b'<zone l="0"', b'<zone l="1e99"', 1))
    [error] = ingest_json(issue)["errors"]
    assert "3.xml" in error and "'1e99' is not a position on the page" in error
    assert not Edition.objects.exists()


@override_settings(INGEST_LIMITS={"image_pixels": 1_000_000})
def test_a_scan_past_the_pixel_limit_is_refused_naming_it():
    [error] = ingest_json(corpus(TOPAZ))["errors"]
    assert "0059.tif" in error and "more than the limit" in error
    assert not Edition.objects.exists()


def test_loading_the_issue_again_changes_nothing():
    ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    before = list(Article.objects.values_list("pk", "headline", "hotspot"))
    again = ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    assert again["loaded"] == [] and again["skipped"] == 1, again
    assert list(Article.objects.values_list("pk", "headline", "hotspot")) == before


def test_both_issues_load_from_the_corpus_folder_by_auto_detection():
    summary = ingest_json(corpus("iarchives_article_segmented"), newspaper="utah")
    assert sorted(summary["loaded"]) == ["utah 1850-06-15", "utah 1944-12-13"], summary


def test_the_unit_file_itself_loads_with_the_format_named():
    summary = ingest_json(corpus(TOPAZ) / "unit.xml", format="iarchives", newspaper="topaz-times")
    assert summary["loaded"] == ["topaz-times 1944-12-13"], summary


def test_an_issue_naming_no_title_asks_for_a_newspaper():
    [error] = ingest_json(corpus(DESERET))["errors"]  # collection-title="Untitled"
    assert "unit.xml" in error and "give --newspaper" in error


def _page_words(name: str) -> list[tuple[str, tuple[int, ...]]]:
    """The first reading and first box of each word of a Topaz page file, read here."""
    root = etree.parse(str(next((corpus(TOPAZ) / "pages").glob(f"*{name}.xml")))).getroot()
    out = []
    for node in root.iterfind(".//i:n", NS):
        box, reading = node.find("i:r", NS), node.find("i:o", NS)
        if box is not None and reading is not None and reading.text:
            out.append((reading.text, tuple(int(box.get(k)) for k in "ltrb")))
    return out


def test_a_word_searched_on_a_topaz_page_is_boxed_where_the_xml_places_it(client: Client):
    ingest_json(corpus(TOPAZ), newspaper="topaz-times", publish=True)
    words = _page_words("0060")
    counts = {}
    for text, _ in words:
        counts[text.lower()] = counts.get(text.lower(), 0) + 1
    word, box = next(
        (t, b) for t, b in words if len(t) >= 7 and t.isalpha() and counts[t.lower()] == 1
    )
    with Image.open(next((corpus(TOPAZ) / "pages" / "images").glob("*0060.tif"))) as scan:
        width, height = scan.size
    found = client.get(f"/topaz-times/1944-12-13/2.json?hl={word}").json()["data"]["find"]
    assert found["count"] >= 1
    hit = found["boxes"][0]
    assert abs(hit["x"] - box[0] / width) < 0.01 and abs(hit["y"] - box[1] / height) < 0.01


def test_one_broken_issue_of_two_leaves_the_other_loaded(tmp_path):
    shutil.copytree(corpus(DESERET), tmp_path / "a")
    shutil.copytree(corpus(TOPAZ), tmp_path / "b")
    unit = tmp_path / "b" / "unit.xml"
    unit.write_bytes(unit.read_bytes().replace(b"</pages>", b"</page>"))
    summary = ingest_json(tmp_path, newspaper="utah")
    assert summary["loaded"] == ["utah 1850-06-15"], summary
    [error] = summary["errors"]
    assert "unit.xml" in error


def test_articles_listed_in_name_order_are_read_in_number_order(tmp_path):
    ingest_json(corpus(TOPAZ), newspaper="topaz-times")
    numbered = list(Article.objects.values_list("page__label", "order", "headline"))
    Edition.objects.all().delete()
    issue = tmp_path / "issue"
    shutil.copytree(corpus(TOPAZ), issue)
    unit = issue / "unit.xml"
    data = unit.read_bytes()
    refs = etree.fromstring(data).find("i:articles", NS)
    listed = sorted(refs, key=lambda r: r.get("href"))  # 0, 1, 10, 11, ... 19, 2, 20, ...
    assert [r.get("href") for r in listed] != [r.get("href") for r in refs]
    start, end = data.index(b"<articles>"), data.index(b"</articles>")
    hrefs = b"".join(f'<article-ref href="{r.get("href")}" />'.encode() for r in listed)
    unit.write_bytes(data[:start] + b"<articles>" + hrefs + data[end:])
    assert ingest_json(issue, newspaper="topaz-times")["loaded"]
    assert list(Article.objects.values_list("page__label", "order", "headline")) == numbered
