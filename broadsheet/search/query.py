"""Reader query syntax → a small tree every backend can translate.

Syntax: words separated by spaces must all appear; ``"引号"`` is an exact
phrase (spaces and punctuation inside count); ``A OR B`` takes either;
``A AND B`` is ``A B`` (an upper-case ``AND`` is the default conjunction
written out; ``and`` or ``"AND"`` is a word); ``-词`` or ``-"短语"`` excludes.
Outside quotes, punctuation separates words, so ``中国，人民`` means
``中国 人民``; a word made only of punctuation is no word (``(`` alone would
match nearly every article): it is dropped, and a query of nothing else is
"nothing to search", like an empty one. Quoted, punctuation is searched as
written (``"《"``). A control character separates words like a space and a
format character (zero-width space, soft hyphen) is dropped, as the analyzer
folds them for indexing. Any string parses: what cannot be searched yields a
``QueryError`` with a message for the reader, never an exception page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .analyzer import SPACE_TOKEN, normalise, query_tokens, unseen

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 16
MAX_PHRASE_TOKENS = 64

Phrase = tuple[str, ...]  # analyzer tokens that must stand side by side


@dataclass(frozen=True)
class Clause:
    """One required (or, when ``negated``, forbidden) condition.

    ``alternatives`` are OR-ed; each alternative is a tuple of phrases that
    must all match (an unquoted word split at punctuation gives several).
    """

    alternatives: tuple[tuple[Phrase, ...], ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    def highlight_phrases(self) -> list[Phrase]:
        """Every phrase a matching document may contain, for snippets."""
        return [p for c in self.positive for alt in c.alternatives for p in alt]


class QueryError(ValueError):
    """The query cannot be searched; ``message`` is shown to the reader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(text: str) -> ParsedQuery:
    """Parse a reader's query; raises ``QueryError`` with a reader-facing message."""
    text = _clean(text)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(_("搜索词太长，请不要超过 %(n)d 个字。") % {"n": MAX_QUERY_CHARS})
    clauses = _merge_or(_pieces(text))
    if not clauses:
        raise QueryError(_("请输入要搜索的文字。"))
    if len(clauses) > MAX_CLAUSES:
        raise QueryError(_("搜索词太多，请不要超过 %(n)d 个。") % {"n": MAX_CLAUSES})
    if all(c.negated for c in clauses):
        raise QueryError(_("请至少输入一个不带减号（-）的搜索词。"))
    return ParsedQuery(tuple(clauses))


def _clean(text: str) -> str:
    """Controls made spaces (see ``strip_controls``); quotes folded so ＂ works like "."""
    text = strip_controls(text)
    return text.replace("＂", '"').replace("“", '"').replace("”", '"').strip()


def strip_controls(text: str) -> str:
    """The text as the analyzer sees its unread characters (also to echo a query safely).

    Whitespace and controls become spaces, format characters and the like are
    dropped (``analyzer.unseen``), so index and query agree: ``a\x01b`` is the
    two words ``a b``, while ``a\u200bb`` (with a zero-width space) is ``ab``.
    """
    return "".join(c if (gone := unseen(c)) is None else gone for c in text)


def _pieces(text: str) -> list[Clause | str]:
    """Clauses in order, with ``"OR"`` where the reader wrote it (``AND`` adds nothing)."""
    out: list[Clause | str] = []
    for match in _PIECE.finditer(text):
        minus, quoted, bare = match.groups()
        if bare == "OR":
            out.append("OR")
            continue
        if bare == "AND":  # the default conjunction written out: nothing to add
            continue
        if bare == "-":  # a minus with nothing after it excludes nothing
            continue
        if quoted is not None:
            phrases = _phrases([quoted])
        else:
            minus = "-" if bare.startswith("-") and len(bare) > 1 else ""
            phrases = _phrases(_words(bare[len(minus) :]))
        if phrases:
            out.append(Clause((phrases,), negated=bool(minus)))
    return out


def _words(bare: str) -> list[str]:
    """An unquoted word split at punctuation; none when it is nothing but punctuation."""
    return [p for p in re.split(r"[^\w]+", normalise(bare)) if p]


def _phrases(texts: list[str]) -> tuple[Phrase, ...]:
    phrases = []
    for text in texts:
        tokens = query_tokens(text)[:MAX_PHRASE_TOKENS]
        if tokens and tokens != (SPACE_TOKEN,):
            phrases.append(tokens)
    return tuple(phrases)


def _merge_or(pieces: list[Clause | str]) -> list[Clause]:
    """Join ``A OR B`` into one clause; a stray OR (first, last, doubled) is ignored."""
    clauses: list[Clause] = []
    pending_or = False
    for piece in pieces:
        if isinstance(piece, str):  # the only string piece is "OR"
            pending_or = bool(clauses) and not clauses[-1].negated
            continue
        if pending_or and not piece.negated:
            last = clauses.pop()
            piece = Clause(last.alternatives + piece.alternatives)
        clauses.append(piece)
        pending_or = False
    return clauses
