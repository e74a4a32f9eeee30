"""Page furniture: the masthead (报头), running heads, folios and 公益广告 panels.

Everything here is printed on the page but belongs to no article, so none of it
lies inside a hotspot.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from reportlab.pdfgen.canvas import Canvas

from .ink import draw_line
from .layout import FOOTER_H, MARGIN_X, MASTHEAD_H, PAGE_H, PAGE_W, Box, PageLayout
from .stories import EditionPlan
from .typeset import Line, Style

RED = (0.72, 0.08, 0.1)
INK = (0.1, 0.1, 0.12)
GREY = (0.35, 0.35, 0.4)
WEEKDAYS = "一二三四五六日"
SLOGANS = (
    ("文明出行 礼让斑马线", "车让人一步，城更暖一分"),
    ("节约粮食 从我做起", "光盘行动，让每一粒米都有归宿"),
    ("垃圾分类 新时尚", "分一分，明川更美一分"),
    ("冬季用火用电 注意安全", "人走断电，出门关火"),
    ("全民阅读 书香明川", "每天读书半小时，日子更有滋味"),
    ("关爱老人 温暖同行", "常回家看看，多陪陪爸妈"),
)


def long_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}"


def page_title(label: str, name: str) -> str:
    """``第02版　综合``; letter labels print as they are: ``A02版　城事``."""
    return f"第{label}版\u3000{name}" if label.isdigit() else f"{label}版\u3000{name}"


def text(canvas: Canvas, x: float, top: float, width: float, line: str, style: Style) -> None:
    draw_line(canvas, Line(line, style), x, top, width)


def draw_frame(canvas: Canvas, edition: EditionPlan, layout: PageLayout, publisher: dict):
    if layout.first:
        _masthead(canvas, edition, layout)
    else:
        _running_head(canvas, edition, layout)
    _folio(canvas, edition, layout, publisher)


def _masthead(canvas: Canvas, edition: EditionPlan, layout: PageLayout) -> None:
    width = PAGE_W - 2 * MARGIN_X
    text(canvas, MARGIN_X, 18, width * 0.6, edition.paper.name, Style(46, 58, True, RED))
    text(canvas, MARGIN_X, 78, width * 0.6, edition.paper.motto, Style(9, 13, color=GREY))
    right = Style(9, 14, color=INK, align="right")
    info = (
        long_date(edition.date),
        f"第{edition.issue}期\u3000今日{len(edition.pages)}版",
        page_title(layout.plan.label, layout.plan.name),
        "演示样报\u3000内容虚构",
    )
    for i, row in enumerate(info):
        text(canvas, MARGIN_X + width * 0.5, 26 + i * 14, width * 0.5, row, right)
    _double_rule(canvas, MASTHEAD_H - 12)


def _running_head(canvas: Canvas, edition: EditionPlan, layout: PageLayout) -> None:
    width = PAGE_W - 2 * MARGIN_X
    text(canvas, MARGIN_X, 14, width / 3, edition.paper.name, Style(12, 16, True, RED))
    centre = Style(9, 16, color=INK, align="center")
    text(canvas, MARGIN_X + width / 3, 14, width / 3, long_date(edition.date), centre)
    title = page_title(layout.plan.label, layout.plan.name)
    text(canvas, MARGIN_X + width * 2 / 3, 14, width / 3, title, Style(11, 16, True, INK, "right"))
    _double_rule(canvas, 34)


def _folio(canvas: Canvas, edition: EditionPlan, layout: PageLayout, publisher: dict) -> None:
    top = PAGE_H - FOOTER_H + 8
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, PAGE_H - top, PAGE_W - MARGIN_X, PAGE_H - top)
    width = PAGE_W - 2 * MARGIN_X
    small = Style(7.5, 14, color=GREY)
    editor = f"本版责编：{layout.plan.editor}" if layout.plan.editor else ""
    text(canvas, MARGIN_X, top + 3, width / 3, editor, small)
    centre = Style(7.5, 14, color=GREY, align="center")
    text(canvas, MARGIN_X + width / 6, top + 3, width * 2 / 3, publisher["copyright"], centre)
    label = Style(7.5, 14, color=GREY, align="right")
    text(canvas, MARGIN_X + width * 2 / 3, top + 3, width / 3, f"{layout.plan.label}版", label)


def _double_rule(canvas: Canvas, top: float) -> None:
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(1.6)
    canvas.line(MARGIN_X, PAGE_H - top, PAGE_W - MARGIN_X, PAGE_H - top)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, PAGE_H - top - 3, PAGE_W - MARGIN_X, PAGE_H - top - 3)


def draw_filler(canvas: Canvas, box: Box, edition: EditionPlan, label: str) -> None:
    """A public-service panel filling the foot of a page, chosen by page so it varies."""
    key = f"{edition.paper.slug}{edition.date}{label}".encode()
    slogan, line = SLOGANS[hashlib.sha256(key).digest()[0] % len(SLOGANS)]
    canvas.setFillColorRGB(0.98, 0.95, 0.9)
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(1)
    canvas.roundRect(box.x, PAGE_H - box.y - box.h, box.w, box.h, 6, stroke=1, fill=1)
    size = min(26.0, box.h * 0.3)
    middle = box.y + box.h / 2
    text(
        canvas,
        box.x,
        middle - size * 1.2,
        box.w,
        slogan,
        Style(size, size * 1.3, True, RED, "center"),
    )
    text(canvas, box.x, middle + size * 0.25, box.w, line, Style(10, 14, color=INK, align="center"))
    tag = Style(7.5, 12, color=GREY, align="right")
    text(canvas, box.x, box.y + box.h - 16, box.w - 8, "公益广告", tag)
