"""An ALTO file's words as the page's text with boxes (``textlayer.PageText``).

ALTO is how libraries deliver OCR: every word (``String``) with its box on the
page scan, its confidence, and the spaces (``SP``) between words, inside
``TextLine`` and ``TextBlock`` elements. Every ALTO generation is read the same
way — v1 (the CCS namespace), v2, v3 and v4, with or without a namespace — by
local element names, since NDNP batches from the 2000s and today's both turn up
in one archive.

Coordinates are in the file's ``MeasurementUnit`` (``pixel``, ``mm10`` or
``inch1200``) on a page ``WIDTH`` x ``HEIGHT`` of the same unit, so dividing by
the page's size gives page-relative positions whatever the unit: the words land
on the right place of any rendering of the scan (the JP2 is the 1200-dpi ALTO
grid divided by four in NDNP batches; we never need to know that).

A line's ``edges`` spread each word's characters evenly over the word's box (ALTO
gives no per-character positions unless ``Glyph`` elements are present, which few
producers write) and let the space between two words span the gap between them,
which is what a hit box on the page needs. The line's confidence is the mean of its
words' ``WC`` (0..1).

Parsing is the caller's (``ingest``, with its safe XML parser): this module turns
a parsed root into a ``PageText`` and raises ``AltoRefused`` saying in words why
a file cannot be a page's text.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from lxml import etree

from .textlayer import ALTO, SCALE, Box, Line, PageText


class AltoRefused(ValueError):
    """The XML is not an ALTO page this module can place on its page (message: why)."""


@dataclass
class _Piece:
    """A word or a space of one line: its text and its span along the line."""

    text: str
    start: float
    end: float
    box: tuple[float, float, float, float] | None = None  # words only: x0, y0, x1, y1
    conf: float | None = None


@dataclass
class _Grid:
    """The page's size in the file's unit: maps ALTO positions into ``SCALE`` units."""

    width: float
    height: float

    def x(self, value: float) -> int:
        return _clamp(round(value * SCALE / self.width))

    def y(self, value: float) -> int:
        return _clamp(round(value * SCALE / self.height))


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _clamp(value: int) -> int:
    return min(max(value, 0), SCALE)


def _number(el: etree._Element, name: str) -> float | None:
    """A finite, non-negative number attribute, or None (absent, junk, NaN, infinite)."""
    raw = el.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _box(el: etree._Element) -> tuple[float, float, float, float] | None:
    x, y = _number(el, "HPOS"), _number(el, "VPOS")
    w, h = _number(el, "WIDTH"), _number(el, "HEIGHT")
    if x is None or y is None or w is None or h is None:
        return None
    return (x, y, x + w, y + h)


def alto_text(root: etree._Element) -> PageText:
    """The page's text with boxes from a parsed ALTO document (``AltoRefused`` if not one)."""
    if _local(root) != "alto":
        raise AltoRefused(f"is not ALTO: its root element is <{_local(root)}>, not <alto>")
    page = next((el for el in root.iter() if _local(el) == "Page"), None)
    if page is None:
        raise AltoRefused("is ALTO without a <Page> element")
    grid = _page_grid(page)
    lines = [line for el in page.iter() if _local(el) == "TextLine" for line in _line(el, grid)]
    figures = [_scaled(b, grid) for b in _boxes(page, "Illustration")]
    return PageText(source=ALTO, lines=lines, figures=figures, width=grid.width, height=grid.height)


def _page_grid(page: etree._Element) -> _Grid:
    """The page's size; a page that states none is as large as what is printed on it."""
    width, height = _number(page, "WIDTH"), _number(page, "HEIGHT")
    if not width or not height:
        boxes = [b for el in page.iter() if (b := _box(el)) is not None]
        width = max((b[2] for b in boxes), default=0.0)
        height = max((b[3] for b in boxes), default=0.0)
    if not width or not height:
        raise AltoRefused("gives its page no size and no positioned text")
    return _Grid(width, height)


def _boxes(page: etree._Element, name: str) -> list[tuple[float, float, float, float]]:
    return [b for el in page.iter() if _local(el) == name and (b := _box(el)) is not None]


def _scaled(box: tuple[float, float, float, float], grid: _Grid) -> Box:
    return (grid.x(box[0]), grid.y(box[1]), grid.x(box[2]), grid.y(box[3]))


def _line(el: etree._Element, grid: _Grid) -> list[Line]:
    """The ``TextLine`` as a ``Line`` (none when it holds no positioned word)."""
    parts = _pieces(el)
    words = [p for p in parts if p.box is not None]
    if not words:
        return []
    text = "".join(p.text for p in parts)
    edges = _edges(parts, grid)
    own = _box(el)
    box = own if own is not None else _union([w.box for w in words if w.box is not None])
    heights = [w.box[3] - w.box[1] for w in words if w.box is not None]
    confs = [w.conf for w in words if w.conf is not None]
    return [
        Line(
            text=text,
            box=_scaled(box, grid),
            edges=edges,
            size=grid.y(statistics.median(heights)),
            conf=round(statistics.fmean(confs), 3) if confs else None,
        )
    ]


def _pieces(el: etree._Element) -> list[_Piece]:
    """Words and spaces of the line in order, each with its span along the line.

    A ``HYP`` (the hyphen printed where a word breaks across lines) is left out, as
    the Library of Congress's own text of an ALTO page leaves it out: "Har" and "bor"
    then read as the two halves of one word, for search and for hit boxes alike.
    """
    parts: list[_Piece] = []
    for child in el:
        kind = _local(child)
        if kind == "String":
            parts.extend(_word(child, parts))
        elif kind == "SP" and parts and parts[-1].text != " ":
            at = parts[-1].end
            parts.append(_Piece(" ", at, at))
    _close_gaps(parts)
    return parts


