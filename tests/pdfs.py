"""Small, real page PDFs for the page-PDF ingest tests (text written here, not from a corpus).

``text_page`` draws a headline and two paragraphs in the demo's CJK font, so the
PDF has a real text layer; ``scanned_page`` holds only a picture of a page, as
a scanner writes it; the broken ones are what publishers' tools get wrong.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from broadsheet.demo.fonts import FONT_NAME, cjk_font

W, H = 595.0, 842.0  # A4 in points

HEADLINE = "春耕时节田间忙"
PARAGRAPHS = [
    "本报讯连日来全市各地抓住有利天气组织农机下田",
    "今年新增智能农机三百余台作业效率明显提升",
]


def text_page(headline: str = HEADLINE, size: tuple[float, float] = (W, H), **canvas) -> bytes:
    """One page with a headline and two lines of body text in a CJK font."""
    cjk_font()  # registers FONT_NAME with reportlab
    out = io.BytesIO()
    pdf = Canvas(out, pagesize=size, **canvas)
    pdf.setFont(FONT_NAME, 28)
    pdf.drawString(60, size[1] - 120, headline)
    pdf.setFont(FONT_NAME, 11)
    for i, line in enumerate(PARAGRAPHS):
        pdf.drawString(60, size[1] - 170 - 18 * i, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def scanned_page() -> bytes:
    """A page that is only a picture of printed text: no text layer."""
    scan = Image.new("L", (800, 1130), 245)
    draw = ImageDraw.Draw(scan)
    for y in range(150, 1000, 24):
        draw.rectangle([80, y, 720, y + 10], fill=40)
    png = io.BytesIO()
    scan.save(png, "PNG")
    out = io.BytesIO()
    pdf = Canvas(out, pagesize=(W, H))
    pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, W, H)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def edition_pdf(pages: int) -> bytes:
    """A whole edition in one PDF, a page per 版, each with its number in the headline."""
    cjk_font()
    out = io.BytesIO()
    pdf = Canvas(out, pagesize=(W, H))
    for number in range(1, pages + 1):
        pdf.setFont(FONT_NAME, 28)
        pdf.drawString(60, H - 120, f"第{number}版新闻标题")
        pdf.setFont(FONT_NAME, 11)
        pdf.drawString(60, H - 170, PARAGRAPHS[number % 2])
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def encrypted_page() -> bytes:
    return text_page(encrypt="secret")


def huge_page() -> bytes:
    return text_page(size=(30000.0, 30000.0))


def corrupt_page() -> bytes:
    return text_page()[:400]


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty (no tool we have writes one)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
