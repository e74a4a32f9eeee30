"""The project's own test typesetter: newspaper pages as real PDFs with known article areas.

Placing articles on a page and finding them on a page alone are measured against
pages whose truth is known. This module sets such pages: a grid of 3-6 columns,
stories in modules of one or more columns (kicker/引题, headline/主标题 in large
type, subheadline/副标题, byline, body text flowing from column to column),
pictures with captions inside stories, a column of short items, an advertisement,
page furniture (masthead on page 1, a page header elsewhere, folios, rules) and a
story jumping from page 1 to page 2 (下转第2版 / 上接第1版). The Chinese text is
read at test time from ../shared/corpora (People's Daily 1998 and Sohu news);
nothing of it is kept in the repository.

It is separate from the demo's layout on purpose: the demo makes pretty pages,
this makes pages whose every article area is known, varied by a seed.

Each article's true area is the union of the blocks it covers: its head (kicker,
headline, subheadline, byline) across the columns its body uses, each body column
from the top of the body to its last line, the gutters between its columns where
both hold its text, and its pictures with their captions. Areas are boxes in
page-relative 0..1 coordinates, origin top left, like hotspot polygons.
"""

from __future__ import annotations

import datetime
import io
import json
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from broadsheet.demo.fonts import FONT_NAME, cjk_font

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
PAGE_W, PAGE_H = 842.0, 1191.0  # A3 in points, a small broadsheet
MARGIN = 36.0
GUTTER = 12.0
BAND_GAP = 16.0  # between stories stacked in a column, with a rule in the middle
HEAD_GAP = 8.0  # between a story's head and its body
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1; points (y down) or 0..1 of the page

NEWSPAPERS = ("东海日报", "江城晚报", "南山日报", "北岭时报", "西湖商报")
PAGE_NAMES = ("要闻", "国内", "国际", "经济", "文化", "体育", "评论", "社会", "科技", "副刊")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
AD_WORDS = ("诚信服务", "品质生活", "全城热销", "限时优惠", "欢迎垂询", "开业大吉", "精工细作")
AD_BRANDS = ("海风家具", "金穗粮油", "远航旅行社", "明月茶庄", "新城置业", "长青药房")
WEEKDAYS = "一二三四五六日"


# ---- what a generated page holds -----------------------------------------------------------


@dataclass
class SetArticle:
    """One article as printed on a page, with its true area."""

    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)  # as printed on this page
    captions: list[str] = field(default_factory=list)
    boxes: list[Rect] = field(default_factory=list)  # the true area, 0..1 of the page
    kind: str = "story"  # story, brief (short item) or jump (a part of a jumped story)
    jump_to: str = ""  # "2" when it ends "（下转第2版）"
    jump_from: str = ""  # "1" when it starts "（上接第1版）"
    story: list[str] = field(default_factory=list)  # the whole story's paragraphs, if cut

    @property
    def polygons(self) -> list[list[list[float]]]:
        return [rect_polygon(box) for box in self.boxes]


@dataclass
class Furniture:
    """Page furniture or an advertisement: never an article."""

    kind: str  # masthead, header, folio or ad
    text: str
    boxes: list[Rect]

    @property
    def polygons(self) -> list[list[list[float]]]:
        return [rect_polygon(box) for box in self.boxes]


@dataclass
class Jump:
    """The rest of a story that page 1 sends on to page 2."""

    headline: str
    paragraphs: list[str]
    story: list[str]
    from_page: int


@dataclass
class SetPage:
    pdf: bytes
    label: str  # "01"
    number: int  # 1
    name: str  # 版名, e.g. 要闻
    articles: list[SetArticle]
    furniture: list[Furniture]
    width: float = PAGE_W
    height: float = PAGE_H
    jump: Jump | None = None  # what continues on the next page


def rect_polygon(box: Rect) -> list[list[float]]:
    x0, y0, x1, y1 = box
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


# ---- measuring areas -----------------------------------------------------------------------


def iou(a: list[list[list[float]]], b: list[list[list[float]]], grid=(500, 700)) -> float:
    """Intersection over union of two unions of polygons (0..1 coordinates), on a grid."""
    ra, rb = raster(a, grid), raster(b, grid)
    inter = sum((x & y).bit_count() for x, y in zip(ra, rb, strict=True))
    union = sum((x | y).bit_count() for x, y in zip(ra, rb, strict=True))
    return inter / union if union else 0.0


