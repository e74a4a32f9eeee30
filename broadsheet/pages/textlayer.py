"""The text of a page with its boxes: one shape for PDF text, ALTO words and OCR lines.

Placing an article on its page, finding articles on a page, and boxing a search
hit on the page image all need the same thing: each line of printed text, where
it sits, how large it is set, and where each of its characters lies. A PDF's text
layer, an ALTO file and an OCR engine all give that, so they all fill this one
shape (``PageText``) and everything downstream reads only it.

Coordinates are page-relative integers: ``x`` in 1/10000 of the page width and
``y`` in 1/10000 of the page height, origin top left, like the 0..1 hotspot
polygons times ``SCALE``. They survive any rendering size, and a line fits in a
short JSON array (``Line.pack``), so a newspaper page of 10,000 characters is
stored in tens of kilobytes.

Each line keeps ``edges``: the ``len(text) + 1`` positions along the line where
its characters start, then where the last one ends (x for horizontal lines,
y for vertical ones, as in vertical headlines; they decrease on a page the PDF
turns upside down or to the left). Character ``i`` spans
``edges[i]..edges[i + 1]``; a gap after a character counts as part of it, which
is what a highlight wants.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

SCALE = 10000  # page-relative units per page width (x) or height (y)
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in SCALE units, top left origin

PDF, ALTO, OCR = "pdf", "alto", "ocr"


@dataclass
class Line:
    """One printed line: its text, its box, its type size and where each character sits."""

    text: str
    box: Box
    edges: list[int]
    size: int = 0  # type size: the line's glyph height in 1/SCALE of the page height
    weight: int = 0  # font weight when the source knows it (400 regular, 700 bold), else 0
    vertical: bool = False
    conf: float | None = None  # OCR confidence 0..1; None for a PDF's own text

    def char_box(self, i: int) -> Box:
        """The box of character ``i`` (for hit boxes on the page image)."""
        return self.span_box(i, i + 1)

    def span_box(self, start: int, end: int) -> Box:
        """The box of characters ``start..end`` (exclusive) of this line.

        Edges run against the axis on a page turned upside down or to the left
        (``pdftext``), so the span's ends are sorted.
        """
        x0, y0, x1, y1 = self.box
        a, b = sorted((self.edges[start], self.edges[end]))
        return (x0, a, x1, b) if self.vertical else (a, y0, b, y1)

    def pack(self) -> list:
        """The line as a short JSON array (the stored form); edges as steps, which are short."""
        flags = (1 if self.vertical else 0) | (2 if self.conf is not None else 0)
        steps = [b - a for a, b in zip(self.edges, self.edges[1:], strict=False)]
        packed = [self.text, *self.box, self.size, self.weight, flags, [self.edges[0], *steps]]
        if self.conf is not None:
            packed.append(round(self.conf, 3))
        return packed

    @classmethod
    def unpack(cls, packed: list) -> Line:
        text, x0, y0, x1, y1, size, weight, flags, steps, *rest = packed
        conf = rest[0] if flags & 2 else None
        edges = list(itertools.accumulate(steps))
        return cls(text, (x0, y0, x1, y1), edges, size, weight, bool(flags & 1), conf)


@dataclass
class PageText:
    """All the text of one page, in reading order as far as the source knows it.

    ``figures`` are the boxes of pictures printed on the page and ``rules`` the
    boxes of printed lines (column and story separators): placing an article takes
    in its pictures, and finding articles splits the page along rules.
    """

    source: str = PDF
    lines: list[Line] = field(default_factory=list)
    figures: list[Box] = field(default_factory=list)
    rules: list[Box] = field(default_factory=list)
    # The page's size in points (PDF) or pixels (scans), to turn SCALE units back.
    width: float = 0.0
    height: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def has_text(self) -> bool:
        return any(line.text.strip() for line in self.lines)

    def chars(self) -> Iterator[tuple[str, Line, int]]:
        """Every character with its line and its index in the line."""
        for line in self.lines:
            for i, char in enumerate(line.text):
                yield char, line, i

    def pack(self) -> dict:
        return {
            "v": 1,
            "source": self.source,
            "size": [round(self.width, 2), round(self.height, 2)],
            "lines": [line.pack() for line in self.lines],
            "figures": [list(b) for b in self.figures],
            "rules": [list(b) for b in self.rules],
        }

    @classmethod
    def unpack(cls, packed: dict) -> PageText:
        width, height = packed.get("size", [0.0, 0.0])
        return cls(
            source=packed.get("source", PDF),
            lines=[Line.unpack(p) for p in packed.get("lines", [])],
            figures=[_box(b) for b in packed.get("figures", [])],
            rules=[_box(b) for b in packed.get("rules", [])],
            width=width,
            height=height,
        )


def _box(values: list) -> Box:
    x0, y0, x1, y1 = values
    return (x0, y0, x1, y1)


def union(boxes: list[Box]) -> Box:
    """The smallest box holding all ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def compress(text: PageText) -> bytes:
    """The stored form of a page's text: its packed JSON, deflated (about a fifth the size)."""
    data = json.dumps(text.pack(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), 6)


def decompress(data: bytes) -> PageText:
    return PageText.unpack(json.loads(zlib.decompress(data).decode("utf-8")))
