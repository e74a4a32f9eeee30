"""The test typesetter itself: its pages are real PDFs holding what it says they hold."""

from __future__ import annotations

import ctypes
import itertools

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from broadsheet.pages.pdftext import PdfPages
from tests.conftest import corpus
from tests.pages.typeset import iou, rect_polygon, typeset_edition, typeset_page


@pytest.fixture(scope="module")
def edition():
    corpus("rmrb1998.jsonl")
    corpus("sohu_news_5000.jsonl")
    return typeset_edition(seed=3, pages=4)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_every_headline_is_in_the_pdf_text(edition):
    for page in edition:
        with PdfPages(page.pdf) as pdf:
            assert len(pdf) == 1
            text = pdf.text(0)
        flat = _flat(text.text)
        assert page.articles
        for article in page.articles:
            assert _flat(article.headline) in flat, (page.label, article.headline)
            assert _flat(article.paragraphs[0])[:20] in flat


def test_furniture_jump_and_pictures(edition):
    first, second = edition[0], edition[1]
    assert [f.kind for f in first.furniture][:1] == ["masthead"]
    assert "header" in [f.kind for f in second.furniture]
    assert all("folio" in [f.kind for f in page.furniture] for page in edition)
    out = [a for a in first.articles if a.jump_to == "2"]
    back = [a for a in second.articles if a.jump_from == "1"]
    assert len(out) == len(back) == 1 and out[0].headline == back[0].headline
    assert out[0].story == back[0].story and len(out[0].story) >= len(out[0].paragraphs)
    with PdfPages(first.pdf) as pdf:
        assert "（下转第2版）" in pdf.text(0).text
    captions = [a for page in edition for a in page.articles if a.captions]
    figures = 0
    for page in edition:
        with PdfPages(page.pdf) as pdf:
            figures += len(pdf.text(0).figures)
    assert captions and figures >= len(captions)


def test_areas_lie_on_the_page_and_apart(edition):
    for page in edition:
        for article in page.articles:
            assert all(0 <= v <= 1 for box in article.boxes for v in box)
        for a, b in itertools.combinations(page.articles, 2):
            assert iou(a.polygons, b.polygons) < 0.01, (page.label, a.headline, b.headline)


def test_same_seed_same_page_and_shuffled_order_same_text():
    corpus("rmrb1998.jsonl")
    one = typeset_page(7, 3, columns=4)
    assert one.pdf == typeset_page(7, 3, columns=4).pdf
    shuffled = typeset_page(7, 3, columns=4, shuffle=True)
    # PDFium reads a byline's ideographic space (　) as its own or as a space it makes
    # up, depending on the text object before it: spaces are compared as spaces.
    with PdfPages(one.pdf) as pdf:
        lines = [" ".join(line.text.split()) for line in pdf.text(0).lines]
    with PdfPages(shuffled.pdf) as pdf:
        other = [" ".join(line.text.split()) for line in pdf.text(0).lines]
    assert sorted(lines) == sorted(other) and lines != other


def test_iou_of_boxes():
    square = [rect_polygon((0.0, 0.0, 0.5, 0.5))]
    assert iou(square, square) == 1.0
    half = [rect_polygon((0.25, 0.0, 0.75, 0.5))]
    assert iou(square, half) == pytest.approx(1 / 3, abs=0.01)
    assert iou(square, [rect_polygon((0.6, 0.6, 0.9, 0.9))]) == 0.0


def test_only_bold_type_is_stroked():
    """Body type is filled only; heads are filled and stroked (a 黑体-like weight).

    PDF keeps the text render mode from one text object to the next: body lines set
    after a headline were once stroked as well, blotting the type OCR is measured on.
    """
    corpus("rmrb1998.jsonl")
    document = pdfium.PdfDocument(typeset_page(7, 1, shuffle=True).pdf)
    modes: dict[int, set[float]] = {}
    for obj in document[0].get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
            size = ctypes.c_float()
            pdfium_c.FPDFTextObj_GetFontSize(obj.raw, size)
            modes.setdefault(mode, set()).add(round(size.value))
    document.close()
    assert set(modes) == {
        pdfium_c.FPDF_TEXTRENDERMODE_FILL,
        pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE,
    }
    assert max(modes[pdfium_c.FPDF_TEXTRENDERMODE_FILL]) < min(
        modes[pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE]
    )