def raster(polygons: list[list[list[float]]], grid=(500, 700)) -> list[int]:
    """One bit mask per grid row: the cells whose centres lie inside any polygon (even-odd)."""
    cols, rows = grid
    masks = [0] * rows
    for polygon in polygons:
        for row in range(rows):
            masks[row] |= _row_mask(polygon, (row + 0.5) / rows, cols)
    return masks


def _row_mask(polygon: list[list[float]], y: float, cols: int) -> int:
    crossings = []
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 <= y < y1) or (y1 <= y < y0):
            crossings.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    mask = 0
    for left, right in zip(crossings[::2], crossings[1::2], strict=False):
        start = max(0, min(cols, _cell(left, cols)))
        end = max(0, min(cols, _cell(right, cols)))
        if end > start:
            mask |= ((1 << end) - 1) ^ ((1 << start) - 1)
    return mask


def _cell(x: float, cols: int) -> int:
    """The first cell whose centre lies at or right of ``x``."""
    return int(-(-(x * cols - 0.5) // 1))


# ---- the corpus ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    headline: str
    paragraphs: tuple[str, ...]


@cache
def stories() -> tuple[Story, ...]:
    """Stories from People's Daily 1998 (first paragraph = headline) and Sohu news."""
    found = []
    for record in _records("rmrb1998.jsonl"):
        paragraphs = [p.strip() for p in record.get("paragraphs", []) if p.strip()]
        if len(paragraphs) >= 3:
            found.append(Story(paragraphs[0], tuple(paragraphs[1:])))
    for record in _records("sohu_news_5000.jsonl", limit=2500):
        paragraphs = [p.strip() for p in record.get("paragraphs", []) if p.strip()]
        if paragraphs and record.get("title", "").strip():
            found.append(Story(record["title"].strip(), tuple(paragraphs)))
    return tuple(s for s in found if 4 <= len(s.headline) <= 28 and _chars(s) > 150)


def _records(name: str, limit: int = 100000) -> list[dict]:
    path = CORPORA / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: the test typesetter reads its text from this corpus")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(limit), f, strict=False)]


def _chars(story: Story) -> int:
    return sum(len(p) for p in story.paragraphs)


# ---- measuring and breaking text -----------------------------------------------------------


@cache
def _width(char: str) -> float:
    """The advance of ``char`` at 1 pt."""
    cjk_font()
    return pdfmetrics.stringWidth(char, FONT_NAME, 1.0)


def text_width(text: str, size: float) -> float:
    return sum(_width(c) for c in text) * size


CLOSING = "，。、；：？！）》」』”’"  # never at a line's start (禁则): hung on the line before


def wrap(text: str, width: float, size: float, indent: float = 0.0, hang=False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first one indented); with
    ``hang``, closing punctuation ends a full line rather than start the next one."""
    lines, current, used, room = [], [], 0.0, width - indent
    for char in text:
        advance = _width(char) * size
        if current and used + advance > room + 0.01 and not (hang and char in CLOSING):
            lines.append("".join(current))
            current, used, room = [], 0.0, width
        current.append(char)
        used += advance
    if current:
        lines.append("".join(current))
    return lines


def ascent(size: float) -> float:
    return _face()[0] * size


def descent(size: float) -> float:
    return _face()[1] * size


@cache
def _face() -> tuple[float, float]:
    cjk_font()
    face = pdfmetrics.getFont(FONT_NAME).face
    return face.ascent / 1000, -face.descent / 1000


# ---- the sheet: drawing operations collected, then written in some order -------------------


@dataclass
class _TextOp:
    x: float
    baseline: float  # y down from the page top
    text: str
    size: float
    space: float = 0.0  # extra space between characters (justified lines)
    bold: bool = False


@dataclass
class Sheet:
    """What a page prints; written to a PDF at the end, its text in reading or shuffled order."""

    texts: list[_TextOp] = field(default_factory=list)
    rules: list[Rect] = field(default_factory=list)
    frames: list[tuple[Rect, tuple[float, float, float]]] = field(default_factory=list)
    images: list[tuple[bytes, Rect]] = field(default_factory=list)

    def pdf(self, rng: random.Random | None = None) -> bytes:
        cjk_font()
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
        for box, fill in self.frames:
            _frame(canvas, box, fill)
        for data, box in self.images:
            x0, y0, x1, y1 = box
            canvas.drawImage(ImageReader(io.BytesIO(data)), x0, PAGE_H - y1, x1 - x0, y1 - y0)
        for x0, y0, x1, y1 in self.rules:
            canvas.setLineWidth(0.6)
            canvas.line(x0, PAGE_H - y0, x1, PAGE_H - y1)
        texts = list(self.texts)
        if rng is not None:
            rng.shuffle(texts)
        for op in texts:
            _text(canvas, op)
        canvas.showPage()
        canvas.save()
        return out.getvalue()


def _frame(canvas: Canvas, box: Rect, fill: tuple[float, float, float]) -> None:
    x0, y0, x1, y1 = box
    canvas.setFillColorRGB(*fill)
    canvas.setLineWidth(1.2)
    canvas.rect(x0, PAGE_H - y1, x1 - x0, y1 - y0, stroke=1, fill=1)
    canvas.setFillColorRGB(0, 0, 0)


def _text(canvas: Canvas, op: _TextOp) -> None:
    # Text state (Tr) and the line width outlive BT/ET in PDF, and reportlab writes
    # ``0 Tr`` only when its own text object was in another mode, never at its start:
    # without q/Q round each line, every line after the first bold one was stroked too,
    # body type included, with a headline's line width (blotted glyphs, docs/ocr.md).
    canvas.saveState()
    text = canvas.beginText()
    text.setFont(FONT_NAME, op.size)
    text.setCharSpace(op.space)
    if op.bold:  # a 黑体-like weight: the outline stroked as well as filled
        text.setTextRenderMode(2)
        canvas.setLineWidth(op.size * 0.035)
    text.setTextOrigin(op.x, PAGE_H - op.baseline)
    text.textOut(op.text)
    canvas.drawText(text)
    canvas.restoreState()


# ---- setting lines -------------------------------------------------------------------------


def set_lines(sheet: Sheet, lines: list[str], x: float, top: float, size: float, **kw) -> float:
    """Set ``lines`` from ``top`` (the first glyph's top); returns the last glyph's bottom."""
    leading = kw.get("leading", size * 1.25)
    width = kw.get("width")
    baseline = top + ascent(size)
    for line in lines:
        dx = (width - text_width(line, size)) / 2 if kw.get("centre") and width else 0.0
        sheet.texts.append(_TextOp(x + dx, baseline, line, size, bold=kw.get("bold", False)))
        baseline += leading
    return baseline - leading + descent(size)


@dataclass
class BodyLine:
    text: str
    indent: float
    justify: bool


def body_lines(paragraphs: list[str], width: float, size: float) -> list[BodyLine]:
    """Paragraphs broken into lines, each paragraph's first line indented two characters."""
    out = []
    for paragraph in paragraphs:
        lines = wrap(paragraph, width, size, indent=2 * size, hang=True)
        for i, line in enumerate(lines):
            out.append(BodyLine(line, 2 * size if i == 0 else 0.0, i < len(lines) - 1))
    return out


def set_body_line(sheet: Sheet, line: BodyLine, x: float, baseline: float, width: float, size):
    space = 0.0
    slack = width - line.indent - text_width(line.text, size)
    if len(line.text) > 1 and (slack < 0 or (line.justify and slack < 2 * size)):
        space = slack / (len(line.text) - 1)  # spread, or squeezed round hung punctuation
    sheet.texts.append(_TextOp(x + line.indent, baseline, line.text, size, space))


# ---- the page grid -------------------------------------------------------------------------


@dataclass
class Module:
    """A rectangle of the page given to one story: some adjacent columns, a height."""

    columns: list[tuple[float, float]]  # x0, x1 of each column
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.columns[0][0]

    @property
    def x1(self) -> float:
        return self.columns[-1][1]


def grid(count: int) -> list[tuple[float, float]]:
    width = (PAGE_W - 2 * MARGIN - (count - 1) * GUTTER) / count
    return [
        (MARGIN + i * (width + GUTTER), MARGIN + i * (width + GUTTER) + width) for i in range(count)
    ]


def relative(box: Rect) -> Rect:
    x0, y0, x1, y1 = box
    return (x0 / PAGE_W, y0 / PAGE_H, x1 / PAGE_W, y1 / PAGE_H)


# ---- a story set in its module -------------------------------------------------------------


@dataclass
class Head:
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""


class Page:
    """One page being set: its seed's choices, its sheet, its articles and furniture."""

    def __init__(self, rng: random.Random, number: int, paper: str, date: tuple[int, int, int]):
        self.rng, self.number, self.paper, self.date = rng, number, paper, date
        self.sheet = Sheet()
        self.articles: list[SetArticle] = []
        self.furniture: list[Furniture] = []
        self.body_size = rng.choice((9.0, 9.5, 10.0))
        self.used: set[int] = set()
        self.heads: set[str] = set()

    # -- choosing text --

    def pick(self, chars: int) -> Story:
        """An unused story, of twelve drawn the one whose length best fills ``chars``.

        A page never holds two stories whose headlines start alike (two days' weather
        forecasts): no real page does, and their texts are too alike to tell apart.
        """
        pool = stories()
        drawn = [self.rng.randrange(len(pool)) for _ in range(12)]
        fresh = [i for i in drawn if i not in self.used and pool[i].headline[:4] not in self.heads]
        best = min(fresh or drawn, key=lambda i: abs(_chars(pool[i]) - chars))
        self.used.add(best)
        self.heads.add(pool[best].headline[:4])
        return pool[best]

    def head_for(self, story: Story, rich: bool) -> Head:
        rng = self.rng
        head = Head(headline=story.headline)
        if rich and rng.random() < 0.35:
            head.kicker = _clause(rng.choice(story.paragraphs), 16)
        if rich and rng.random() < 0.35:
            head.subheadline = "——" + _clause(story.paragraphs[-1], 20)
        if rng.random() < 0.55:
            head.byline = "本报记者　" + "　".join(self.name() for _ in range(rng.randint(1, 2)))
        return head

    def name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))

    # -- setting a story --

    def story(self, module: Module, size: float, story: Story, **kw) -> SetArticle:
        """Set ``story`` in ``module``: head, optional picture, body balanced over the columns."""
        head = kw.get("head") or self.head_for(story, len(module.columns) > 1)
        head_top = module.top
        body_top = self.set_head(module, head, size) + HEAD_GAP
        starts, picture = self.picture(module, body_top, story, kw.get("picture", 0.3))
        paragraphs = list(kw.get("paragraphs") or story.paragraphs)
        if kw.get("jump_from"):
            paragraphs = [f"（上接第{kw['jump_from']}版）", *paragraphs]
        printed, rest, bottoms = self.body(module, starts, paragraphs, kw.get("jump_to", ""))
        article = SetArticle(
            **head.__dict__,
            paragraphs=printed,
            captions=[picture[1]] if picture else [],
            kind=kw.get("kind", "story"),
            jump_to=kw.get("jump_to", ""),
            jump_from=kw.get("jump_from", ""),
        )
        if kw.get("jump_from"):
            article.paragraphs = printed[1:]
        article.boxes = _area(module, head_top, body_top, bottoms)
        self.articles.append(article)
        article.story = list(story.paragraphs) if (rest or kw.get("jump_from")) else []
        self.rest = rest
        return article

    def set_head(self, module: Module, head: Head, size: float) -> float:
        """Kicker, headline, subheadline and byline from the module's top; returns the bottom."""
        width, y, x = module.x1 - module.x0, module.top, module.x0
        centre = len(module.columns) > 1 and self.rng.random() < 0.5
        small = max(11.0, min(14.0, size * 0.5))
        if head.kicker:
            y = (
                set_lines(
                    self.sheet,
                    wrap(head.kicker, width, small),
                    x,
                    y,
                    small,
                    width=width,
                    centre=centre,
                )
                + 4
            )
        lines, size = _fit_headline(
            head.headline, width, size, 3 if len(module.columns) == 1 else 2
        )
        y = set_lines(
            self.sheet,
            lines,
            x,
            y,
            size,
            leading=size * 1.15,
            width=width,
            centre=centre,
            bold=True,
        )
        if head.subheadline:
            y = set_lines(
                self.sheet,
                wrap(head.subheadline, width, small),
                x,
                y + 5,
                small,
                width=width,
                centre=centre,
            )
        if head.byline:
            body = self.body_size
            y = set_lines(self.sheet, wrap(head.byline, width, body), x, y + 5, body)
        return y

    def picture(self, module: Module, top: float, story: Story, chance: float):
        """Maybe a picture with its caption at the body's top over some of the columns.

        Returns each column's first free y and (picture box, caption) or None.
        """
        count = len(module.columns)
        starts = [top] * count
        if self.rng.random() >= chance or module.bottom - top < 160:
            return starts, None
        span = self.rng.randint(max(1, count - 2), count) if count > 1 else 1
        first = self.rng.choice((0, count - span))
        x0, x1 = module.columns[first][0], module.columns[first + span - 1][1]
        height = min((x1 - x0) * self.rng.uniform(0.5, 0.75), (module.bottom - top) * 0.45)
        box = (x0, top, x1, top + height)
        self.sheet.images.append((_picture(self.rng, x1 - x0, height), box))
        caption = (
            "图为" + _clause(self.rng.choice(story.paragraphs), 40) + "。" + self.name() + "摄"
        )
        size = max(8.0, self.body_size - 1)
        bottom = set_lines(self.sheet, wrap(caption, x1 - x0, size), x0, box[3] + 3, size)
        for i in range(first, first + span):
            starts[i] = bottom + 8
        return starts, (box, caption)

    def body(self, module: Module, starts: list[float], paragraphs: list[str], jump_to: str):
        """Flow the body over the columns, balanced; returns printed text, the rest, bottoms."""
        size, leading = self.body_size, self.body_size * 1.5
        width = module.columns[0][1] - module.columns[0][0]
        capacity = [max(0, int((module.bottom - s - size) // leading) + 1) for s in starts]
        lines = body_lines(paragraphs, width, size)
        printed, rest = _cut(paragraphs, lines, sum(capacity), jump_to)
        lines = body_lines(printed, width, size)
        if jump_to:
            lines.append(BodyLine(f"（下转第{jump_to}版）", 0.0, False))
        counts = _balance(starts, capacity, len(lines), leading)
        bottoms, at = [], 0
        for (x0, _), start, count in zip(module.columns, starts, counts, strict=True):
            for k in range(count):
                baseline = start + ascent(size) + k * leading
                set_body_line(self.sheet, lines[at + k], x0, baseline, width, size)
            at += count
            bottoms.append(start + (count - 1) * leading + _glyph(size) if count else None)
        self.bottom = max([b for b in bottoms if b is not None], default=starts[0])
        return printed, rest, bottoms


def _glyph(size: float) -> float:
    return ascent(size) + descent(size)


def _fit_headline(text: str, width: float, size: float, most: int) -> tuple[list[str], float]:
    lines = wrap(text, width, size)
    while len(lines) > most and size > 12:
        size -= 2
        lines = wrap(text, width, size)
    return lines, size


def _clause(text: str, most: int) -> str:
    """The first clause of ``text`` (up to a comma or full stop), at most ``most`` characters."""
    for stop in "，。；：！？,.;:!?":
        text = text.split(stop)[0]
    return text[:most] or "新闻"


def _cut(paragraphs: list[str], lines: list[BodyLine], capacity: int, jump_to: str):
    """What fits: whole paragraphs, or when jumping, lines up to the marker's own line."""
    room = capacity - (1 if jump_to else 0)
    if len(lines) <= room:
        return paragraphs, []
    printed, used = [], 0
    for i, paragraph in enumerate(paragraphs):
        need = _line_count(lines, i)
        if used + need > room:
            if jump_to or not printed:
                kept = _head_lines(lines, i, room - used)
                cut = "".join(line.text for line in kept)
                return printed + [cut], [paragraph[len(cut) :], *paragraphs[i + 1 :]]
            return printed, paragraphs[i:]
        printed.append(paragraph)
        used += need
    return printed, []


def _line_count(lines: list[BodyLine], paragraph: int) -> int:
    """How many of ``lines`` belong to paragraph number ``paragraph`` (counted by indents)."""
    starts = [i for i, line in enumerate(lines) if line.indent]
    end = starts[paragraph + 1] if paragraph + 1 < len(starts) else len(lines)
    return end - starts[paragraph]


def _head_lines(lines: list[BodyLine], paragraph: int, count: int) -> list[BodyLine]:
    starts = [i for i, line in enumerate(lines) if line.indent]
    return lines[starts[paragraph] : starts[paragraph] + max(count, 1)]


def _balance(starts: list[float], capacity: list[int], total: int, leading: float) -> list[int]:
    """Lines per column so that the columns end as evenly as they can (the last may be short)."""
    level = min(starts)
    while True:
        fits = [
            min(c, max(0, int((level - s) // leading) + 1))
            for s, c in zip(starts, capacity, strict=True)
        ]
        if sum(fits) >= total or fits == capacity:
            break
        level += leading
    counts, left = [], total
    for fit in fits:
        counts.append(min(fit, left))
        left -= counts[-1]
    return counts


def _area(module: Module, head_top: float, body_top: float, bottoms: list) -> list[Rect]:
    """The true area: the head over the used columns, each column down to its last line,
    and the gutters between used columns down to the shorter one."""
    used = [(col, b) for col, b in zip(module.columns, bottoms, strict=True) if b is not None]
    if not used:
        return [relative((module.x0, head_top, module.x1, body_top))]
    x0, x1 = used[0][0][0], used[-1][0][1]
    boxes = [(x0, head_top, x1, body_top)]
    for ((a0, a1), bottom), nxt in zip(used, used[1:] + [None], strict=True):
        boxes.append((a0, body_top, a1, bottom))
        if nxt is not None:
            boxes.append((a1, body_top, nxt[0][0], min(bottom, nxt[1])))
    return [relative(b) for b in boxes]


def _picture(rng: random.Random, width: float, height: float) -> bytes:
    """A made-up photograph: a sky gradient, a ground and a few shapes."""
    w, h = max(8, int(width * 1.5)), max(8, int(height * 1.5))
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    sky = [rng.randint(60, 220) for _ in range(3)]
    for y in range(h):
        shade = tuple(max(0, c - y * 80 // h) for c in sky)
        draw.line([(0, y), (w, y)], fill=shade)
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randint(5, max(6, w // 4))
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


# ---- the page: furniture, bands of stories, short items, an advertisement ------------------


class PageSetter(Page):
    """Lays a whole page out: furniture first, then bands of modules filled with stories."""

    def masthead(self, pages: int) -> float:
        """Page 1's masthead: the paper's name in huge type, the date, 期次; returns its bottom."""
        top, size = MARGIN, self.rng.choice((54.0, 60.0, 66.0))
        bottom = set_lines(self.sheet, [self.paper], MARGIN, top, size, bold=True)
        info = [
            self.date_text(),
            f"第{self.rng.randint(10000, 29999)}期　今日{pages}版",
            f"国内统一连续出版物号　CN{self.rng.randint(11, 65)}-{self.rng.randint(1, 99):04d}",
        ]
        x = PAGE_W - MARGIN - max(text_width(t, 10) for t in info)
        side = set_lines(self.sheet, info, x, top + 4, 10.0, leading=16)
        bottom = max(bottom, side) + 8
        self.sheet.rules.append((MARGIN, bottom, PAGE_W - MARGIN, bottom))
        self.furniture.append(
            Furniture(
                "masthead",
                self.paper + " " + " ".join(info),
                [relative((MARGIN, top, PAGE_W - MARGIN, bottom))],
            )
        )
        return bottom + 14

    def header(self, name: str) -> float:
        """Another page's header: paper, date, 第X版, 版名, over a rule; returns its bottom."""
        top, size = MARGIN, 10.0
        parts = [self.paper, self.date_text(), f"第{self.number}版　{name}"]
        lefts = [
            MARGIN,
            (PAGE_W - text_width(parts[1], size)) / 2,
            PAGE_W - MARGIN - text_width(parts[2], size),
        ]
        for text, x in zip(parts, lefts, strict=True):
            bottom = set_lines(self.sheet, [text], x, top, size)
        self.sheet.rules.append((MARGIN, bottom + 5, PAGE_W - MARGIN, bottom + 5))
        self.furniture.append(
            Furniture(
                "header", " ".join(parts), [relative((MARGIN, top, PAGE_W - MARGIN, bottom + 5))]
            )
        )
        return bottom + 20

    def folio(self, name: str) -> float:
        """The foot of the page: folio and 责任编辑 under a rule; returns the content's bottom."""
        size = 9.0
        top = PAGE_H - MARGIN - _glyph(size)
        left, right = f"第{self.number}版　{name}", f"责任编辑：{self.name()}"
        set_lines(self.sheet, [left], MARGIN, top, size)
        set_lines(self.sheet, [right], PAGE_W - MARGIN - text_width(right, size), top, size)
        self.sheet.rules.append((MARGIN, top - 6, PAGE_W - MARGIN, top - 6))
        self.furniture.append(
            Furniture(
                "folio",
                left + " " + right,
                [relative((MARGIN, top - 6, PAGE_W - MARGIN, PAGE_H - MARGIN))],
            )
        )
        return top - 18

    def date_text(self) -> str:
        day = datetime.date(*self.date)
        return f"{day.year}年{day.month}月{day.day}日　星期{WEEKDAYS[day.weekday()]}"

    # -- the body of the page --

    def layout(self, top: float, bottom: float, count: int, jump_out: bool, jump_in: Jump | None):
        rng, cols = self.rng, grid(count)
        main = cols
        if count >= 4 and rng.random() < 0.5:
            main = cols[:-1]
            self.briefs(cols[-1], top, bottom)
            x = (cols[-2][1] + cols[-1][0]) / 2
            self.sheet.rules.append((x, top, x, bottom))
        ad = rng.uniform(130, 200) if rng.random() < 0.5 else 0.0
        stop = bottom - (ad + BAND_GAP if ad else 0)
        bands = self.bands(top, stop, 1 if count <= 3 else rng.randint(2, 3))
        for i, (band_top, band_bottom) in enumerate(bands):
            jump = "out" if jump_out and i == len(bands) - 1 else None
            jump = "in" if jump_in and i == min(1, len(bands) - 1) else jump
            self.band(main, band_top, band_bottom, lead=i == 0, jump=jump, jump_in=jump_in)
            if i < len(bands) - 1 or ad:
                y = band_bottom + BAND_GAP / 2
                self.sheet.rules.append((main[0][0], y, main[-1][1], y))
        if ad:
            self.ad_band(main, stop + BAND_GAP, bottom)

    def bands(self, top: float, bottom: float, count: int) -> list[tuple[float, float]]:
        """Heights of the bands of stories down the page (the lead band the tallest)."""
        height = bottom - top - (count - 1) * BAND_GAP
        weights = [self.rng.uniform(1.3, 1.8)] + [
            self.rng.uniform(0.8, 1.2) for _ in range(count - 1)
        ]
        out, y = [], top
        for w in weights:
            h = height * w / sum(weights)
            out.append((y, y + h))
            y += h + BAND_GAP
        return out

    def band(self, cols, top, bottom, lead: bool, jump: str | None, jump_in: Jump | None):
        groups = self.groups(len(cols), lead)
        at = 0
        for g, span in enumerate(groups):
            module = Module(cols[at : at + span], top, bottom)
            if g:
                x = (cols[at - 1][1] + cols[at][0]) / 2
                self.sheet.rules.append((x, top, x, bottom))
            if jump == "out" and g == 0:
                self.jump_out(module)
            elif jump == "in" and g == 0 and jump_in is not None:
                self.jump_in(module, jump_in)
            else:
                self.fill(module, lead and g == 0)
            at += span

    def groups(self, count: int, lead: bool) -> list[int]:
        """How a band's columns are shared among its stories."""
        if lead:
            first = (
                count if count <= 3 or self.rng.random() < 0.4 else count - self.rng.randint(1, 2)
            )
            return [first] + self.groups(count - first, False) if first < count else [first]
        out = []
        while count:
            span = self.rng.randint(1, min(3, count))
            out.append(span)
            count -= span
        return out

    def headline_size(self, span: int, lead: bool) -> float:
        if lead:
            return self.rng.choice((28.0, 32.0, 36.0, 40.0))
        return self.rng.choice(
            {1: (14.0, 16.0, 17.0), 2: (18.0, 20.0, 22.0)}.get(span, (22.0, 24.0, 28.0))
        )

    def capacity(self, module: Module) -> int:
        """About how many characters of body text the module holds."""
        size = self.body_size
        lines = (module.bottom - module.top) / (size * 1.5)
        return int(
            lines * (module.columns[0][1] - module.columns[0][0]) / size * len(module.columns) * 0.8
        )

    def fill(self, module: Module, lead: bool) -> None:
        story = self.pick(self.capacity(module))
        self.story(module, self.headline_size(len(module.columns), lead), story)

    def jump_out(self, module: Module) -> None:
        """A story too long for its module, cut with （下转第X版）; the rest goes on."""
        need = self.capacity(module) * 2
        pool = stories()
        story = max((pool[self.rng.randrange(len(pool))] for _ in range(40)), key=_chars)
        if _chars(story) < need:  # join two stories' bodies so it surely overflows
            other = pool[self.rng.randrange(len(pool))]
            story = Story(story.headline, story.paragraphs + other.paragraphs)
        to = str(self.number + 1)
        article = self.story(
            module,
            self.headline_size(len(module.columns), False),
            story,
            jump_to=to,
            kind="jump",
            picture=0.0,
        )
        self.jump = Jump(article.headline, self.rest, list(story.paragraphs), self.number)

    def jump_in(self, module: Module, jump: Jump) -> None:
        story = Story(jump.headline, tuple(jump.story))
        self.story(
            module,
            self.headline_size(len(module.columns), False),
            story,
            head=Head(headline=jump.headline),
            paragraphs=jump.paragraphs,
            jump_from=str(jump.from_page),
            kind="jump",
            picture=0.0,
        )

    def briefs(self, col: tuple[float, float], top: float, bottom: float) -> None:
        """A column of short items (简讯), each with a small headline, rules between them."""
        y = top
        while bottom - y > 110:
            story = self.pick(150)
            lead = next((p for p in story.paragraphs if len(p) >= 30), story.paragraphs[0])
            sentences = _sentences(lead)
            text = "".join(sentences[: self.rng.randint(1, 3)])[:160]
            module = Module([col], y, bottom)
            self.story(
                module,
                self.rng.choice((11.0, 12.0, 13.0)),
                story,
                kind="brief",
                head=Head(headline=story.headline),
                paragraphs=[text],
                picture=0.0,
            )
            y = self.bottom + BAND_GAP / 2
            self.sheet.rules.append((col[0], y, col[1], y))
            y += BAND_GAP / 2

    def ad_band(self, cols, top: float, bottom: float) -> None:
        """The bottom band: an advertisement over some columns, stories beside it."""
        span = self.rng.randint(2, len(cols)) if len(cols) > 2 else len(cols)
        left = self.rng.random() < 0.5
        ad_cols = cols[:span] if left else cols[len(cols) - span :]
        self.advertisement((ad_cols[0][0], top, ad_cols[-1][1], bottom))
        rest = cols[span:] if left else cols[: len(cols) - span]
        if rest:
            x = (
                (cols[span - 1][1] + cols[span][0]) / 2
                if left
                else (rest[-1][1] + ad_cols[0][0]) / 2
            )
            self.sheet.rules.append((x, top, x, bottom))
            self.fill(Module(rest, top, bottom), False)

    def advertisement(self, box: Rect) -> None:
        """A framed advertisement: large type, no headline/body structure."""
        rng = self.rng
        x0, y0, x1, y1 = box
        fill = tuple(rng.uniform(0.85, 1.0) for _ in range(3))
        self.sheet.frames.append((box, fill))
        brand, words = rng.choice(AD_BRANDS), "　".join(rng.sample(AD_WORDS, 2))
        phone = (
            f"订购热线：0{rng.randint(10, 999)}-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        )
        width, y = x1 - x0 - 20, y0 + 12
        for text, size in ((brand, rng.choice((30.0, 36.0))), (words, 20.0), (phone, 13.0)):
            lines, size = _fit_headline(text, width, size, 1)
            y = set_lines(
                self.sheet, lines, x0 + 10, y, size, width=width, centre=True, bold=size > 20
            )
            y += 8
            if y > y1 - 20:
                break
        self.furniture.append(Furniture("ad", f"{brand} {words} {phone}", [relative(box)]))


def _sentences(text: str) -> list[str]:
    out, current = [], ""
    for char in text:
        current += char
        if char in "。！？":
            out.append(current)
            current = ""
    return out + ([current] if current else [])


# ---- the entry points ----------------------------------------------------------------------


def typeset_page(seed: int, number: int = 1, **kw) -> SetPage:
    """One generated page, the same for the same seed and arguments.

    Keywords: ``pages`` (the edition's size, for the masthead), ``columns`` (3-6, else drawn),
    ``shuffle`` (write the text in an order other than reading order), ``jump_out`` (cut a
    story with 下转第{number + 1}版), ``jump_in`` (a ``Jump`` continued here), ``paper``, ``date``.
    """
    rng = random.Random(f"{seed}:{number}")
    paper = kw.get("paper") or random.Random(seed).choice(NEWSPAPERS)
    date = kw.get("date") or (
        2024,
        random.Random(seed).randint(1, 12),
        random.Random(seed).randint(1, 28),
    )
    page = PageSetter(rng, number, paper, date)
    page.jump = None
    name = PAGE_NAMES[(number - 1) % len(PAGE_NAMES)]
    top = page.masthead(kw.get("pages", 4)) if number == 1 else page.header(name)
    bottom = page.folio(name)
    count = kw.get("columns") or rng.randint(3, 6)
    page.layout(top, bottom, count, kw.get("jump_out", False), kw.get("jump_in"))
    pdf = page.sheet.pdf(rng if kw.get("shuffle") else None)
    label = f"{number:02d}"
    return SetPage(pdf, label, number, name, page.articles, page.furniture, jump=page.jump)


def typeset_edition(seed: int, pages: int = 8, shuffle: bool = False) -> list[SetPage]:
    """A whole edition: page 1 with the masthead sends a story on to page 2 (转版)."""
    out: list[SetPage] = []
    for number in range(1, pages + 1):
        jump_in = out[0].jump if number == 2 else None
        out.append(
            typeset_page(
                seed,
                number,
                pages=pages,
                shuffle=shuffle,
                jump_out=number == 1 and pages > 1,
                jump_in=jump_in,
            )
        )
    return out
