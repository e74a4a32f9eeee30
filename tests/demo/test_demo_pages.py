"""The printed pages: PDFs handed over alone, then loaded into images and hotspots over the text.

The sample's bundles hold what a print system exports (page PDFs and article
text); the loader renders the pages and places the articles. The check reads
the page PDF's characters with their boxes (pypdfium2), and each article's
headline (or the start of its text) must lie inside that article's hotspot, as
placed at ingest, and inside no other.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.demo.loader import load_sample
from broadsheet.editions.lead import compute_lead
from broadsheet.editions.models import Article, Page

NEEDLE = 8  # characters of body text identifying an untitled item


def test_the_bundles_hand_over_page_pdfs_and_article_text_only(sample):
    for manifest in sample.manifests():
        assert all(set(page) == {"label", "name", "pdf"} for page in manifest["pages"])
        assert not [a for a in manifest["articles"] if "hotspot" in a]


def test_page_pdfs_have_one_page(sample):
    for folder, manifest in zip(sample.folders, sample.manifests(), strict=True):
        for page in manifest["pages"]:
            document = pdfium.PdfDocument(folder / page["pdf"])
            try:
                assert len(document) == 1
            finally:
                document.close()


def _characters(path):
    """Non-space characters of the page with their centres, relative to the page (0..1)."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        width, height = page.get_size()
        text = page.get_textpage()
        chars = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                left, bottom, right, top = text.get_charbox(i)
                chars.append((char, (left + right) / 2 / width, 1 - (bottom + top) / 2 / height))
        return chars
    finally:
        document.close()


def _inside(point, polygon) -> bool:
    """Even-odd rule: a ray from ``point`` to the right crosses the outline an odd count."""
    x, y = point
    crossings = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            crossings = not crossings
    return crossings


def _needle(article) -> str:
    return "".join(article["headline"].split()) or compute_lead(article["body"])[:NEEDLE]


def _placed_in(article, others, chars) -> bool:
    """True when one occurrence of the needle lies in the article's hotspot and no other's."""
    needle, stream = _needle(article), "".join(c for c, _, _ in chars)
    start = stream.find(needle)
    while start >= 0:
        points = [(x, y) for _, x, y in chars[start : start + len(needle)]]
        mine = all(any(_inside(p, poly) for poly in article["hotspot"]) for p in points)
        theirs = any(_inside(p, poly) for o in others for poly in o["hotspot"] for p in points)
        if mine and not theirs:
            return True
        start = stream.find(needle, start + 1)
    return False


def _loaded_pages(sample):
    """Every loaded page with its PDF's characters and its articles as placed at ingest."""
    for folder in sample.folders:
        slug, date = folder.name[:-11], folder.name[-10:]  # mingchuan-daily-2026-11-23
        pages = Page.objects.filter(edition__newspaper__slug=slug, edition__date=date)
        for page in pages:
            articles = list(Article.objects.filter(page=page).values("headline", "body", "hotspot"))
            yield page, _characters(folder / "pages" / f"{page.label}.pdf"), articles


@pytest.mark.django_db
def test_loaded_pages_get_images_and_every_hotspot_covers_its_own_headline(sample):
    summary = load_sample(sample.folders, log=lambda _msg: None)
    assert summary.loaded == len(sample.folders)
    checked = 0
    for page, chars, articles in _loaded_pages(sample):
        with default_storage.open(page.image_hidpi.name, "rb") as fh, Image.open(fh) as image:
            assert image.width == 2400 and abs(image.height - 2 * page.height) <= 1
        assert page.width == 1200 and page.text_layer.characters > 200
        for article in articles:
            others = [a for a in articles if a is not article]
            assert _needle(article), article
            assert _placed_in(article, others, chars), (page.label, _needle(article))
            checked += 1
        # the check can fail: a hotspot moved onto another article's place is caught
        moved = {**articles[0], "hotspot": articles[1]["hotspot"]}
        assert not _placed_in(moved, articles[1:], chars)
    assert checked == sum(len(m["articles"]) for m in sample.manifests())
    assert not Article.objects.filter(machine_found=True).exists()
