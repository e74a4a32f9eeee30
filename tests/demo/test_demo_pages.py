"""The printed pages: PDFs that open, images of the stated size, hotspots over the text.

The check reads the page PDF the way the roadmap's PDF ingest will: text with
character boxes from pypdfium2, then each article's headline (or the start of
its text) must lie inside that article's hotspot and inside no other.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PIL import Image

from broadsheet.editions.lead import compute_lead

NEEDLE = 8  # characters of body text identifying an untitled item


def _pages(sample):
    for folder, manifest in zip(sample.folders, sample.manifests(), strict=True):
        for page in manifest["pages"]:
            articles = [a for a in manifest["articles"] if a["page"] == page["label"]]
            yield folder, page, articles


def test_page_images_have_the_size_the_manifest_states(sample):
    for folder, page, _ in _pages(sample):
        with Image.open(folder / page["image"]) as image:
            assert image.size == (page["width"], page["height"])
            assert 1000 <= image.width <= 1400


def test_page_pdfs_have_one_page_with_the_image_proportions(sample):
    for folder, page, _ in _pages(sample):
        document = pdfium.PdfDocument(folder / page["pdf"])
        try:
            assert len(document) == 1
            width, height = document[0].get_size()
        finally:
            document.close()
        assert height / width == pytest.approx(page["height"] / page["width"], abs=0.002)


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


def test_hotspots_cover_their_own_headline_and_no_other(sample):
    checked = 0
    for folder, page, articles in _pages(sample):
        chars = _characters(folder / page["pdf"])
        for article in articles:
            others = [a for a in articles if a is not article]
            assert _needle(article), article
            assert _placed_in(article, others, chars), (
                folder.name,
                page["label"],
                _needle(article),
            )
            checked += 1
    assert checked == sum(len(m["articles"]) for m in sample.manifests())


def test_the_check_fails_for_a_hotspot_moved_onto_another_article(sample):
    folder, page, articles = next(_pages(sample))
    chars = _characters(folder / page["pdf"])
    moved = {**articles[0], "hotspot": articles[1]["hotspot"]}
    assert not _placed_in(moved, articles[1:], chars)
