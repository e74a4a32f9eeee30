"""Print a laid-out page: draw it as a PDF with reportlab.

The PDF is the page as a print system would export it (embedded font, real
text, pictures in place). Its image and its article areas are made from it at
ingest, as for any publisher's page PDF (docs/formats/pdf-pages.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from . import furniture, pictures
from .ink import draw_line
from .layout import GUTTER, PAGE_H, PAGE_W, ROW_GAP, TEXT_GUTTER, Box, PageLayout, StoryLayout
from .stories import EditionPlan
from .typeset import Figure, Line

PICTURE_SCALE = 2.0  # picture pixels per point on the page
RULE = (0.55, 0.55, 0.6)


@dataclass
class PrintedPage:
    pdf: bytes
    # (article order, block index) -> (file name, bytes)
    pictures: dict[tuple[int, int], tuple[str, bytes]] = field(default_factory=dict)


def print_page(edition: EditionPlan, layout: PageLayout, publisher: dict) -> PrintedPage:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1)
    canvas.setTitle(f"{edition.paper.name} {edition.date.isoformat()} {layout.plan.label}")
    furniture.draw_frame(canvas, edition, layout, publisher)
    printed: dict[tuple[int, int], tuple[str, bytes]] = {}
    for story in layout.stories:
        printed.update(_draw_story(canvas, edition, layout.plan.label, story))
    _draw_rules(canvas, layout)
    if layout.filler is not None:
        furniture.draw_filler(canvas, layout.filler, edition, layout.plan.label)
    canvas.showPage()
    canvas.save()
    return PrintedPage(out.getvalue(), printed)


def _draw_story(canvas, edition, label, story: StoryLayout):
    box, y = story.box, story.box.y
    for item in story.head:
        if isinstance(item, Line):
            draw_line(canvas, item, box.x + 4, y, box.w - 8)
        y += item.height
    printed = {}
    if story.top is not None:
        printed[(story.order, 0)] = _draw_figure(canvas, edition, label, story, story.top, box.x, y)
        y += story.top.height + 6
    for c, column in enumerate(story.columns):
        x = box.x + c * (story.column_width + TEXT_GUTTER)
        printed.update(_draw_column(canvas, edition, label, story, column, x, y))
    return printed


def _draw_column(canvas, edition, label, story, column, x, y):
    printed = {}
    for item in column:
        if isinstance(item, Line):
            draw_line(canvas, item, x, y, story.column_width)
        elif isinstance(item, Figure):
            key = (story.order, item.block)
            printed[key] = _draw_figure(canvas, edition, label, story, item, x, y)
        y += item.height
    return printed


def _draw_figure(canvas, edition, label, story, figure: Figure, x, y) -> tuple[str, bytes]:
    """Paint the picture at its exact place and size; draw it and its caption."""
    picture = story.story.blocks[figure.block]["picture"]
    width = max(pictures.MIN_WIDTH, round(figure.width * PICTURE_SCALE))
    height = round(width * figure.image_height / figure.width)
    seed = f"{edition.paper.slug}/{edition.date}/{label}/{story.order}/{figure.block}"
    data, ext = pictures.encode(pictures.paint(picture, width, height, seed), picture.kind)
    bottom = PAGE_H - y - figure.image_height
    canvas.drawImage(ImageReader(io.BytesIO(data)), x, bottom, figure.width, figure.image_height)
    top = y + figure.image_height + 3
    for line in figure.caption:
        draw_line(canvas, line, x, top, figure.width)
        top += line.height
    return f"images/{label}-{story.order:02d}-{figure.block:02d}{ext}", data


def _draw_rules(canvas: Canvas, layout: PageLayout) -> None:
    """Hairlines between stories in a row and between rows, in the gutters."""
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.5)
    for r, row in enumerate(layout.rows):
        box = _row_box(row)
        for story in row[:-1]:
            x = story.box.x + story.box.w + GUTTER / 2
            canvas.line(x, PAGE_H - box.y, x, PAGE_H - box.y - box.h)
        if r < len(layout.rows) - 1 or layout.filler is not None:
            y = PAGE_H - (box.y + box.h + ROW_GAP / 2)
            canvas.line(box.x, y, box.x + box.w, y)


def _row_box(row: list[StoryLayout]) -> Box:
    first, last = row[0].box, row[-1].box
    return Box(first.x, first.y, last.x + last.w - first.x, first.h)
