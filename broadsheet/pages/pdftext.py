"""Read a PDF page's text layer, pictures and rules into a ``PageText``.

PDFium gives characters one by one, in the order the layout program wrote them,
with a box each. Characters are gathered into printed lines here: a line ends
at PDFium's own line break, where the next character no longer sits on the same
baseline band, steps back, or jumps across a column gutter. Reading order
between lines is left as the PDF gives it; placing and finding articles never
rely on it, because layout programs write columns and stories in any order.

The caller holds ``PDFIUM_LOCK`` (``editions.filetypes``'s, the one lock of the process):
PDFium is not thread-safe.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from broadsheet.editions.filetypes import PDFIUM_LOCK

from .textlayer import PDF, SCALE, Box, Line, PageText

GUTTER = 1.0  # a horizontal gap wider than this many line heights starts a new line
RULE_THICKNESS = 3.0  # points: a path thinner than this and ...
RULE_LENGTH = 20.0  # ... longer than this is a printed rule


@dataclass
class _Glyph:
    char: str
    left: float
    top: float
    right: float
    bottom: float
    weight: int


@dataclass
class _Frame:
    """The page's coordinate frame: PDF points, y up, from the crop box's corner."""

    left: float
    bottom: float
    width: float
    height: float

    def box(self, left: float, top: float, right: float, bottom: float) -> Box:
        """A PDF rectangle (y up) as a page-relative ``Box`` (y down)."""
        x0 = (left - self.left) / self.width
        x1 = (right - self.left) / self.width
        y0 = (self.bottom + self.height - top) / self.height
        y1 = (self.bottom + self.height - bottom) / self.height
        return (_unit(x0), _unit(y0), _unit(x1), _unit(y1))


def _unit(value: float) -> int:
    return max(0, min(SCALE, round(value * SCALE)))


def read_page_text(page: pdfium.PdfPage) -> PageText:
    """The text lines, picture boxes and rules of one PDF page."""
    left, bottom, right, top = page.get_cropbox()
    frame = _Frame(left, bottom, right - left, top - bottom)
    textpage = page.get_textpage()
    try:
        lines = [_line(g, frame) for g in _group(_glyphs(textpage)) if g]
    finally:
        textpage.close()
    figures, rules = _graphics(page, frame)
    lines = [x for x in lines if x.text.strip()]
    text = PageText(PDF, lines, figures, rules, round(frame.width, 2), round(frame.height, 2))
    return turned(text, page.get_rotation())


def turned(text: PageText, rotation: int) -> PageText:
    """The text of a page the PDF shows turned (``/Rotate``) as it is shown, and rendered.

    PDFium gives boxes in the page's own, unturned space; the rendered image is
    turned clockwise by ``rotation`` degrees, so boxes, edges and the page's size
    are turned with it, and lines across a page turned on its side run down it.
    """
    if rotation % 360 == 0:
        return text
    turn = _TURNS[rotation % 360]
    size = (text.height, text.width) if rotation % 180 else (text.width, text.height)
    return PageText(
        text.source,
        [_turned_line(line, rotation % 360) for line in text.lines],
        [turn(b) for b in text.figures],
        [turn(b) for b in text.rules],
        *size,
    )


_TURNS = {  # a box in the unturned page -> the same box on the page turned clockwise
    90: lambda b: (SCALE - b[3], b[0], SCALE - b[1], b[2]),
    180: lambda b: (SCALE - b[2], SCALE - b[3], SCALE - b[0], SCALE - b[1]),
    270: lambda b: (b[1], SCALE - b[2], b[3], SCALE - b[0]),
}


def _turned_line(line: Line, rotation: int) -> Line:
    edges = line.edges if rotation == 90 else [SCALE - e for e in line.edges]
    vertical = line.vertical != (rotation != 180)
    box = _TURNS[rotation](line.box)
    return Line(line.text, box, edges, line.size, line.weight, vertical, line.conf)


def _glyphs(textpage: pdfium.PdfTextPage) -> list[_Glyph | None]:
    """Every character with its loose box (the font's full height); None at a line break."""
    out: list[_Glyph | None] = []
    rect = raw.FS_RECTF()
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        char = chr(code) if 0 < code < 0x110000 else ""
        if char in ("\r", "\n", ""):
            if char == "\n":
                out.append(None)
            continue
        raw.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect))
        weight = raw.FPDFText_GetFontWeight(textpage.raw, i)
        out.append(_Glyph(char, rect.left, rect.top, rect.right, rect.bottom, max(weight, 0)))
    return out


