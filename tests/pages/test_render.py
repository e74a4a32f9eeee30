"""Page images from page PDFs: sizes, places, and the PDFs refused before rendering."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from broadsheet.pages.render import (
    HIDPI_WIDTH,
    WEB_WIDTH,
    PdfRefused,
    page_sizes,
    render_page,
)
from tests.conftest import corpus
from tests.pdfs import zero_page_pdf

W, H = 600.0, 900.0


def pdf(pages=((W, H),), encrypt=None) -> bytes:
    """Pages with a black square near the top left (x 60..180 pt, y 90..210 pt from the top)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=pages[0], encrypt=encrypt)
    for width, height in pages:
        canvas.setPageSize((width, height))
        canvas.rect(60, height - 210, 120, 120, fill=1)
        canvas.drawString(60, height - 300, "Broadsheet")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image.convert("L")


def test_three_sizes_of_one_page():
    page = render_page(pdf())
    assert (page.image.width, page.image.height) == (WEB_WIDTH, WEB_WIDTH * 3 // 2)
    assert (page.hidpi.width, page.hidpi.height) == (HIDPI_WIDTH, HIDPI_WIDTH * 3 // 2)
    assert (page.thumbnail.width, page.thumbnail.height) == (200, 300)
    assert page.points == (W, H)
    for rendered in (page.image, page.hidpi, page.thumbnail):
        with _open(rendered.data) as image:
            assert image.size == (rendered.width, rendered.height)


def test_the_images_show_the_page_where_the_pdf_draws_it():
    """The square drawn at 10%..30% of the width, 10%..23% of the height, on every image."""
    page = render_page(pdf())
    for rendered in (page.image, page.hidpi, page.thumbnail):
        with _open(rendered.data) as image:
            w, h = image.size
            assert image.getpixel((round(0.2 * w), round(0.166 * h))) < 40  # inside: black
            assert image.getpixel((round(0.5 * w), round(0.166 * h))) > 215  # beside: white
            assert image.getpixel((round(0.2 * w), round(0.5 * h))) > 215  # below: white


def test_a_later_page_of_a_document():
    page = render_page(pdf(pages=((W, H), (H, W))), index=1)
    assert page.points == (H, W)
    assert (page.image.width, page.image.height) == (WEB_WIDTH, 800)
    with pytest.raises(PdfRefused, match="has no page 3"):
        render_page(pdf(pages=((W, H), (H, W))), index=2)


@pytest.mark.parametrize(
    ("data", "reason", "page"),
    [
        (b"%PDF-1.4\nnot really", "a damaged PDF", 0),
        (b"GIF89a", "not a PDF", 0),
        (pdf(encrypt="secret"), "is encrypted: it needs a password", 0),
        (zero_page_pdf(), "holds no page", 0),
        (pdf(pages=((30000, 30000),)), "page 1 of 30,000 x 30,000 pt, larger than 14,400", 0),
        (pdf(pages=((W, H), (200, 5000))), "page 2 of 200 x 5,000 pt: one side is more than 4", 1),
        (pdf(pages=((20, 30),)), "smaller than 72 pt", 0),
    ],
)
def test_pdfs_that_are_no_page_are_refused_before_rendering(data, reason, page):
    with pytest.raises(PdfRefused, match=reason):
        page_sizes(data)
    with pytest.raises(PdfRefused, match=reason):
        render_page(data, index=page)


def test_a_pdf_with_only_an_owner_password_opens_and_renders():
    """Print systems set permissions with an empty user password: readers open those freely."""
    data = pdf(encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    assert page_sizes(data) == [(W, H)]
    assert render_page(data).image.width == WEB_WIDTH


def test_a_real_page_with_a_text_layer_renders():
    folder = corpus("ndnp_park_record_1935")
    data = next(folder.rglob("1292.pdf")).read_bytes()
    [(width, height)] = page_sizes(data)
    page = render_page(data)
    assert abs(page.image.height - WEB_WIDTH * height / width) <= 1
    with _open(page.image.data) as image:
        assert 60 < ImageStat.Stat(image).mean[0] < 230  # ink on paper, not a blank


def test_every_page_of_a_real_scanned_edition_renders():
    path = corpus("chicopee_weekly_scans") / "pdf_batch" / "sn93059126" / "1856051001.pdf"
    data = path.read_bytes()
    assert page_sizes(data) == [(1296.0, 1728.0)] * 4
    last = render_page(data, index=3)
    assert (last.hidpi.width, last.hidpi.height) == (2400, 3200)
