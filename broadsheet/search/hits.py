"""Hits boxed on the page image: where a query's words are printed on a page.

A reader who searched 香港 and opens the page wants to see where on the page
it stands. The page's text with boxes (``pages.textlayer``: a PDF's text layer,
ALTO words or OCR lines alike) is matched exactly as search matches articles —
the same query parser, the same folding (width, case, Traditional →
Simplified) and the same rule that a Latin word matches only whole
(``highlight.find``) — and each match is turned back into the boxes of the
characters it covers.

Library archives fail where Chinese text breaks across lines: the page's lines
are joined before matching, with nothing between two lines when one ends and
the next begins with a CJK character (a Chinese word breaks anywhere) and a
space otherwise, so 香/港 split over two lines is found, and a Latin word broken
by a hyphen (dropped from ALTO text) is found as it reads. A match spanning
lines gives a box on each line.
"""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.pages.textlayer import Box, PageText

from .analyzer import is_word_char
from .highlight import find
from .query import QueryError, parse

MAX_HITS = 500  # boxes drawn on one page: more is no help to a reader and costs the page


@dataclass(frozen=True)
class _Joined:
    """The page's lines as one text, and for each of its characters its line and index there."""

    text: str
    where: list[tuple[int, int] | None]  # None: a space put between two lines


def _cjk(char: str) -> bool:
    return char > "\u2e7f" and not is_word_char(char)


def _joined(page: PageText) -> _Joined:
    parts: list[str] = []
    where: list[tuple[int, int] | None] = []
    for n, line in enumerate(page.lines):
        if not line.text:
            continue
        if parts and not (_cjk(parts[-1][-1]) and _cjk(line.text[0])):
            parts.append(" ")
            where.append(None)
        parts.append(line.text)
        where.extend((n, i) for i in range(len(line.text)))
    return _Joined("".join(parts), where)


def joined_text(page: PageText) -> str:
    """The page's text as search reads it: its lines joined by the rule above."""
    return _joined(page).text


def page_hits(page: PageText, query: str) -> list[Box]:
    """The boxes (``SCALE`` units) of every place the query matches on the page; [] for none.

    A query that cannot be searched (empty, too long, punctuation only) has no hits.
    """
    try:
        phrases = tuple(parse(query).highlight_phrases())
    except QueryError:
        return []
    joined = _joined(page)
    boxes: list[Box] = []
    for start, end in find(joined.text, phrases):
        boxes.extend(_span_boxes(page, joined.where[start:end]))
        if len(boxes) >= MAX_HITS:
            break
    return boxes[:MAX_HITS]


def _span_boxes(page: PageText, chars: list[tuple[int, int] | None]) -> list[Box]:
    """One box per line a match covers, from its first to its last character there."""
    by_line: dict[int, list[int]] = {}
    for spot in chars:
        if spot is not None:
            by_line.setdefault(spot[0], []).append(spot[1])
    return [
        page.lines[n].span_box(min(found), max(found) + 1) for n, found in sorted(by_line.items())
    ]