def _group(glyphs: list[_Glyph | None]) -> list[list[_Glyph]]:
    """Gather glyphs into printed lines (see the module's docstring for where lines end)."""
    lines: list[list[_Glyph]] = [[]]
    for glyph in glyphs:
        current = lines[-1]
        if glyph is None or (current and _breaks(current, glyph)):
            lines.append([])
        if glyph is not None:
            lines[-1].append(glyph)
    return [_trim(line) for line in lines]


def _breaks(line: list[_Glyph], glyph: _Glyph) -> bool:
    """Whether ``glyph`` cannot continue ``line`` on the same row."""
    if glyph.char.isspace():  # PDFium makes up spaces between words: never a break
        return False
    last = next((g for g in reversed(line) if not g.char.isspace()), None)
    if last is None:
        return False
    height = max(last.top - last.bottom, 0.1)
    middle = (glyph.top + glyph.bottom) / 2
    if not last.bottom - height * 0.2 <= middle <= last.top + height * 0.2:
        return True
    return glyph.left < last.left - height * 0.5 or glyph.left - last.right > height * GUTTER


def _trim(line: list[_Glyph]) -> list[_Glyph]:
    while line and line[-1].char.isspace():
        line.pop()
    while line and line[0].char.isspace():
        line.pop(0)
    return line


def _line(glyphs: list[_Glyph], frame: _Frame) -> Line:
    """One ``Line``: its text, its box, its characters' edges and its type size."""
    boxes = [frame.box(g.left, g.top, g.right, g.bottom) for g in glyphs]
    real = [b for b, g in zip(boxes, glyphs, strict=True) if not g.char.isspace()] or boxes
    x0, y0 = min(b[0] for b in real), min(b[1] for b in real)
    x1, y1 = max(b[2] for b in real), max(b[3] for b in real)
    edges = _edges([b[0] for b in boxes], x0, x1)
    heights = sorted(b[3] - b[1] for b in real)
    weights = [g.weight for g in glyphs if not g.char.isspace()]
    return Line(
        text="".join(g.char for g in glyphs),
        box=(x0, y0, x1, y1),
        edges=edges,
        size=heights[len(heights) // 2],
        weight=max(set(weights), key=weights.count) if weights else 0,
    )


def _edges(starts: list[int], first: int, end: int) -> list[int]:
    """Character start positions made non-decreasing, then the line's end."""
    edges, previous = [], first
    for start in starts:
        previous = max(previous, min(start, end))
        edges.append(previous)
    return [*edges, end]


def _graphics(page: pdfium.PdfPage, frame: _Frame) -> tuple[list[Box], list[Box]]:
    """Boxes of the page's pictures and of its printed rules (thin paths, frame sides)."""
    figures: list[Box] = []
    rules: list[Box] = []
    kinds = (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH)
    for obj in page.get_objects(filter=kinds, max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            figures.append(frame.box(left, top, right, bottom))
        else:
            rules += [frame.box(*side) for side in _rule_sides(obj, left, bottom, right, top)]
    return figures, rules


def _rule_sides(obj, left: float, bottom: float, right: float, top: float) -> list[tuple]:
    """A thin path is one rule; a stroked, unfilled frame gives its four sides."""
    width, height = right - left, top - bottom
    if min(width, height) < RULE_THICKNESS and max(width, height) > RULE_LENGTH:
        return [(left, top, right, bottom)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    if not stroke.value or fill.value or min(width, height) < RULE_LENGTH:
        return []
    return [
        (left, top, right, top),
        (left, bottom, right, bottom),
        (left, top, left, bottom),
        (right, top, right, bottom),
    ]


@dataclass
class PdfPages:
    """The pages of one PDF document, opened once (``with PdfPages(data) as pdf``)."""

    data: bytes
    document: pdfium.PdfDocument | None = field(default=None, init=False)

    def __enter__(self) -> PdfPages:
        PDFIUM_LOCK.acquire()
        try:
            self.document = pdfium.PdfDocument(self.data)
        except BaseException:
            PDFIUM_LOCK.release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.document is not None:
                self.document.close()
        finally:
            PDFIUM_LOCK.release()

    def __len__(self) -> int:
        assert self.document is not None
        return len(self.document)

    def text(self, index: int) -> PageText:
        assert self.document is not None
        page = self.document[index]
        try:
            return read_page_text(page)
        finally:
            page.close()
