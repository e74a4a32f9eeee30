"""Olive ActivePaper / XMD issues (``--format olive``): the Gazette de Lausanne of 1900-01-02.

Every expectation is computed from the corpus files at test time (entity counts,
page sizes, the page-unit boxes of ``PgNNN.xml``); no corpus text is copied here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, ArticleJump, Edition, Page
from broadsheet.ingest.formats import FORMATS
from broadsheet.ingest.sources import file_source
from broadsheet.pages.models import PageText
from broadsheet.pages.textlayer import SCALE, decompress
from broadsheet.reader.services import find_on_page
from tests.builders import ingest_json, page_pdf, page_png
from tests.conftest import corpus

from .corpus_io import database_snapshot

pytestmark = pytest.mark.django_db

ROOT = "olive_gdl_1900-01-02"
ISSUE = f"{ROOT}/GDL/1900/01/02"
MOJIBAKE = ("Ã©", "Ã¨", "Ã ", "Ã¢", "Ã´", "Ã§", "Ã‰", "â€", "\ufffd")


def _toc() -> etree._Element:
    return etree.parse(str(corpus(ISSUE) / "TOC.xml")).getroot()


def _entities(kind: str) -> list[etree._Element]:
    return [e for e in _toc().iter("Entity") if e.get("ENTITY_TYPE") == kind]


def _copy(tmp_path: Path) -> Path:
    issue = tmp_path / "02"
    shutil.copytree(corpus(ISSUE), issue)
    return issue


def _all_text() -> str:
    return "\n".join(
        " ".join([a.headline, a.subheadline, *(b["text"] for b in a.body)])
        for a in Article.objects.all()
    )


def test_the_issue_loads_with_its_date_pages_and_articles():
    summary = ingest_json(corpus(ROOT))  # the folder above the issue is walked down to it
    assert summary["loaded"] == ["gdl 1900-01-02"], summary
    edition = Edition.objects.get()
    assert edition.newspaper.slug == "gdl" and edition.newspaper.language == "fr"
    pages = list(Page.objects.order_by("order"))
    toc_pages = list(_toc().iter("Page"))
    assert [p.label for p in pages] == [t.get("PAGE_LABEL") for t in toc_pages]
    assert len(pages) == 4
    assert [(p.width, p.height) for p in pages] == [
        (int(t.get("PAGE_WIDTH")), int(t.get("PAGE_HEIGHT"))) for t in toc_pages
    ]  # no image in the sample: sized from the XML
    articles = _entities("Article")
    continued = [e for e in articles if e.get("CONTINUATION_FROM")]
    assert continued  # the sample has a story continued on a later page
    assert Article.objects.count() == len(articles) - len(continued)  # ads are not articles
    assert set(Article.objects.values_list("source_id", flat=True)).isdisjoint(
        e.get("ID") for e in _entities("Ad")
    )
    assert len(summary["missing"]) == 2 * len(pages)  # each page's image and PDF


def test_a_continued_story_is_one_article_with_its_jump():
    ingest_json(corpus(ISSUE), format="olive")
    [tail] = [e for e in _entities("Article") if e.get("CONTINUATION_FROM")]
    head = Article.objects.get(source_id=tail.get("CONTINUATION_FROM"))
    jump = ArticleJump.objects.get(article=head)
    assert jump.page.label == tail.get("PAGE_NO") != head.page.label and jump.hotspot
    assert not Article.objects.filter(source_id=tail.get("ID")).exists()


def test_auto_recognises_the_issue_folder_and_only_it():
    olive = FORMATS["olive"]
    assert olive.sniff(file_source(corpus(ISSUE)))
    assert not olive.sniff(file_source(corpus(ISSUE) / "Document"))
    assert not olive.sniff(file_source(corpus("bnl_mets_alto_luxzeit1858")))


def test_every_hotspot_lies_inside_its_page_where_the_page_file_puts_it():
    """The entity boxes (144 dpi) land where PgNNN.xml puts them in page units (57 dpi)."""
    ingest_json(corpus(ISSUE))
    _check_areas(corpus(ISSUE))


def test_without_the_scans_size_the_page_size_at_its_resolution_places_them(tmp_path):
    """The second way to the grid: ``PAGE_WIDTH`` at the default ``<Resolution>``."""
    issue = _copy(tmp_path)
    for page_xml in issue.glob("Document/*/Pg*.xml"):
        data = page_xml.read_bytes()
        assert b"XRESOLUTION_DPI=" in data
        page_xml.write_bytes(data.replace(b"XRESOLUTION_DPI=", b"X_DPI="))
    assert ingest_json(issue)["errors"] == []
    _check_areas(issue)


def _check_areas(issue: Path) -> None:
    for page_xml in sorted(issue.glob("Document/*/Pg*.xml")):
        root = etree.parse(str(page_xml)).getroot()
        meta = root.find("Meta")
        width, height = float(meta.get("PAGE_WIDTH")), float(meta.get("PAGE_HEIGHT"))
        page = Page.objects.get(label=meta.get("PAGE_LABEL"))
        for entity in root.iter("Entity"):
            if entity.get("ENTITY_TYPE") != "Article":
                continue
            x0, y0, x1, y1 = (float(v) for v in entity.get("BOX").split())
            expected = (x0 / width, y0 / height, x1 / width, y1 / height)
            got = _area(page, entity.get("ID"))
            assert all(0 <= v <= 1 for v in got), (entity.get("ID"), got)
            assert all(abs(a - b) < 0.01 for a, b in zip(got, expected, strict=True)), (
                entity.get("ID"),
                got,
                expected,
            )


def _area(page: Page, entity_id: str) -> tuple[float, ...]:
    """The bounding box of an entity's hotspot (or its jump's) on ``page``, 0..1."""
    article = Article.objects.filter(page=page, source_id=entity_id).first()
    if article is not None:
        polygons = article.hotspot
    else:
        [polygons] = ArticleJump.objects.filter(page=page).values_list("hotspot", flat=True)
    xs = [p[0] for poly in polygons for p in poly]
    ys = [p[1] for poly in polygons for p in poly]
    return (min(xs), min(ys), max(xs), max(ys))


def test_headlines_and_text_read_as_printed():
    ingest_json(corpus(ISSUE))
    titled = [e for e in _entities("Article") if e.get("NAME") != "Untitled Article"]
    assert Article.objects.exclude(headline="").count() == len(titled)
    assert not Article.objects.filter(headline__startswith="Untitled").exists()
    assert not Article.objects.filter(body=[]).exists()
    assert all(a.hotspot for a in Article.objects.all())


def test_windows_1252_comes_out_as_french():
    ingest_json(corpus(ISSUE))
    text = _all_text()
    assert not [m for m in MOJIBAKE if m in text]
    assert all(letter in text for letter in "éèàêçô")
    headlines = "".join(Article.objects.values_list("headline", flat=True))
    assert any(letter in headlines for letter in "éèÉ")


def test_a_word_broken_by_a_hyphen_reads_whole():
    """Every whole word (QW) whose pieces end a line with a soft hyphen is in the text."""
    ingest_json(corpus(ISSUE))
    text = _all_text()
    broken = []
    for path in corpus(ISSUE).glob("Document/*/Ar*.xml"):
        root = etree.parse(str(path)).getroot()
        pieces: dict[str, list] = {}
        for el in root.iter("Q", "q"):
            pieces.setdefault(el.get("QID"), []).append(el)
        for whole in root.iter("QW"):
            hyphen = [p for p in pieces.get(whole.get("QID"), []) if p.text == "-"]
            if hyphen and not hyphen[0].get("LH") and "-" not in whole.text:
                broken.append(whole.text)
    assert len(broken) > 20
    assert [w for w in broken if w not in text] == []  # not "che- nets" but "chenets"


def test_the_words_are_stored_with_boxes_for_hits():
    ingest_json(corpus(ISSUE))
    assert PageText.objects.count() == 4
    for stored in PageText.objects.select_related("page"):
        text = decompress(bytes(stored.data))
        assert stored.source == "alto" and text.has_text
        for line in text.lines:
            x0, y0, x1, y1 = line.box
            assert 0 <= x0 <= x1 <= SCALE and 0 <= y0 <= y1 <= SCALE
            assert len(line.edges) == len(line.text) + 1
        words = _words_of_page(stored.page.label)
        printed = text.text
        assert len(words) > 100 and [w for w in words if w not in printed] == []


def _words_of_page(label: str) -> list[str]:
    """Every whole word (``W``) of the page's entities, ads included."""
    folder = corpus(ISSUE) / "Document" / label
    return [
        " ".join(w.text.split())
        for path in folder.glob("A*.xml")
        for w in etree.parse(str(path)).getroot().iter("W")
        if w.text and w.text.strip()
    ]


