"""The one analyzer: the same folding and tokens for indexing and for queries.

Every backend indexes what this module produces and queries with it, so a
query means the same thing on every engine (see ``docs/search.md``):

1. **Folding**, one source character at a time: Unicode NFKC (ＩＭＦ → IMF,
   １９９８ → 1998), case folding, Traditional → Simplified (經濟 → 经济, via
   OpenCC's character table, never its phrase table, so a substring of a text
   folds to a substring of the folded text), control and format characters
   dropped, every whitespace character made a plain space. Folding per
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
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import opencc

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


def _fold_char(char: str) -> str:
    """Fold one source character to zero, one or (rarely) several characters."""
    if char.isspace():
        return " "
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return ""
    folded = unicodedata.normalize("NFKC", char).casefold()
    out = []
    for c in folded:
        if c.isspace():
            out.append(" ")
        elif unicodedata.category(c) not in ("Cc", "Cf"):
            simplified = _converter.convert(c) if ord(c) > 0x2E7F else c
            out.append(simplified)
    return "".join(out)


class _FoldTable(dict):
    """``str.translate`` table filled lazily, one code point at a time.

    Code points whose folding is not exactly one character are remembered in
    ``irregular``: only texts holding one of them need a per-character map.
    """

    def __init__(self):
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of its source character.

    ``origin`` is ``None`` when the folding kept every character in place (the
    common case), so the map costs nothing for ordinary text.
    """

    text: str
    source: str
    origin: list[int] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source text that folded into ``text[start:end]``."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            return len(self.source), len(self.source)
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


def fold(text: str) -> Folded:
    """Fold ``text`` (NFKC, casefold, Traditional → Simplified) keeping the offset map."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text) and _TABLE.irregular.isdisjoint(text):
        return Folded(folded, text)
    origin = [i for i, c in enumerate(text) for _ in range(len(_TABLE[ord(c)]))]
    return Folded(folded, text, origin)


def normalise(text: str) -> str:
    """The folded text alone: what "contains" means for search and its tests."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # in the folded text
    end: int


def tokenize(folded: str) -> list[Token]:
    """Tokens of already folded text, with their spans in it."""
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


def token_texts(folded: str) -> list[str]:
    """Token strings only: the fast path used when indexing."""
    return [
        SPACE_TOKEN if space else (word[:MAX_WORD] if word else other)
        for word, space, other in _TOKEN.findall(folded)
    ]


def unigrams(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t != SPACE_TOKEN]


def bigrams(tokens: list[str]) -> list[str]:
    return [a + b for a, b in pairwise(tokens)]


@dataclass(frozen=True)
class IndexText:
    """One field's text as a backend indexes it: two whitespace-separated streams."""

    unigrams: str
    bigrams: str


def analyze(text: str) -> IndexText:
    """Fold and tokenise ``text`` for indexing."""
    tokens = token_texts(normalise(text))
    return IndexText(" ".join(unigrams(tokens)), " ".join(bigrams(tokens)))


@lru_cache(maxsize=4096)
def query_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a query phrase, whitespace trimmed at both ends."""
    tokens = token_texts(normalise(text).strip())
    return tuple(tokens)


def is_word_char(char: str) -> bool:
    """True for letters that join into a Latin (non-CJK) word."""
    return bool(_WORD_CHAR.match(char))
