"""The text-with-boxes store: a real PDF's text layer read into lines, and kept losslessly."""

from __future__ import annotations

import io

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
