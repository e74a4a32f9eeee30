"""The default engine: a tantivy index in ``settings.SEARCH_INDEX_DIR``.

tantivy gets the analyzer's streams already tokenised and splits them on
spaces (its ``whitespace`` tokenizer), so it never decides what a Chinese word
is. Each of headline and body has a unigram field (term frequencies only: one
token queries need no positions) and a bigram field with positions (phrases).

One writer at a time: tantivy's lock file enforces it across processes, and
``IndexBusy`` tells the caller to leave its log rows for the next try.
Readers reload on every commit (tantivy watches ``meta.json``), so web
workers see new editions without restarting.

The index's log cursor lives in the same folder (``CURSOR_FILE``), written
after each commit while the writer lock is still held, so it can lag the
index (rows applied twice, harmlessly) but never run ahead of it, and it
goes when the folder goes. This tantivy binding cannot store it in the
commit itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import tantivy
from django.conf import settings
from tantivy import FieldType, Occur, Order, Query

from ..analyzer import analyze
from ..query import Clause, Phrase
from .base import (
    HEADLINE_BOOST,
    BackendHit,
    BackendResult,
    IndexBusy,
    IndexDocument,
    SearchBackend,
    SearchRequest,
    phrase_grams,
)

TEXT_FIELDS = ("headline", "body")
WRITER_HEAP = 64_000_000
REBUILD_HEAP = 256_000_000
LOCK_WAIT_S = 5.0
CURSOR_FILE = "broadsheet-log-cursor.json"


def _schema() -> tantivy.Schema:
    """The fields of a document. ``article_id`` holds ``IndexDocument.key`` (a page's id
    negated for a page document): the name is kept so indexes built before page documents
    open unchanged."""
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("article_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("edition_id", indexed=True, fast=True)
    sb.add_text_field("newspaper", tokenizer_name="raw", fast=True)
    sb.add_text_field("page_label", tokenizer_name="raw")
    for name in ("date", "year", "month", "sort_key", "visible_from"):
        sb.add_integer_field(name, indexed=True, fast=True)
    sb.add_text_field("fingerprint", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        sb.add_text_field(f"{name}_uni", tokenizer_name="whitespace", index_option="freq")
        sb.add_text_field(f"{name}_bi", tokenizer_name="whitespace", index_option="position")
    return sb.build()


SCHEMA = _schema()
_OPEN: dict[str, tantivy.Index] = {}
_OPENING = threading.Lock()  # gthread workers answer requests on several threads at once
_CURSOR_READ: list = [None, None]  # (path, mtime, inode, size) and the cursor read then


def _open_index(path: Path) -> tantivy.Index:
    """One ``Index`` per process and folder (the last one only: tests use many folders)."""
    key = str(path)
    with _OPENING:
        if key not in _OPEN:
            path.mkdir(parents=True, exist_ok=True)
            _OPEN.clear()
            _OPEN[key] = tantivy.Index(SCHEMA, path=key)
        return _OPEN[key]


def _day(date: dt.date) -> int:
    return date.year * 10000 + date.month * 100 + date.day


def to_tantivy(doc: IndexDocument) -> tantivy.Document:
    fields = {
        "article_id": doc.key,
        "edition_id": doc.edition_id,
        "newspaper": doc.newspaper,
        "page_label": doc.page_label,
        "date": _day(doc.date),
        "year": doc.date.year,
        "month": doc.date.year * 100 + doc.date.month,
        "sort_key": doc.sort_key,
        "visible_from": doc.visible_from,
        "fingerprint": doc.fingerprint,
    }
    for name in TEXT_FIELDS:
        text = analyze(getattr(doc, name))
        fields[f"{name}_uni"] = text.unigrams
        fields[f"{name}_bi"] = text.bigrams
    return tantivy.Document(**fields)


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or settings.SEARCH_INDEX_DIR)
        self.index = _open_index(self.path)

    # --- writing -----------------------------------------------------------

    def _writer(self, heap: int, threads: int, wait: bool = True):
        deadline = time.monotonic() + (LOCK_WAIT_S if wait else 0.0)
        while True:
            try:
                return self.index.writer(heap_size=heap, num_threads=threads)
            except ValueError as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise IndexBusy(f"search index {self.path} is locked: {exc}") from exc
                time.sleep(0.1)

    def replace_editions(self, edition_ids, documents, *, wait: bool = True, cursor=None) -> None:
        writer = self._writer(WRITER_HEAP, 1, wait)
        try:
            for edition_id in set(edition_ids):
                writer.delete_documents_by_term("edition_id", edition_id)
            for doc in documents:
                writer.add_document(to_tantivy(doc))
            writer.commit()
            self._save_cursor(cursor)
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self.index.reload()

    def rebuild(self, documents: Iterable[IndexDocument], *, cursor=None, wait=True) -> int:
        writer = self._writer(REBUILD_HEAP, 2, wait)
        count = 0
        try:
            writer.delete_all_documents()
            for doc in documents:
                writer.add_document(to_tantivy(doc))
                count += 1
            writer.commit()
            self._save_cursor(cursor)
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self.index.reload()
        return count

    def _save_cursor(self, cursor: int | None) -> None:
        """Write the cursor beside the index (atomically; never backwards). Writer lock held."""
        if cursor is None:
            return
        cursor = max(cursor, self.applied_through() or 0)
        temporary = self.path / f".{CURSOR_FILE}.{os.getpid()}"
        temporary.write_text(json.dumps({"cursor": cursor}))
        os.replace(temporary, self.path / CURSOR_FILE)

    def applied_through(self) -> int | None:
        """Read on every search: a ``stat`` when the file has not changed since the last read."""
        path = self.path / CURSOR_FILE
        try:
            stamp = path.stat()
            key = (str(path), stamp.st_mtime_ns, stamp.st_ino, stamp.st_size)
            if _CURSOR_READ[0] != key:
                _CURSOR_READ[:] = [key, int(json.loads(path.read_text())["cursor"])]
        except FileNotFoundError:
            return None
        return _CURSOR_READ[1]

    def host_name(self) -> str:
        return f"{socket.gethostname()}:{self.path.resolve()}"

    # --- reading -----------------------------------------------------------

    def search(self, request: SearchRequest) -> BackendResult:
        searcher = self.index.searcher()
        query = self._query(request, with_newspaper=True)
        hits = self._hits(searcher, query, request)
        result = BackendResult(total=hits.total, hits=hits.hits)
        if request.facets:
            self._facets(searcher, request, query, result)
        return result

    def _hits(self, searcher, query, request: SearchRequest):
        limit = max(request.limit, 1)
        if request.sort == "relevance":
            found = searcher.search(query, limit, count=True, offset=request.offset)
        else:
            order = Order.Asc if request.sort == "oldest" else Order.Desc
            found = searcher.search(
                query, limit, count=True, order_by_field="sort_key", offset=request.offset,
                order=order,
            )  # fmt: skip
        ids = searcher.fast_field_values("article_id", [a for _, a in found.hits])
        scores = [s if request.sort == "relevance" else 0.0 for s, _ in found.hits]
        hits = [BackendHit(int(i), float(s)) for i, s in zip(ids, scores, strict=True)]
        return _Found(found.count, hits[: request.limit])

    def _facets(self, searcher, request, query, result: BackendResult) -> None:
        """Counts per month and per newspaper in one aggregation pass where the filters allow.

        Years are the sums of their months, so the index is read once for both.
        The newspaper counts ignore the newspaper filter: with one set, they
        need a second pass over the query without it.
        """
        aggs = {"m": _terms("month")}
        if request.newspaper is None:
            aggs["p"] = _terms("newspaper")
        counts = searcher.aggregate(query, aggs)
        if request.newspaper is not None:
            counts |= searcher.aggregate(self._query(request, False), {"p": _terms("newspaper")})
        result.by_month = _buckets(counts["m"], int)
        for month, count in result.by_month.items():
            result.by_year[month // 100] = result.by_year.get(month // 100, 0) + count
        result.by_newspaper = _buckets(counts["p"], str)

    def _query(self, request: SearchRequest, with_newspaper: bool) -> Query:
        parts = [(Occur.Must, self._clause(c)) for c in request.query.positive]
        parts += [(Occur.MustNot, self._clause(c)) for c in request.query.negative]
        parts.append((Occur.MustNot, _range("visible_from", request.now + 1, None)))
        if request.hidden_editions:
            hidden = Query.term_set_query(SCHEMA, "edition_id", sorted(request.hidden_editions))
            parts.append((Occur.MustNot, hidden))
        parts += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in self._filters(request)]
        if with_newspaper and request.newspaper is not None:
            paper = Query.term_query(SCHEMA, "newspaper", request.newspaper)
            parts.append((Occur.Must, Query.const_score_query(paper, 0.0)))
        return Query.boolean_query(parts)

    def _filters(self, request: SearchRequest) -> list[Query]:
        """Required filters. (Visibility is an exclusion instead: documents not yet visible
        are few, so excluding them costs far less than intersecting with all the others.)"""
        filters = []
        if request.date_from or request.date_to:
            low = _day(request.date_from) if request.date_from else None
            high = _day(request.date_to) if request.date_to else None
            filters.append(_range("date", low, high))
        if request.page_label:
            filters.append(Query.term_query(SCHEMA, "page_label", request.page_label))
        return filters

    def _clause(self, clause: Clause) -> Query:
        alternatives = [
            _all([self._phrase(p) for p in alternative]) for alternative in clause.alternatives
        ]
        if len(alternatives) == 1:
            return alternatives[0]
        return Query.boolean_query([(Occur.Should, q) for q in alternatives])

    def _phrase(self, phrase: Phrase) -> Query:
        kind, grams = phrase_grams(phrase)
        headline = Query.boost_query(_field_query(f"headline_{kind}", grams), HEADLINE_BOOST)
        body = _field_query(f"body_{kind}", grams)
        return Query.boolean_query([(Occur.Should, headline), (Occur.Should, body)])

    def fingerprints(self) -> dict[int, str]:
        searcher = self.index.searcher()
        total = searcher.num_docs
        if total == 0:
            return {}
        found = searcher.search(Query.all_query(), total, count=False)
        out: dict[int, str] = {}
        for _, address in found.hits:
            doc = searcher.doc(address)
            (key,), (fingerprint,) = doc["article_id"], doc["fingerprint"]
            out[key] = fingerprint
        return out

    def stats(self) -> dict:
        size = sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
        return {"documents": self.index.searcher().num_docs, "bytes": size, "path": str(self.path)}


class _Found(NamedTuple):
    total: int
    hits: list[BackendHit]


def _field_query(field: str, grams: list[str]) -> Query:
    if len(grams) == 1:
        return Query.term_query(SCHEMA, field, grams[0])
    return Query.phrase_query(SCHEMA, field, [*grams])  # its list also takes (offset, term)


def _all(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def _range(field: str, low: int | None, high: int | None) -> Query:
    return Query.range_query(SCHEMA, field, FieldType.Integer, low, high)


def _terms(field: str) -> dict:
    return {"terms": {"field": field, "size": 10000}}


def _buckets(agg: dict, kind) -> dict:
    return {kind(b["key"]): int(b["doc_count"]) for b in agg["buckets"]}