def test_the_reader_shows_an_article_and_a_page(client: Client):
    ingest_json(corpus(ISSUE))
    publishing.publish(Edition.objects.get())
    article = Article.objects.exclude(headline="").order_by("page__order", "order").first()
    url = f"/gdl/1900-01-02/{article.page.label}/{article.order}/"
    answer = client.get(url)
    assert answer.status_code == 200
    assert article.headline in answer.content.decode()
    page = client.get(f"/gdl/1900-01-02/{article.page.label}/")
    assert page.status_code == 200 and f'href="{url}"' in page.content.decode()


def test_reingest_is_idempotent_and_replace_keeps_the_permalinks():
    ingest_json(corpus(ISSUE))
    before = database_snapshot()
    links = sorted(Article.objects.values_list("source_id", "permalink"))
    again = ingest_json(corpus(ISSUE))
    assert again["loaded"] == [] and again["skipped"] == 1 and again["errors"] == []
    assert database_snapshot() == before
    replaced = ingest_json(corpus(ISSUE), replace=True)
    assert replaced["errors"] == [], replaced
    assert sorted(Article.objects.values_list("source_id", "permalink")) == links


def test_a_missing_page_file_and_article_file_are_reported(tmp_path):
    issue = _copy(tmp_path)
    (issue / "Document/2/Pg002.xml").unlink()
    (issue / "Document/3/Ar00302.xml").unlink()
    summary = ingest_json(issue)
    assert summary["loaded"] == ["gdl 1900-01-02"], summary
    missing = "\n".join(summary["missing"])
    assert "page 2: page file Document/2/Pg002.xml" in missing
    assert "page 3: article file Document/3/Ar00302.xml" in missing
    assert Page.objects.get(label="2").articles.exists()  # sized and read from the TOC
    assert not Article.objects.filter(source_id="Ar00302").exists()


