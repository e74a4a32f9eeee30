"""Chinese typesetting for the page PDFs: line breaking and column flow.

Lines break between any two Chinese characters, but never inside a run of Latin
letters or digits, never before closing punctuation and never after opening
punctuation (the 禁则 of Chinese typesetting). Text then pours into columns
that are balanced, as a newspaper sets a story's columns to equal depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from reportlab.pdfbase import pdfmetrics

from .fonts import FONT_NAME, cjk_font

NO_LINE_START = frozenset("，。、；：！？）》」』”’…—％,.;:!?)]}·～")
NO_LINE_END = frozenset("（《「『“‘([{")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%/+\-]*|.", re.S)
INDENT = "\u3000\u3000"


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    bold: bool = False
    color: tuple[float, float, float] = (0.1, 0.1, 0.12)
    align: str = "left"  # left, center, right


BODY = Style(10, 15.5)
SUBHEADING = Style(10, 15.5, bold=True, color=(0.55, 0.08, 0.1))
CAPTION = Style(7.5, 10.5, color=(0.3, 0.3, 0.34))
COLUMN_LOGO = Style(10, 18, bold=True, color=(1, 1, 1))


@dataclass
class Line:
    text: str
    style: Style
    justify: bool = False
    keep_with_next: bool = False

    @property
    def height(self) -> float:
        return self.style.leading


@dataclass
class Gap:
    """Space before a subheading or a figure; dropped at the top of a column."""

    height: float


@dataclass
class Figure:
    """A picture with its caption lines; ``block`` is its index in the story body."""

    block: int
    width: float
    image_height: float
    caption: list[Line] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.image_height + sum(line.height for line in self.caption) + 3


Item = Line | Gap | Figure


@cache
def width_of(text: str, size: float) -> float:
    cjk_font()  # registers the font with reportlab on first use
    return pdfmetrics.stringWidth(text, FONT_NAME, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points at ``size``."""
    lines: list[list[str]] = [[]]
    used = 0.0
    for token in TOKEN.findall(text):
        token_width = width_of(token, size)
        if lines[-1] and used + token_width > width + 0.01:
            lines.append(_carry(lines[-1], token))
            used = sum(width_of(t, size) for t in lines[-1])
        lines[-1].append(token)
        used += token_width
    return ["".join(line) for line in lines if line]


def _carry(line: list[str], token: str) -> list[str]:
    """Tokens moved off a full line so no line starts or ends with the wrong mark."""
    n = 1 if token[0] in NO_LINE_START else 0
    while 0 < n < len(line) - 1 and line[-n][0] in NO_LINE_START:
        n += 1
    while n < len(line) - 1 and line[-1 - n][-1] in NO_LINE_END:
        n += 1
    carried = line[len(line) - n :]
    del line[len(line) - n :]
    return carried


def paragraph(text: str, width: float, style: Style = BODY, indent: bool = True) -> list[Line]:
    """A justified paragraph: every line but the last fills the column."""
    rows = wrap((INDENT if indent else "") + text, width, style.size)
    return [Line(row, style, justify=i < len(rows) - 1) for i, row in enumerate(rows)]


def centred(text: str, width: float, style: Style) -> list[Line]:
    return [Line(row, style) for row in wrap(text, width, style.size)]


def pour(items: list[Item], columns: int, depth: float) -> tuple[list[list[Item]], list[Item]]:
    """Fill ``columns`` columns ``depth`` deep in order; returns them and what did not fit."""
    filled: list[list[Item]] = [[]]
    used = 0.0
    for i, item in enumerate(items):
        if isinstance(item, Gap) and not filled[-1]:
            continue
        if used + _needs(items, i) > depth + 0.01 and filled[-1]:
            if len(filled) == columns:
                return filled, items[i:]
            filled.append([])
            used = 0.0
            if isinstance(item, Gap):
                continue
        if item.height > depth + 0.01:
            return filled, items[i:]
        filled[-1].append(item)
        used += item.height
    return filled, []


def _needs(items: list[Item], i: int) -> float:
    """Height item ``i`` needs at the bottom of a column (a subheading keeps its next line)."""
    item = items[i]
    if isinstance(item, Line) and item.keep_with_next and i + 1 < len(items):
        return item.height + items[i + 1].height
    return item.height


def balance(items: list[Item], columns: int) -> float:
    """The smallest depth at which ``items`` fit in ``columns`` columns."""
    if not items:
        return 0.0
    total = sum(item.height for item in items)
    low = max(max(item.height for item in items), total / columns)
    high = total + max(item.height for item in items)
    if not pour(items, columns, low)[1]:
        return low
    for _ in range(20):
        middle = (low + high) / 2
        low, high = (low, middle) if not pour(items, columns, middle)[1] else (middle, high)
    return high
