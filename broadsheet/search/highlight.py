"""Highlight matches in the original text: ``<mark>`` around what the reader typed.

Matching runs on the folded text with the same token rules as the index (a
Latin word only as a whole word, whitespace runs as one space), then the
offset map puts each match back on the original characters, so ＩＭＦ in the
text is marked when the reader typed IMF. Everything else is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analyzer import SPACE_TOKEN, WORD_CHAR, Folded, fold, is_word_char
from .query import Phrase

Span = tuple[int, int]

SNIPPET_CHARS = 120
LEAD_IN = 30
_SPACES = re.compile(r"\s+")


def _phrase_pattern(phrase: Phrase) -> str:
    """The phrase as a regular expression; a Latin word at either end only as a whole word.

    The check that no letter precedes a word goes after the literal when it
    can (a fixed-width look-behind over letter + phrase), so the engine scans
    for the literal instead of trying the look-behind at every position.
    """
    core = "".join(r"\s+" if t == SPACE_TOKEN else re.escape(t) for t in phrase)
    pattern = core
    if is_word_char(phrase[0][0]):
        fixed_width = SPACE_TOKEN not in phrase
        pattern = rf"{core}(?<!{WORD_CHAR}{core})" if fixed_width else rf"(?<!{WORD_CHAR}){core}"
    if is_word_char(phrase[-1][-1]):
        pattern += rf"(?!{WORD_CHAR})"
    return pattern


@lru_cache(maxsize=256)
def _pattern(phrases: tuple[Phrase, ...]) -> re.Pattern | None:
    if not phrases:
        return None
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile("|".join(_phrase_pattern(p) for p in ordered))


def find(text: str, phrases: tuple[Phrase, ...]) -> list[tuple[int, int]]:
    """Spans of ``text`` (original characters) where any phrase matches."""
    pattern = _pattern(phrases)
    if pattern is None or not text:
        return []
    return list(_spans(fold(text), pattern, 0, len(text)))


def _spans(folded: Folded, pattern: re.Pattern, pos: int, until: int) -> Iterator[Span]:
    """Source spans of the matches from folded offset ``pos`` that start before ``until``.

    Scanning from a match's start finds the same later matches as scanning
    from the beginning, and stopping early spares a snippet the rest of a
    long article.
    """
    for match in pattern.finditer(folded.text, pos):
        span = folded.source_span(match.start(), match.end())
        if span[0] >= until:
            return
        yield span


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, at = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s < at or s >= e:
            continue
        out.append(_plain(text[at:s]))
        out.append(f"<mark>{_plain(text[s:e])}</mark>")
        at = e
    out.append(_plain(text[at:end]))
    return "".join(out)


def _plain(text: str) -> str:
    return escape(_SPACES.sub(" ", text))


def mark_all(text: str, phrases: tuple[Phrase, ...]) -> SafeString:
    """The whole text, escaped, with every match marked (for headlines)."""
    return mark_safe(_marked(text, find(text, phrases), 0, len(text)))


def snippet(text: str, phrases: tuple[Phrase, ...], size: int = SNIPPET_CHARS) -> SafeString:
    """About ``size`` characters around the first match (or the opening), escaped and marked."""
    pattern = _pattern(phrases)
    folded = fold(text) if pattern is not None and text else None
    first = pattern.search(folded.text) if folded is not None else None
    start = max(0, folded.source_span(*first.span())[0] - LEAD_IN) if first else 0
    end = min(len(text), start + size)
    if end - start < size:
        start = max(0, end - size)
    spans = list(_spans(folded, pattern, first.start(), end)) if first else []
    body = _marked(text, spans, start, end).strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")