def _word(el: etree._Element, parts: list[_Piece]) -> list[_Piece]:
    text = " ".join((el.get("CONTENT") or "").split())
    box = _box(el)
    if not text or box is None:
        return []
    spacer = [_Piece(" ", box[0], box[0])] if parts and parts[-1].text != " " else []
    conf = _number(el, "WC")
    return [
        *spacer,
        _Piece(text, box[0], box[2], box, min(conf, 1.0) if conf is not None else None),
    ]


def _close_gaps(parts: list[_Piece]) -> None:
    """A space spans from the end of the word before it to the start of the word after it."""
    for i, piece in enumerate(parts):
        if piece.text == " ":
            piece.end = parts[i + 1].start if i + 1 < len(parts) else piece.start
    while parts and parts[-1].text == " ":
        parts.pop()


def _edges(parts: list[_Piece], grid: _Grid) -> list[int]:
    """Where each character starts, then where the last ends, in ``SCALE`` units along x."""
    edges: list[int] = []
    for piece in parts:
        span = max(piece.end - piece.start, 0.0)
        step = span / len(piece.text)
        edges.extend(grid.x(piece.start + i * step) for i in range(len(piece.text)))
    edges.append(grid.x(parts[-1].end))
    return _monotonic(edges)


def _monotonic(edges: list[int]) -> list[int]:
    """Edges never run backwards (overlapping word boxes in OCR output would make them)."""
    out = [edges[0]]
    for edge in edges[1:]:
        out.append(max(edge, out[-1]))
    return out


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass
class Region:
    """Part of a page a METS file points at: its text lines and its boxes (``SCALE`` units).

    ``joins[i]`` is True when line ``i`` ends in a word broken by a hyphen, so the
    next line continues the word without a space.
    """

    lines: list[str]
    joins: list[bool]
    boxes: list[Box]
    block: str = ""  # the ID of the ALTO block it starts in: word ranges of one block join up

    @property
    def text(self) -> str:
        out, joined = "", True
        for line, join in zip(self.lines, self.joins, strict=True):
            out += line if joined else " " + line
            joined = join
        return out


class AltoIndex:
    """An ALTO page's elements by ``ID``, for METS files that link articles into it.

    Two linking styles are in use: a block's ID (``BEGIN="P1_TB00008"``, the BnL and
    most European libraries) and a range of word IDs (``BEGIN="word000233"
    END="word000234"``, the British Library). ``region`` answers both.
    """

    def __init__(self, root: etree._Element):
        text = alto_text(root)  # refuses what is not an ALTO page
        page = next(el for el in root.iter() if _local(el) == "Page")
        self.text = text
        self.grid = _Grid(text.width, text.height)
        self.by_id = {el.get("ID", ""): el for el in page.iter() if el.get("ID")}
        self.words = [el for el in page.iter() if _local(el) == "String"]
        self.position = {id(el): i for i, el in enumerate(self.words)}

    def region(self, begin: str, end: str = "") -> Region | None:
        """The element ``begin`` names, or the words from ``begin`` to ``end``; None if absent."""
        first = self.by_id.get(begin)
        if first is None:
            return None
        if _local(first) == "String":
            last = self.by_id.get(end or begin)
            if last is None or _local(last) != "String":
                return None
            return self._words(self.position[id(first)], self.position[id(last)])
        return self._element(first)

    def _element(self, el: etree._Element) -> Region:
        lines = [line for line in el.iter() if _local(line) == "TextLine"]
        region = self._lines([[w for w in line if _local(w) == "String"] for line in lines])
        box = _box(el)
        if box is not None:
            region.boxes = [_scaled(box, self.grid)]
        region.block = el.get("ID", "")
        return region

    def _words(self, start: int, stop: int) -> Region:
        chosen = self.words[min(start, stop) : max(start, stop) + 1]
        lines: list[tuple[etree._Element | None, list[etree._Element]]] = []
        for word in chosen:  # elements, not id()s: lxml's proxies come and go
            parent = word.getparent()
            if lines and lines[-1][0] is parent:
                lines[-1][1].append(word)
            else:
                lines.append((parent, [word]))
        return self._lines([words for _, words in lines])

    def _lines(self, lines: list[list[etree._Element]]) -> Region:
        region = Region([], [], [])
        blocks: list[tuple[etree._Element | None, list]] = []
        for words in lines:
            text = " ".join(" ".join((w.get("CONTENT") or "").split()) for w in words).strip()
            if not text:
                continue
            region.lines.append(text)
            region.joins.append(_broken(words[-1]))
            line = words[-1].getparent()
            block = line.getparent() if line is not None else None
            if not region.block and block is not None:
                region.block = block.get("ID", "")
            boxes = [b for w in words if (b := _box(w)) is not None]
            if blocks and blocks[-1][0] is block:
                blocks[-1][1].extend(boxes)
            else:
                blocks.append((block, boxes))
        region.boxes = [_scaled(_union(b), self.grid) for _, b in blocks if b]
        return region


def _broken(last_word: etree._Element) -> bool:
    """Whether the line ends in a word broken across lines (a ``HYP`` after it, or HypPart1)."""
    after = last_word.getnext()
    return (after is not None and _local(after) == "HYP") or (
        last_word.get("SUBS_TYPE") == "HypPart1"
    )