def test_a_page_image_and_pdf_present_are_used(tmp_path):
    issue = _copy(tmp_path)
    (issue / "Document/1/Img").mkdir()
    page_png(issue / "Document/1/Img/Pg001.png", "1")
    (issue / "Res/PDF").mkdir(parents=True, exist_ok=True)
    page_pdf(issue / "Res/PDF/Pg0001_s_0001.pdf", "1")
    summary = ingest_json(issue)
    assert summary["loaded"] == ["gdl 1900-01-02"], summary
    first = Page.objects.get(label="1")
    assert first.image and first.pdf
    assert not [m for m in summary["missing"] if m.startswith("page 1:")]
    assert decompress(bytes(first.text_layer.data)).source == "alto"  # Olive's words, not the PDF's


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        ("Document/2/Ar00202.xml", b"</Content>", b"</Contents>", "not well-formed XML"),
        ("Document/2/Ar00202.xml", b'encoding="windows-1252"', b'encoding="UTF-8"', "XML"),
        ("Document/1/Ar00100.xml", b'BOX="128 569 408 693"', b'BOX="128 569 9e9 693"', "BOX"),
        ("Document/3/Ar00301.xml", b"<W BOX=", b'<W BOX="1 2 3" X=', "is not a box"),
        ("Document/4/Ad00400.xml", b"<W BOX=", b'<W BOX="9000 2 9100 30" X=', "far outside"),
        ("Document/1/Pg001.xml", b'PAGE_WIDTH="994"', b'PAGE_WIDTH="NaN"', "PAGE_WIDTH"),
    ],
)
def test_bad_input_is_refused_naming_the_file(tmp_path, file, old, new, said):
    issue = _copy(tmp_path)
    path = issue / file
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    summary = ingest_json(issue)
    [error] = summary["errors"]
    assert file.rsplit("/", 1)[-1] in error and said in error, error
    assert not Edition.objects.exists()


def test_an_issue_date_that_reads_two_ways_needs_date(tmp_path):
    issue = _copy(tmp_path)
    toc = issue / "TOC.xml"
    data = toc.read_bytes().replace(b'BASE_HREF="GDL/1900/01/02"', b'BASE_HREF="GDL"')
    toc.write_bytes(data.replace(b'RELEASE_NO="103-GDL-1900-01-02-0001"', b'RELEASE_NO="x"'))
    [error] = ingest_json(issue)["errors"]
    assert "TOC.xml" in error and "give --date" in error
    assert ingest_json(issue, date="1900-01-02")["loaded"] == ["gdl 1900-01-02"]


def test_a_word_searched_on_the_page_is_boxed_inside_its_article():
    ingest_json(corpus(ISSUE))
    article = Article.objects.get(source_id="Ar00101")
    root = etree.parse(str(corpus(ISSUE) / "Document/1/Ar00101.xml")).getroot()
    words = [w.text.strip() for w in root.find("Content").iter("W") if w.text]
    word = max((w for w in words if w.isalpha()), key=len)  # a long word of its body
    found = find_on_page(article.page, word)
    assert found is not None and found["count"] >= 1
    xs = [p[0] for poly in article.hotspot for p in poly]
    ys = [p[1] for poly in article.hotspot for p in poly]
    inside = [
        b
        for b in found["boxes"]
        if min(xs) - 0.005 <= b["x"] <= b["x"] + b["w"] <= max(xs) + 0.005
        and min(ys) - 0.005 <= b["y"] <= b["y"] + b["h"] <= max(ys) + 0.005
    ]
    assert inside, (word, found, article.hotspot)


def test_an_issue_named_by_a_relative_path_loads(monkeypatch):
    monkeypatch.chdir(corpus(ISSUE).parent)
    summary = ingest_json(Path("02"))
    assert summary["loaded"] == ["gdl 1900-01-02"] and summary["errors"] == [], summary
    assert "page 1: PDF Res/PDF/Pg0001_s_0001.pdf" in "\n".join(summary["missing"])
