"""One PDF of a whole edition (``--format edition-pdf``), and the real PDFs of the corpora."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.pages.models import PageText
from tests.builders import ingest_json
from tests.conftest import corpus
from tests.pdfs import edition_pdf, encrypted_page

pytestmark = pytest.mark.django_db


def test_a_whole_edition_pdf_is_split_into_its_pages(tmp_path):
    path = tmp_path / "chenbao-2024-03-05.pdf"
    path.write_bytes(edition_pdf(3))
    summary = ingest_json(path, newspaper="chenbao")
    assert summary["loaded"] == ["chenbao 2024-03-05"], summary
    pages = Page.objects.order_by("order")
    assert [p.label for p in pages] == ["01", "02", "03"]
    for number, page in enumerate(pages, 1):
        with page.pdf.open("rb") as fh:
            document = pdfium.PdfDocument(fh.read())
        assert len(document) == 1
        document.close()
        assert f"第{number}版新闻标题" in page.text_layer.text.text
        assert page.width == 1200 and page.image_hidpi.name


def test_an_encrypted_edition_pdf_is_refused_by_name(tmp_path):
    path = tmp_path / "2024-03-05.pdf"
    path.write_bytes(encrypted_page())
    [error] = ingest_json(path, format="edition-pdf", newspaper="chenbao")["errors"]
    assert f"{path}: '2024-03-05.pdf' is encrypted" in error
    assert not Edition.objects.exists()


def test_the_scanned_chicopee_weekly_renders_and_needs_ocr():
    """An 1856 issue: four 1-bit G4 scans in one PDF, no text layer, named by LCCN and date."""
    path = corpus("chicopee_weekly_scans") / "pdf_batch" / "sn93059126" / "1856051001.pdf"
    summary = ingest_json(path, newspaper="chicopee-weekly")
    assert summary["loaded"] == ["chicopee-weekly 1856-05-10"], summary
    labels = ["01", "02", "03", "04"]
    assert summary["needs_ocr"] == [f"chicopee-weekly 1856-05-10 page {n}" for n in labels]
    assert not Article.objects.exists() and not PageText.objects.exists()
    for page in Page.objects.all():
        assert (page.width, page.height) == (1200, 1600)
        assert page.image.size > 50_000  # a page of print, not a blank


def test_the_park_record_page_pdfs_ingest_with_their_text_layer():
    """A 1935 NDNP issue: page PDFs named by file number beside JP2 and ALTO files."""
    folder = next(corpus("ndnp_park_record_1935").rglob("1935080201"))
    summary = ingest_json(folder, format="pdf-pages", newspaper="park-record")
    assert summary["loaded"] == ["park-record 1935-08-02"], summary
    assert summary["needs_ocr"] == []
    assert list(Page.objects.values_list("label", flat=True)) == ["1289", "1292"]
    for page in Page.objects.all():
        assert page.width == 1200 and page.thumbnail.name
        assert page.text_layer.characters > 20000
