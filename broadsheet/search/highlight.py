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
from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

from .analyzer import SPACE_TOKEN, WORD_CHAR, Folded, fold, is_word_char, normalise, sources_of
from .query import Phrase

Span = tuple[int, int]
Window = tuple[int, int, list[Span]]  # a snippet's start and end in the text, its marked spans

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

    Folding is most of a snippet's cost. So the raw text is first searched
    for a character that could begin a match (``_starts``); folding starts
    just before it, a prefix at a time (``PREFIX_CHARS``, then twice as
    much, ...) until the prefix decides the window. When a prefix holds no
    match and the next such character lies beyond it, folding jumps there.
    """
    pattern = _pattern(phrases)
    base = _scan_start(text, phrases, 0) if pattern is not None else None
    if pattern is None or base is None:
        return (*_place(None, len(text), size), [])
    return _Scan(text, phrases, pattern, _reach(phrases), size).window(base)


@dataclass
class _Scan:
    """The search for a snippet's window in ``text``, folded a prefix at a time."""

    text: str
    phrases: tuple[Phrase, ...]
    pattern: re.Pattern
    reach: int | None  # how far past its start a match attempt looks; None: unbounded
    size: int

    def window(self, base: int) -> tuple[int, int, list[Span]]:
        while True:
            rest = self.text[base:]
            folded = fold(rest if self.reach is None else rest[:PREFIX_CHARS])
            decided = 0  # no match starts before this folded offset
            while True:
                window, decided, matched = self.decide(base, folded, decided)
                if window is not None:
                    return window
                jump = None if matched else self.jump(base, folded, decided)
                if jump is not None:
                    break
                folded = folded.extended(rest[len(folded.source) : 2 * len(folded.source)])
            if jump < 0:
                return (*_place(None, len(self.text), self.size), [])
            base = jump

    def jump(self, base: int, folded: Folded, decided: int) -> int | None:
        """Where to fold next when nothing before ``decided`` matched: ``-1`` if nowhere (no
        character after it can begin a match), ``None`` to go on folding this prefix."""
        if decided <= 0:
            return None
        later = _scan_start(self.text, self.phrases, base + folded.origin(decided))
        if later is None:
            return -1
        return later if later > base + len(folded.source) else None

    def decide(self, base: int, folded: Folded, decided: int) -> tuple[Window | None, int, bool]:
        """(window and spans, ``decided``, whether a match was seen) from a folded prefix.

        In a prefix, attempts at folded offsets below ``safe`` see the same
        characters as in the whole text, so they decide as they would there.
        """
        length = len(self.text)
        whole = base + len(folded.source) == length
        safe = len(folded.text) + 1 - (0 if whole or self.reach is None else self.reach)
        first = self.pattern.search(folded.text, decided)
        if first is None or first.start() >= safe:
            no_match: Window | None = (*_place(None, length, self.size), []) if whole else None
            return no_match, max(decided, safe), False
        start, end = _place(base + folded.source_span(*first.span())[0], length, self.size)
        spans: list[Span] = []
        for match in self.pattern.finditer(folded.text, first.start()):
            if match.start() >= safe:
                return None, first.start(), True
            span_start, span_end = folded.source_span(*match.span())
            if base + span_start >= end:
                return (start, end, spans), first.start(), True
            spans.append((base + span_start, base + span_end))
        complete = whole or (safe > 0 and base + folded.origin(safe - 1) >= end)
        return ((start, end, spans) if complete else None), first.start(), True


def _scan_start(text: str, phrases: tuple[Phrase, ...], pos: int) -> int | None:
    """Where folding must begin to find a match at or after ``pos``; ``None`` if none can be.

    That is one folded character before the first character that can begin a
    match, for the look-behind of a phrase that begins with a Latin word.
    """
    starts = _starts(phrases)
    if starts is None:
        return pos if pos < len(text) else None
    first = len(text)
    for char in starts:  # str.find runs at memory speed; a character class does not
        found = text.find(char, pos, first)
        first = found if found >= 0 else first
    if first == len(text):
        return None
    base = first - 1
    while base > 0 and not normalise(text[base:first]):
        base -= 1
    return max(base, 0)


@lru_cache(maxsize=256)
def _starts(phrases: tuple[Phrase, ...]) -> tuple[str, ...] | None:
    """Source characters a match can begin with (``None``: a phrase begins with a space)."""
    if any(phrase[0] == SPACE_TOKEN for phrase in phrases):
        return None
    return tuple(sorted(set().union(*(sources_of(phrase[0][0]) for phrase in phrases))))


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
