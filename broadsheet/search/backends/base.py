"""The small interface every search engine implements.

A backend stores ``IndexDocument``s (one per article of a public or scheduled
edition, and one per page that has text but no articles: a library's page-only
edition) and answers a ``SearchRequest`` with a ``BackendResult`` of document
keys (``IndexDocument.key``). It never touches the domain models: the service
builds documents from the database and turns hits into results, so an engine is
only an index.

Rules every backend follows (pinned by ``tests/search/contract.py``):

- Text is analysed with ``broadsheet.search.analyzer.analyze`` and queried with
  ``backends.base.phrase_grams``: one token is a unigram term, more tokens are
  the phrase of their bigrams. Nothing else decides what matches.
- ``replace_editions`` is atomic for readers: they see the old documents of
  those editions or the new ones, never a mix.
- ``search`` returns only documents whose ``visible_from`` is at or before
  ``request.now``: scheduled editions appear when their time comes without
  any write.
- ``search`` leaves out, in hits and in every count, the documents of
  ``request.hidden_editions``: editions no longer public whose change lies in
  the log beyond this index's cursor (the index may be locked by a reindex
  or a bulk load, or this host was down). So a withdrawal holds at query
  time, whatever the index's state.
- ``replace_editions`` and ``rebuild`` store their ``cursor`` (the last log
  row they apply) with the index, so it is lost exactly when the index is;
  ``applied_through`` reads it back (``None``: never written).
- Headline matches weigh ``HEADLINE_BOOST`` times a body match.

What an engine cannot do it says in ``unsupported`` (e.g. ``{"facets"}``), and
the contract suite skips those tests for it explicitly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import analyzer
from ..analyzer import bigrams
from ..query import ParsedQuery, Phrase

HEADLINE_BOOST = 5.0
SORTS = ("relevance", "newest", "oldest")
ARTICLE, PAGE = "article", "page"  # the kinds of document


def page_key(page_id: int) -> int:
    """The key of a page's document: its id, negated, so it never meets an article's."""
    return -page_id


def split_key(key: int) -> tuple[str, int]:
    """A document key as (kind, id of the article or page)."""
    return (PAGE, -key) if key < 0 else (ARTICLE, key)


@dataclass(frozen=True)
class IndexDocument:
    """What the index knows of one article or page. ``visible_from``: Unix seconds, 0 = always.

    ``key`` names the document in one number space for every engine: an
    article's id, or a page's id negated (``page_key``), so no engine needs a
    second identity column. A page document has no headline and order 0.
    """

    key: int
    edition_id: int
    newspaper: str
    date: dt.date
    page_label: str
    page_order: int
    article_order: int
    visible_from: int
    headline: str
    body: str

    @property
    def kind(self) -> str:
        return split_key(self.key)[0]

    @property
    def sort_key(self) -> int:
        """Date, then page, then place on the page: a stable order for date sorts."""
        day = self.date.year * 10000 + self.date.month * 100 + self.date.day
        return day * 10**7 + min(self.page_order, 9999) * 1000 + min(self.article_order, 999)

    @property
    def fingerprint(self) -> str:
        """A short hash of everything indexed: ``search --check`` compares it with the database."""
        parts = (
            analyzer.ANALYZER_VERSION,
            self.edition_id,
            self.newspaper,
            self.date.isoformat(),
            self.page_label,
            self.sort_key,
            self.visible_from,
            self.headline,
            self.body,
        )
        raw = "\x1f".join(map(str, parts)).encode()
        return hashlib.blake2b(raw, digest_size=8).hexdigest()


@dataclass(frozen=True)
class SearchRequest:
    """A parsed query with its filters, page and the moment that decides visibility."""

    query: ParsedQuery
    now: int
    newspaper: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page_label: str | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    facets: bool = False
    hidden_editions: frozenset[int] = frozenset()


@dataclass(frozen=True)
class BackendHit:
    key: int  # IndexDocument.key: an article id, or a page id negated
    score: float


@dataclass
class BackendResult:
    """Hits of one page of results, the total, and (when asked) the facet counts.

    ``by_newspaper`` counts ignore the newspaper filter (so a reader sees what
    switching paper would give); ``by_year`` and ``by_month`` (``yyyymm``)
    count the fully filtered result.
    """

    total: int
    hits: list[BackendHit]
    by_newspaper: dict[str, int] = field(default_factory=dict)
    by_year: dict[int, int] = field(default_factory=dict)
    by_month: dict[int, int] = field(default_factory=dict)


class IndexBusy(RuntimeError):
    """Another process holds the index for writing; the caller's log rows wait."""


class SearchBackend(ABC):
    """One engine. Instances are cheap to make; engines cache what they must."""

    name: str = ""
    unsupported: frozenset[str] = frozenset()

    @abstractmethod
    def replace_editions(
        self,
        edition_ids: Iterable[int],
        documents: Iterable[IndexDocument],
        *,
        wait: bool = True,
        cursor: int | None = None,
    ) -> None:
        """Drop every document of these editions, add ``documents``, commit.

        ``documents`` may be a lazy iterator reading the database: consume it
        only once the engine holds its write lock (so the last writer read the
        newest data). Raise ``IndexBusy`` if the lock cannot be had: at once
        when not ``wait`` (a request must not hang on a reindex), else after a
        few seconds. ``cursor``: the log row this change brings the index to,
        kept with the index (never moved backwards).
        """

    @abstractmethod
    def rebuild(
        self, documents: Iterable[IndexDocument], *, cursor: int | None = None, wait: bool = True
    ) -> int:
        """Replace the whole index with ``documents`` in one commit; returns the count."""

    @abstractmethod
    def applied_through(self) -> int | None:
        """The last log row id this index applied, as committed with it; ``None`` if never."""

    @abstractmethod
    def host_name(self) -> str:
        """The name this index reports its cursor under (``SearchHost``)."""

    @abstractmethod
    def search(self, request: SearchRequest) -> BackendResult:
        """Answer one request. Must not raise for any parsed query."""

    @abstractmethod
    def fingerprints(self) -> dict[int, str]:
        """Document key → fingerprint of every document in the index (for drift checks)."""

    @abstractmethod
    def stats(self) -> dict:
        """At least ``documents`` (count) and ``bytes`` (index size on disk, 0 if unknown)."""


def phrase_grams(phrase: Phrase) -> tuple[str, list[str]]:
    """How a phrase is looked up: ``("uni", [token])`` or ``("bi", bigrams in order)``."""
    if len(phrase) == 1:
        return "uni", [phrase[0]]
    return "bi", bigrams(list(phrase))
