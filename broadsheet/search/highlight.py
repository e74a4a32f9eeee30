"""Highlight matches in the original text: ``<mark>`` around what the reader typed.

Matching runs on the folded text with the same token rules as the index (a
Latin word only as a whole word, whitespace runs as one space), then the
offset map puts each match back on the original characters, so ＩＭＦ in the
text is marked when the reader typed IMF. Everything else is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analyzer import SPACE_TOKEN, WORD_CHAR, fold, is_word_char
from .query import Phrase

SNIPPET_CHARS = 120
LEAD_IN = 30
_SPACES = re.compile(r"\s+")


def _phrase_pattern(phrase: Phrase) -> str:
    parts = [r"\s+" if t == SPACE_TOKEN else re.escape(t) for t in phrase]
    if is_word_char(phrase[0][0]):
        parts.insert(0, rf"(?<!{WORD_CHAR})")
    if is_word_char(phrase[-1][-1]):
        parts.append(rf"(?!{WORD_CHAR})")
    return "".join(parts)


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
    folded = fold(text)
    return [folded.source_span(m.start(), m.end()) for m in pattern.finditer(folded.text)]


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
    spans = find(text, phrases)
    start = max(0, spans[0][0] - LEAD_IN) if spans else 0
    end = min(len(text), start + size)
    if end - start < size:
        start = max(0, end - size)
    body = _marked(text, spans, start, end).strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")
