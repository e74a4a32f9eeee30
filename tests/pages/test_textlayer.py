"""The text-with-boxes store: a real PDF's text layer read into lines, and kept losslessly."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from broadsheet.demo.fonts import FONT_NAME, cjk_font
from broadsheet.pages import textlayer
from broadsheet.pages.pdftext import PdfPages
from tests.conftest import corpus

W, H = 400.0, 600.0


def _pdf() -> bytes:
    """Two columns of Chinese text, a large headline, a picture and a rule."""
    cjk_font()  # registers FONT_NAME with reportlab
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(W, H))
    canvas.setFont(FONT_NAME, 30)
    canvas.drawString(40, 540, "主标题在这里")
    canvas.setFont(FONT_NAME, 10)
    canvas.drawString(40, 500, "第一栏第一行文字")
    canvas.drawString(220, 500, "第二栏第一行文字")
    canvas.line(40, 480, 360, 480)
    canvas.rect(40, 300, 100, 80, fill=1)
    canvas.save()
    return out.getvalue()


def test_lines_sizes_and_columns():
    with PdfPages(_pdf()) as pdf:
        text = pdf.text(0)
    by_text = {line.text: line for line in text.lines}
    assert set(by_text) == {"主标题在这里", "第一栏第一行文字", "第二栏第一行文字"}
    headline, left = by_text["主标题在这里"], by_text["第一栏第一行文字"]
    assert headline.size > 2.5 * left.size  # set three times as large
    assert left.box[2] < by_text["第二栏第一行文字"].box[0]  # two columns, not one line
    x0, y0, x1, y1 = left.box
    assert x0 == pytest.approx(40 / W * textlayer.SCALE, abs=20)
    assert y1 == pytest.approx((H - 500) / H * textlayer.SCALE, abs=60)
    assert len(left.edges) == len(left.text) + 1
    assert left.char_box(0)[2] == pytest.approx(x0 + 10 / W * textlayer.SCALE, abs=10)
    assert [r for r in text.rules if r[3] - r[1] < 60 and r[2] - r[0] > 7000]  # the rule


def test_store_is_lossless_and_compact():
    path = corpus("ndnp_park_record_1935")
    pdf_file = sorted(path.rglob("*.pdf"))[0]
    with PdfPages(pdf_file.read_bytes()) as pdf:
        text = pdf.text(0)
    stored = textlayer.compress(text)
    assert textlayer.decompress(stored) == text
    assert len(text.text) > 20000
    assert len(stored) < 3 * len(text.text.encode())


def _one_line_pdf(rotation: int) -> bytes:
    cjk_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(W, H))
    canvas.setFont(FONT_NAME, 24)
    canvas.drawString(60, 480, "转过来的页面")
    canvas.save()
    document = pdfium.PdfDocument(out.getvalue())
    document[0].set_rotation(rotation)
    turned = io.BytesIO()
    document.save(turned)
    return turned.getvalue()


def _ink_box(pdf: bytes) -> tuple[float, float, float, float]:
    """Where the rendered page (as readers see it) has ink, in 0..1 of its width and height."""
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=1).to_pil().convert("L")
    left, top, right, bottom = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    return left / image.width, top / image.height, right / image.width, bottom / image.height


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_page_the_pdf_turns_has_its_boxes_where_the_rendered_text_is(rotation):
    pdf = _one_line_pdf(rotation)
    with PdfPages(pdf) as document:
        text = document.text(0)
    [line] = text.lines
    x0, y0, x1, y1 = (v / textlayer.SCALE for v in line.box)
    ink = _ink_box(pdf)
    assert x0 - 0.01 <= ink[0] and ink[2] <= x1 + 0.01, (line.box, ink)
    assert y0 - 0.01 <= ink[1] and ink[3] <= y1 + 0.01, (line.box, ink)
    assert line.vertical == (rotation in (90, 270))
    assert (text.width, text.height) == ((H, W) if rotation in (90, 270) else (W, H))
    first = [v / textlayer.SCALE for v in line.char_box(0)]
    side = {0: 0, 90: 1, 180: 2, 270: 3}[rotation]  # the side of the ink where reading starts
    assert abs(first[side] - ink[side]) < 0.03, (first, ink)
