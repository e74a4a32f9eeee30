"""Small scanned pages for OCR tests: a few lines of large Chinese type, drawn as a picture.

OCR takes minutes for a whole newspaper page on two shared cores; these pages hold
three or four lines set large, so the engine reads them in seconds, and their text
and where each line is drawn are known (the text is written here, not from a corpus).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from broadsheet.demo.fonts import cjk_font

WIDTH, HEIGHT = 900, 480  # pixels: a strip of a page, so OCR reads it in seconds
SIZE = 56  # type size in pixels
LEFT, TOP, LEADING = 80, 120, 110

LINES = (
    "春耕时节田间忙",
    "全市新增智能农机",
    "图书馆延长开放时间",
)


@dataclass(frozen=True)
class Scan:
    png: bytes
    lines: tuple[str, ...]
    boxes: tuple[tuple[float, float, float, float], ...]  # each line's x0, y0, x1, y1 in 0..1


def scan(lines: tuple[str, ...] = LINES) -> Scan:
    """A white page with ``lines`` drawn in black, one under another, and where each stands."""
    font = ImageFont.truetype(str(cjk_font().path), SIZE, index=cjk_font().index)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    boxes = []
    for n, text in enumerate(lines):
        x0, y0, x1, y1 = draw.textbbox((LEFT, TOP + n * LEADING), text, font=font)
        draw.text((LEFT, TOP + n * LEADING), text, font=font, fill=0)
        boxes.append((x0 / WIDTH, y0 / HEIGHT, x1 / WIDTH, y1 / HEIGHT))
    out = io.BytesIO()
    image.save(out, "PNG")
    return Scan(out.getvalue(), lines, tuple(boxes))


def scanned_pdf(page: Scan) -> bytes:
    """The scan as a PDF page holding only the picture (no text layer), as a scanner writes."""
    out = io.BytesIO()
    width, height = 595.0, 595.0 * HEIGHT / WIDTH
    pdf = Canvas(out, pagesize=(width, height))
    pdf.drawImage(ImageReader(io.BytesIO(page.png)), 0, 0, width, height)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def machine_read(page, lines: tuple[str, ...] = LINES, engine: str = "rapidocr_onnxruntime test"):
    """Give a loaded ``page`` a machine-read (OCR) text layer of ``lines``, in place of any
    text it has, each line where ``scan`` draws it: for tests of what is done with OCR text
    that need no OCR run. Returns the stored row."""
    from broadsheet.pages.models import PageText
    from broadsheet.pages.textlayer import OCR, SCALE, Line
    from broadsheet.pages.textlayer import PageText as Text

    read = []
    for text, (x0, y0, x1, y1) in zip(lines, scan(lines).boxes, strict=True):
        box = (round(x0 * SCALE), round(y0 * SCALE), round(x1 * SCALE), round(y1 * SCALE))
        step = (box[2] - box[0]) / len(text)
        edges = [round(box[0] + i * step) for i in range(len(text))] + [box[2]]
        read.append(Line(text, box, edges, size=box[3] - box[1], conf=0.95))
    PageText.objects.filter(page=page).delete()
    row = PageText.of(page.pk, Text(OCR, read, width=WIDTH, height=HEIGHT), engine=engine)
    row.save()
    return row
