"""The one analyzer: the same folding and tokens for indexing and for queries.

Every backend indexes what this module produces and queries with it, so a
query means the same thing on every engine (see ``docs/search.md``):

1. **Folding**, one source character at a time: Unicode NFKC (ＩＭＦ → IMF,
   １９９８ → 1998), case folding, Traditional → Simplified (經濟 → 经济, via
   OpenCC's character table, never its phrase table, so a substring of a text
   folds to a substring of the folded text), format characters (zero-width
   space, soft hyphen, BOM) dropped, every whitespace and control character
   made a plain space (a control character separates, never joins). Folding per
   character keeps a map from each folded character back to the original, so
   snippets highlight the characters the reader sees.
2. **Tokens**: a run of letters outside the CJK blocks is one word (``apec``);
   every other non-space character (a CJK character, a digit, a punctuation
   mark) is a token of its own; a run of whitespace is the token ``␣``. Digits
   are thus inside the CJK n-gram stream, so ``12月31日`` matches as a substring.
3. **Grams**: the *unigram* stream holds every token but ``␣``; the *bigram*
   stream holds every pair of adjacent tokens, in order. A query of one token is
   a unigram term; a query of n ≥ 2 tokens is the phrase of its n - 1 bigrams,
   which matches exactly where the n tokens stand side by side in the text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import add

import opencc

# Raise when the tokens of some text change (folding, token rules): every stored
# document's fingerprint includes it, so ``broadsheet search --check`` then reports
# the whole index stale and ``broadsheet reindex`` brings it in step.
ANALYZER_VERSION = 2
SPACE_TOKEN = "␣"
MAX_WORD = 64  # longer words are cut, alike in index and query (tantivy caps term size)

_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
)
# A word: letters that are not CJK. ``[^\W\d_]`` is "a letter".
WORD_CHAR = rf"(?![{_CJK}])[^\W\d_]"
_WORD = rf"(?:{WORD_CHAR})+"
_TOKEN = re.compile(rf"({_WORD})|(\s+)|(.)", re.DOTALL)
_WORD_CHAR = re.compile(WORD_CHAR)
_converter = opencc.OpenCC("t2s")


def unseen(char: str) -> str | None:
    """What becomes of a character nobody reads, in indexed text and queries alike.

    Whitespace and control characters are a space (they separate, never join);
    format characters (zero-width space, soft hyphen, BOM), surrogates, private
    use and unassigned code points are dropped; ``None`` for every other.
    """
    category = unicodedata.category(char)
    if char.isspace() or category == "Cc":
        return " "
    if category in ("Cf", "Cs", "Co", "Cn"):
        return ""
    return None


def _fold_char(char: str) -> str:
    """Fold one source character to zero, one or (rarely) several characters."""
    gone = unseen(char)
    if gone is not None:
        return gone
    folded = unicodedata.normalize("NFKC", char).casefold()
    out = []
    for c in folded:
        if c.isspace() or unicodedata.category(c) == "Cc":
            out.append(" ")
        elif unicodedata.category(c) != "Cf":
            simplified = _converter.convert(c) if ord(c) > 0x2E7F else c
            out.append(simplified)
    return "".join(out)


class _FoldTable(dict):
    """``str.translate`` table filled lazily, one code point at a time.

    Code points whose folding is not exactly one character are remembered in
    ``irregular``: only texts holding one of them need an offset map.
    """

    def __init__(self):
        super().__init__()
        self.irregular: set[str] = set()
        self._pattern: tuple[int, re.Pattern | None] = (0, None)

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        self[code] = folded
        return folded

    def irregular_pattern(self) -> re.Pattern | None:
        """A character class of the irregular code points seen so far (rebuilt as it grows)."""
        size, pattern = self._pattern
        if size != len(self.irregular):
            chars = "".join(re.escape(c) for c in sorted(self.irregular))
            self._pattern = (len(self.irregular), re.compile(f"[{chars}]"))
        return self._pattern[1]


_TABLE = _FoldTable()


@dataclass(frozen=True)
class Folded:
    """Folded text and the way back from its offsets to the source text's.

    Only the source characters whose folding is not one character (``…`` →
    ``...``, a dropped zero-width space) are listed, in ``jumps`` as
    (folded start, folded length, source index) with their folded starts in
    ``starts``: between two of them the offsets differ by a constant. A
    snippet maps a few offsets of a long article, so the map costs nothing for
    ordinary text and a bisection per offset for the rest.
    """

    text: str
    source: str
    jumps: tuple[tuple[int, int, int], ...] = ()
    starts: tuple[int, ...] = ()

    def origin(self, at: int) -> int:
        """Index of the source character that folded into ``text[at]``."""
        i = bisect_right(self.starts, at) - 1
        if i < 0:
            return at
        start, length, source = self.jumps[i]
        return source if at < start + length else source + 1 + at - start - length

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source text that folded into ``text[start:end]``."""
        if not self.jumps:
            return start, end
        if start >= len(self.text):
            return len(self.source), len(self.source)
        return self.origin(start), self.origin(end - 1) + 1 if end > start else self.origin(start)

    def extended(self, more: str) -> Folded:
        """The folding of ``source + more``: folding is per character, so ``more`` folds alone."""
        tail = fold(more)
        at_text, at_source = len(self.text), len(self.source)
        jumps = self.jumps + tuple((f + at_text, n, s + at_source) for f, n, s in tail.jumps)
        return Folded(self.text + tail.text, self.source + more, jumps, tuple(j[0] for j in jumps))


