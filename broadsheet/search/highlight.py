"""Highlight matches in the original text: ``<mark>`` around what the reader typed.

Matching runs on the folded text with the same token rules as the index (a
Latin word only as a whole word, whitespace runs as one space), then the
offset map puts each match back on the original characters, so ＩＭＦ in the
text is marked when the reader typed IMF. Everything else is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

from .analyzer import SPACE_TOKEN, WORD_CHAR, Folded, fold, is_word_char
from .query import Phrase

Span = tuple[int, int]

SNIPPET_CHARS = 120
LEAD_IN = 30
PREFIX_CHARS = 400
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
    return html.escape(_SPACES.sub(" ", text))  # what Django's escape does, minus its wrappers


def mark_all(text: str, phrases: tuple[Phrase, ...]) -> SafeString:
    """The whole text, escaped, with every match marked (for headlines)."""
    return mark_safe(_marked(text, find(text, phrases), 0, len(text)))


def snippet(text: str, phrases: tuple[Phrase, ...], size: int = SNIPPET_CHARS) -> SafeString:
    """About ``size`` characters around the first match (or the opening), escaped and marked."""
    start, end, spans = _window(text, phrases, size)
    body = _marked(text, spans, start, end).strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")


def _window(text: str, phrases: tuple[Phrase, ...], size: int) -> tuple[int, int, list[Span]]:
    """The snippet's place in ``text`` and the matches in it.

    Folding is most of a snippet's cost, so a long text is folded a prefix at
    a time (``PREFIX_CHARS``, then twice as much, ...) until the prefix
    decides the window: a common word is found in the first few hundred
    characters, a rare one costs about the text up to it.
    """
    pattern = _pattern(phrases)
    if pattern is None or not text:
        return (*_place(None, len(text), size), [])
    reach = _reach(phrases)
    folded = fold(text if reach is None else text[:PREFIX_CHARS])
    decided = 0  # no match starts before this folded offset
    while True:
        window, decided = _window_in(folded, len(text), pattern, size, reach, decided)
        if window is not None:
            return window
        folded = folded.extended(text[len(folded.source) : 2 * len(folded.source)])


def _window_in(folded: Folded, length: int, pattern, size: int, reach: int | None, decided: int):
    """(window and spans, ``decided``) from ``folded``; no window when a prefix cannot decide.

    ``reach`` is how far past its start a match attempt looks. In a prefix,
    attempts at folded offsets below ``safe`` see the same characters as in
    the whole text, so they decide as they would there; ``decided`` comes
    back moved past the offsets that held no match.
    """
    whole = len(folded.source) == length
    safe = len(folded.text) + 1 - (0 if whole else reach)
    first = pattern.search(folded.text, decided)
    if first is None or first.start() >= safe:
        return ((*_place(None, length, size), []) if whole else None), max(decided, safe)
    start, end = _place(folded.source_span(*first.span())[0], length, size)
    spans = []
    for match in pattern.finditer(folded.text, first.start()):
        if match.start() >= safe:
            return None, first.start()
        span = folded.source_span(*match.span())
        if span[0] >= end:
            return (start, end, spans), first.start()
        spans.append(span)
    complete = whole or (safe > 0 and folded.origin(safe - 1) >= end)
    return ((start, end, spans) if complete else None), first.start()


def _place(first: int | None, length: int, size: int) -> tuple[int, int]:
    """Start and end of a window of ``size`` with the first match ``LEAD_IN`` from its start."""
    start = max(0, first - LEAD_IN) if first is not None else 0
    end = min(length, start + size)
    return (max(0, end - size) if end - start < size else start), end


@lru_cache(maxsize=256)
def _reach(phrases: tuple[Phrase, ...]) -> int | None:
    """Folded characters a match attempt may look at from its start; ``None`` if unbounded."""
    if any(SPACE_TOKEN in phrase for phrase in phrases):
        return None  # a space token matches any run of whitespace
    return max(sum(map(len, phrase)) for phrase in phrases) + 1