def fold(text: str) -> Folded:
    """Fold ``text`` (NFKC, casefold, Traditional → Simplified) keeping the offset map."""
    folded = text.translate(_TABLE)
    pattern = _TABLE.irregular_pattern()
    if pattern is None or not pattern.search(text):
        return Folded(folded, text)
    jumps, shift = [], 0
    for match in pattern.finditer(text):
        length = len(_TABLE[ord(match.group())])
        jumps.append((match.start() + shift, length, match.start()))
        shift += length - 1
    return Folded(folded, text, tuple(jumps), tuple(j[0] for j in jumps))


LAST_FOLDED = 0x3FFFF  # above: every code point folds to itself or to nothing (a test checks)


@lru_cache(maxsize=1)
def _sources() -> dict[str, frozenset[str]]:
    """Character → the other code points whose folding contains it (about 0.2 s, once)."""
    found: dict[str, set[str]] = {}
    for code in range(LAST_FOLDED + 1):
        char = chr(code)
        folded = _fold_char(char)
        if folded != char:
            for part in folded:
                found.setdefault(part, set()).add(char)
    return {char: frozenset(chars) for char, chars in found.items()}


def sources_of(char: str) -> frozenset[str]:
    """Every character whose folding contains ``char``: where a match starting with it can be."""
    own = frozenset(char) if char in _TABLE[ord(char)] else frozenset()
    return own | _sources().get(char, frozenset())


def normalise(text: str) -> str:
    """The folded text alone: what "contains" means for search and its tests."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # in the folded text
    end: int


def tokenize(folded: str) -> list[Token]:
    """Tokens of already folded text, with their spans in it (for queries and highlighting)."""
    tokens = []
    for match in _TOKEN.finditer(folded):
        word, space, _other = match.groups()
        if space is not None:
            text = SPACE_TOKEN
        elif word is not None:
            text = word[:MAX_WORD]
        else:
            text = match.group()
        tokens.append(Token(text, match.start(), match.end()))
    return tokens


class _SplitTable(dict):
    """``str.translate`` table that puts spaces around every token.

    A letter of a word stays as it is (so a word's letters stay together),
    any whitespace becomes the marker ``_GAP``, every other character stands
    alone between spaces. ``str.split`` then yields the tokens: the same as
    the regular expression ``_TOKEN`` finds, about three times faster.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace():
            tokens = _GAP
        elif _WORD_CHAR.match(char):
            tokens = char
        else:
            tokens = f" {char} "
        self[code] = tokens
        return tokens


_GAP = " \x00 "  # "\x00" is a control character: folding makes it a space, so it can only be a gap
_GAPS = re.compile(f"(?:{_GAP})+")
_SPLIT = _SplitTable()
_LETTER = re.compile(rf"[^\W\d_{_CJK}]")  # WORD_CHAR as one character class: a fast search
_BLANKS = re.compile(" +")  # folded text has no other whitespace


def _split(spaced: str) -> list[str]:
    """Tokens of text translated by ``_SPLIT``: a gap run is one ``␣``; long words are cut."""
    if "\x00  \x00" in spaced:
        spaced = _GAPS.sub(_GAP, spaced)
    tokens = spaced.replace("\x00", SPACE_TOKEN).split()
    if tokens and max(map(len, tokens)) > MAX_WORD:
        tokens = [t[:MAX_WORD] for t in tokens]
    return tokens


def token_texts(folded: str) -> list[str]:
    """Token strings only: the fast path used when indexing."""
    if "\x00" in folded:  # the gap marker itself: rare enough for the slow path
        return [t.text for t in tokenize(folded)]
    return _split(folded.translate(_SPLIT))


def unigrams(tokens: list[str]) -> list[str]:
    return list(filter(SPACE_TOKEN.__ne__, tokens))


def bigrams(tokens: list[str]) -> list[str]:
    return list(map(add, tokens, tokens[1:]))


@dataclass(frozen=True)
class IndexText:
    """One field's text as a backend indexes it: two whitespace-separated streams."""

    unigrams: str
    bigrams: str


def analyze(text: str) -> IndexText:
    """Fold and tokenise ``text`` for indexing: the streams of ``token_texts(normalise(text))``.

    Most Chinese articles hold no word of letters, so every token is one
    character (a whitespace run made one ``␣`` first) and the streams are
    built from the folded string directly, without splitting it into tokens.
    """
    folded = normalise(text)
    if not _LETTER.search(folded):
        return _character_streams(folded)
    tokens = _split(folded.translate(_SPLIT))
    return IndexText(
        " ".join(filter(SPACE_TOKEN.__ne__, tokens)), " ".join(map(add, tokens, tokens[1:]))
    )


def _character_streams(folded: str) -> IndexText:
    chars = _BLANKS.sub(SPACE_TOKEN, folded) if " " in folded else folded
    return IndexText(" ".join(chars.replace(SPACE_TOKEN, "")), " ".join(map(add, chars, chars[1:])))


@lru_cache(maxsize=4096)
def query_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a query phrase, whitespace trimmed at both ends."""
    tokens = token_texts(normalise(text).strip())
    return tuple(tokens)


def is_word_char(char: str) -> bool:
    """True for letters that join into a Latin (non-CJK) word."""
    return bool(_WORD_CHAR.match(char))
