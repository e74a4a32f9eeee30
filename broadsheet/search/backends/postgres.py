"""The PostgreSQL engine: the analyzer's tokens as a weighted ``tsvector`` under GIN.

For app servers that share one database and keep no local files. Each document
(an article, or a page without articles) is one row of ``search_pg_document``
(app ``broadsheet.search.pgindex``), keyed in ``article_id`` by
``IndexDocument.key`` (a page's id negated):
its unigrams and bigrams, positions counted in tokens, headline weight A and
body weight B, written as a ``tsvector`` literal so PostgreSQL's own parser
never splits Chinese. A phrase of n tokens is the tsquery ``b1 <-> b2 ...`` of
its bigrams, exactly the tantivy engine's phrase of bigrams.

Ranking is capped (docs/decisions.md): ``ts_rank`` reads each document's whole
vector, out of line in TOAST, so ranking every match of a one-character
query cost 167 ms at 93,000 documents. Matches are first ordered by a cheap
key (headline match, then newest) and only the first ``RANK_CAP`` are ranked.
The connection never prepares generic plans (``prepare_threshold=None``,
``broadsheet.core.db``). Reads follow the router, so reader searches go to the
replica when there is one.
"""

from __future__ import annotations

import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connections, router, transaction
from psycopg.errors import LockNotAvailable

from broadsheet.search.pgindex.models import IndexedArticle

from ..analyzer import SPACE_TOKEN, normalise, token_texts
from ..query import Clause, ParsedQuery, Phrase
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

TABLE = "search_pg_document"
COLUMNS = (
    "article_id, edition_id, newspaper, date, page_label, sort_key, visible_from, "
    "fingerprint, headline_vector, vector"
)
HOSTS = "search_searchhost"
HOST_NAME = "database"  # one index for every app server: its cursor is the database's own
RANK_CAP = 1000
NO_WAIT_LOCK_TIMEOUT = "200ms"
COPY_BATCH = 1000
MAX_POSITION = 16383  # tsvector positions stop here
MAX_POSITIONS_PER_LEXEME = 256  # PostgreSQL keeps no more: the rest overflow
OVERFLOW_MARK = "\x01"  # analysis makes every C0 control a space, so no token holds one
OVERFLOW = "search_pg_overflow"
BODY_OFFSET = 8  # gap between headline and body positions: no phrase spans both
# ts_rank weights for D, C, B, A: a headline (A) match weighs HEADLINE_BOOST body (B) matches.
RANK_WEIGHTS = [0.0, 0.0, 1.0 / HEADLINE_BOOST, 1.0]


class PostgresBackend(SearchBackend):
    name = "postgres"
    unsupported: frozenset[str] = frozenset()

    def __init__(self, rank_cap: int = RANK_CAP):
        self.rank_cap = rank_cap

    # --- writing -------------------------------------------------------------

    def replace_editions(
        self,
        edition_ids: Iterable[int],
        documents: Iterable[IndexDocument],
        *,
        wait: bool = True,
        cursor: int | None = None,
    ):
        ids = list(edition_ids)
        try:
            with transaction.atomic(using=_write_alias()), _cursor(_write_alias()) as db:
                if not wait:  # a rebuild holds every row until it commits: do not queue behind
                    db.execute(f"SET LOCAL lock_timeout = '{NO_WAIT_LOCK_TIMEOUT}'")
                db.execute(f"DELETE FROM {TABLE} WHERE edition_id = ANY(%s)", [ids])
                _copy(db, documents)
                _save_position(db, cursor)
        except OperationalError as exc:
            if not isinstance(exc.__cause__, LockNotAvailable):
                raise
            raise IndexBusy(f"{TABLE} is locked by another writer: {exc}") from exc

    def rebuild(self, documents: Iterable[IndexDocument], *, cursor=None, wait=True) -> int:
        """DELETE, not TRUNCATE: readers keep the old index until the new one commits."""
        with transaction.atomic(using=_write_alias()), _cursor(_write_alias()) as db:
            db.execute(f"DELETE FROM {TABLE}")
            count = _copy(db, documents)
            _save_position(db, cursor)
            return count

    def applied_through(self) -> int | None:
        """The shared index's log cursor: a ``SearchHost`` row committed with its rows."""
        alias = _read_alias()
        with _cursor(alias) as cursor:
            cursor.execute(f"SELECT cursor FROM {HOSTS} WHERE name = %s", [HOST_NAME])
            row = cursor.fetchone()
        return None if row is None else int(row[0])

    def host_name(self) -> str:
        return HOST_NAME

    # --- reading -------------------------------------------------------------

    def search(self, request: SearchRequest) -> BackendResult:
        alias = _read_alias()
        with transaction.atomic(using=alias), _cursor(alias) as cursor:
            overflow = _overflow_of(cursor, request.query)
            # A sequential scan would de-TOAST every vector to test it; the GIN
            # index answers a term without reading vectors (docs/decisions.md).
            cursor.execute("SET LOCAL enable_seqscan = off")
            rows = self._hits(cursor, request, overflow)
            if not rows:  # the page lies past the last match: count on their own
                return _counted(cursor, Where.of(request, overflow), request)
        total, facets = rows[0][1], rows[0][2]
        result = _facet_result(facets, request.newspaper) if request.facets else None
        result = result or BackendResult(total=0, hits=[])
        result.total = total
        result.hits = [BackendHit(key, float(score)) for key, _, _, score in rows]
        return result

    def _hits(self, cursor, request: SearchRequest, overflow: dict[str, int]) -> list[tuple]:
        """The page of hits, with the total (and the facets) on each row, from one scan.

        Only the page (by date) or the ``rank_cap`` candidates (by relevance) go back to
        the table from the matches (``Matches``); by relevance each is looked up by its
        key for ``ts_rank``, which reads its whole vector.
        """
        matches = Matches.of(request, overflow)
        if request.sort != "relevance":
            direction = "ASC" if request.sort == "oldest" else "DESC"
            cursor.execute(
                f"{matches.sql} SELECT article_id, {matches.shown}, 0.0 FROM chosen "
                f"ORDER BY sort_key {direction}, article_id LIMIT %s OFFSET %s",
                [*matches.params, request.limit, request.offset],
            )
        else:
            cap = max(self.rank_cap, request.offset + request.limit)
            cursor.execute(
                f"{matches.sql}, candidates AS MATERIALIZED (SELECT article_id FROM chosen "
                f"ORDER BY headline DESC, sort_key DESC LIMIT %s) "
                f"SELECT c.article_id, {matches.shown}, r.score "
                f"FROM candidates c CROSS JOIN LATERAL (SELECT ts_rank(%s::float4[], d.vector, "
                f"%s::tsquery) AS score FROM {TABLE} d WHERE d.article_id = c.article_id) r "
                f"ORDER BY r.score DESC, c.article_id LIMIT %s OFFSET %s",
                [*matches.params, cap, RANK_WEIGHTS, matches.tsquery]
                + [request.limit, request.offset],
            )
        return cursor.fetchall()

    def fingerprints(self) -> dict[int, str]:
        with _cursor(_read_alias()) as cursor:
            cursor.execute(f"SELECT article_id, fingerprint FROM {TABLE}")
            return dict(cursor.fetchall())

    def stats(self) -> dict:
        with _cursor(_read_alias()) as cursor:
            cursor.execute(f"SELECT count(*), pg_total_relation_size('{TABLE}') FROM {TABLE}")
            documents, size = cursor.fetchone()
        return {"documents": documents, "bytes": size, "rank_cap": self.rank_cap}


@dataclass(frozen=True)
class Where:
    """The WHERE clause of a request: text match, visibility, filters."""

    sql: str
    params: list
    tsquery: str

    @classmethod
    def of(
        cls,
        request: SearchRequest,
        overflow: dict[str, int] | None = None,
        *,
        with_newspaper: bool = True,
    ) -> Where:
        tsquery = query_literal(request.query, overflow)
        parts, params = ["d.vector @@ %s::tsquery", "d.visible_from <= %s"], [tsquery, request.now]
        filters = {
            "d.newspaper = %s": request.newspaper if with_newspaper else None,
            "d.date >= %s": request.date_from,
            "d.date <= %s": request.date_to,
            "d.page_label = %s": request.page_label,
        }
        for sql, value in filters.items():
            if value is not None:
                parts.append(sql)
                params.append(value)
        if request.hidden_editions:  # last: _facets drops the newspaper filter by position
            parts.append("NOT (d.edition_id = ANY(%s))")
            params.append(sorted(request.hidden_editions))
        return cls(" AND ".join(parts), params, tsquery)


@dataclass(frozen=True)
class Matches:
    """The matches of a request read once through the GIN index, as ``WITH`` lists.

    ``matches`` is narrow and materialised (id, date key, headline match; paper and date
    when facets are asked), and ``chosen`` is its rows of the requested paper. Counting,
    faceting and ordering them there kept the wide rows out of the window and the sort,
    which spilled to disk for a common term; stops the planner from walking the date
    index and testing every row's vector (a sort by date cost 300 ms for 的 at 38,000
    documents that way); and spares the reader's search page a second scan, with a
    second recheck of every phrase candidate, for its facets. Facets count every
    newspaper, so with facets ``matches`` holds them all (docs/decisions.md).
    """

    sql: str  # the WITH clause: matches, chosen
    params: list
    tsquery: str
    shown: str  # the total and the facets (or NULL), for every row of the answer

    @classmethod
    def of(cls, request: SearchRequest, overflow: dict[str, int]) -> Matches:
        where = Where.of(request, overflow, with_newspaper=not request.facets)
        columns = "article_id, sort_key, headline_vector @@ %s::tsquery AS headline"
        columns += ", newspaper, date" if request.facets else ""
        params, paper = [where.tsquery, *where.params], ""
        if request.facets and request.newspaper is not None:
            params, paper = [*params, request.newspaper], " WHERE newspaper = %s"
        sql = (
            f"WITH matches AS MATERIALIZED (SELECT {columns} FROM {TABLE} d WHERE {where.sql}), "
            f"chosen AS (SELECT * FROM matches{paper})"
        )
        shown = f"(SELECT count(*) FROM chosen), {FACETS if request.facets else 'NULL'}"
        return cls(sql, params, where.tsquery, shown)


MONTH = "(extract(year FROM date) * 100 + extract(month FROM date))::int"
# Counts per newspaper and month of the matches, as one JSON value: [[paper, yyyymm, n], …].
FACETS = (
    f"(SELECT json_agg(json_build_array(newspaper, month, n)) FROM (SELECT newspaper, "
    f"{MONTH} AS month, count(*) AS n FROM matches GROUP BY 1, 2) f)"
)


def _counted(cursor, where: Where, request: SearchRequest) -> BackendResult:
    """The total (and facets) without hits: for a page past the last match."""
    if request.facets:
        return _facets(cursor, where, request.newspaper)
    cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {where.sql}", where.params)
    return BackendResult(total=cursor.fetchone()[0], hits=[])


def _facets(cursor, where: Where, newspaper: str | None) -> BackendResult:
    """Total and facets from one scan: counts per paper and month, without the paper filter."""
    unfiltered = where
    if newspaper is not None:
        unfiltered = Where(
            where.sql.replace(" AND d.newspaper = %s", ""),
            [p for i, p in enumerate(where.params) if i != 2],
            where.tsquery,
        )
    cursor.execute(
        f"SELECT newspaper, {MONTH}, count(*) FROM {TABLE} d WHERE {unfiltered.sql} GROUP BY 1, 2",
        unfiltered.params,
    )
    return _facet_result(cursor.fetchall(), newspaper)


def _facet_result(rows: Iterable | None, newspaper: str | None) -> BackendResult:
    """Counts per (paper, month) as totals: ``by_newspaper`` over every paper, the rest
    over the chosen one."""
    result = BackendResult(total=0, hits=[])
    by_newspaper: dict[str, int] = defaultdict(int)
    for paper, month, count in rows or ():
        by_newspaper[paper] += count
        if newspaper is None or paper == newspaper:
            result.total += count
            result.by_month[month] = result.by_month.get(month, 0) + count
            result.by_year[month // 100] = result.by_year.get(month // 100, 0) + count
    result.by_newspaper = dict(by_newspaper)
    return result


# --- the text as PostgreSQL stores it ------------------------------------------


def vector_literal(
    fields: Iterable[tuple[str, str]], overflow: dict[str, int] | None = None
) -> str:
    """A ``tsvector`` literal of (text, weight) fields, unigrams and bigrams with positions.

    Positions count tokens; fields are ``BODY_OFFSET`` apart so no bigram phrase
    joins the end of one to the start of the next. Positions past 16,383 are
    dropped rather than clamped, so a phrase can never match at a made-up place
    (docs/decisions.md). A lexeme standing more than 256 times (PostgreSQL's
    limit; "the " on an English page) keeps its first 256 places and puts each
    further 256 under an overflow lexeme (``overflow_lexeme``), which a phrase
    query names beside it; ``overflow`` collects lexeme → overflow groups for that.
    """
    places: dict[str, list[str]] = defaultdict(list)
    start = 1
    for text, weight in fields:
        tokens = token_texts(normalise(text))[: max(MAX_POSITION - start + 1, 0)]
        for lexeme, positions in _positions(tokens, start).items():
            places[lexeme].extend(f"{p}{weight}" for p in positions)
        start += len(tokens) + BODY_OFFSET
    return " ".join(_entries(places, overflow))


def _entries(places: dict[str, list[str]], overflow: dict[str, int] | None) -> Iterator[str]:
    """Each lexeme with at most 256 of its places; the rest under its overflow lexemes."""
    size = MAX_POSITIONS_PER_LEXEME
    for lexeme, positions in places.items():
        yield f"{_quote(lexeme)}:{','.join(positions[:size])}"
        groups = (len(positions) - 1) // size
        for group in range(1, groups + 1):
            kept = positions[group * size : (group + 1) * size]
            yield f"{_quote(overflow_lexeme(lexeme, group))}:{','.join(kept)}"
        if groups and overflow is not None:
            overflow[lexeme] = max(overflow.get(lexeme, 0), groups)


def overflow_lexeme(lexeme: str, group: int) -> str:
    """The lexeme holding places 256 × group + 1 … of ``lexeme`` (no token has a C0 control)."""
    return f"{lexeme}{OVERFLOW_MARK}{group}"


def _positions(tokens: list[str], start: int) -> dict[str, list[int]]:
    """Where each unigram and bigram stands, counted in tokens from ``start``."""
    found: dict[str, list[int]] = defaultdict(list)
    for position, gram in enumerate(tokens, start):
        found[gram].append(position)
    found.pop(SPACE_TOKEN, None)
    for position, gram in enumerate(map(operator.add, tokens, tokens[1:]), start):
        found[gram].append(position)
    return found


def _quote(lexeme: str) -> str:
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


def phrase_literal(phrase: Phrase, overflow: dict[str, int] | None = None) -> str:
    _kind, grams = phrase_grams(phrase)
    return "(" + " <-> ".join(_gram_literal(g, overflow or {}) for g in grams) + ")"


def _gram_literal(gram: str, overflow: dict[str, int]) -> str:
    """A bigram, or where it overflowed, it or any of its overflow lexemes."""
    groups = overflow.get(gram, 0)
    if not groups:
        return _quote(gram)
    names = [gram, *(overflow_lexeme(gram, g) for g in range(1, groups + 1))]
    return "(" + " | ".join(map(_quote, names)) + ")"


def clause_literal(clause: Clause, overflow: dict[str, int] | None = None) -> str:
    alternatives = (
        " & ".join(phrase_literal(p, overflow) for p in alt) for alt in clause.alternatives
    )
    return "(" + " | ".join(f"({a})" for a in alternatives) + ")"


def query_literal(query: ParsedQuery, overflow: dict[str, int] | None = None) -> str:
    """The whole query as a ``tsquery`` literal: clauses AND-ed, excluded ones negated."""
    parts = [clause_literal(c, overflow) for c in query.positive]
    parts += [f"!{clause_literal(c, overflow)}" for c in query.negative]
    return " & ".join(parts)


def document_row(doc: IndexDocument, overflow: dict[str, int] | None = None) -> tuple:
    headline = vector_literal([(doc.headline, "A")])
    vector = vector_literal([(doc.headline, "A"), (doc.body, "B")], overflow)
    return (
        doc.key, doc.edition_id, doc.newspaper, doc.date, doc.page_label,
        doc.sort_key, doc.visible_from, doc.fingerprint, headline, vector,
    )  # fmt: skip


# --- connections -----------------------------------------------------------------


def _copy(cursor, documents: Iterable[IndexDocument]) -> int:
    """Stream rows with COPY, one statement per batch of ``COPY_BATCH`` documents.

    The documents often come from a server-side cursor on this very connection,
    which cannot fetch while a COPY is open, so each batch is built first. The
    lexemes that overflowed are listed in the same transaction.
    """
    count, overflow = 0, dict[str, int]()
    rows = (document_row(doc, overflow) for doc in documents)
    while batch := list(itertools.islice(rows, COPY_BATCH)):
        with cursor.copy(f"COPY {TABLE} ({COLUMNS}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
        count += len(batch)
    _list_overflow(cursor, overflow)
    return count


def _list_overflow(cursor, overflow: dict[str, int]) -> None:
    if not overflow:
        return
    lexemes, groups = zip(*sorted(overflow.items()), strict=True)
    cursor.execute(
        f"INSERT INTO {OVERFLOW} (lexeme, groups) SELECT * FROM unnest(%s::text[], %s::int[]) "
        f"ON CONFLICT (lexeme) DO UPDATE SET groups = GREATEST({OVERFLOW}.groups, "
        "EXCLUDED.groups)",
        [list(lexemes), list(groups)],
    )


def _overflow_of(cursor, query: ParsedQuery) -> dict[str, int]:
    """The overflow groups of the bigrams a phrase of three or more tokens chains."""
    grams = sorted(_chained_grams(query))
    if not grams:
        return {}
    cursor.execute(f"SELECT lexeme, groups FROM {OVERFLOW} WHERE lexeme = ANY(%s)", [grams])
    return dict(cursor.fetchall())


def _chained_grams(query: ParsedQuery) -> set[str]:
    """Bigrams whose places matter: those of phrases of two bigrams or more (a single term
    needs only to be there, and its first 256 places say so)."""
    found: set[str] = set()
    for clause in (*query.positive, *query.negative):
        for alternative in clause.alternatives:
            for phrase in alternative:
                _kind, grams = phrase_grams(phrase)
                if len(grams) > 1:
                    found.update(grams)
    return found


def _save_position(cursor, position: int | None) -> None:
    """Move the shared index's log cursor in the same transaction as its rows (never back)."""
    if position is None:
        return
    cursor.execute(
        f"INSERT INTO {HOSTS} (name, cursor, seen_at) VALUES (%s, %s, now()) "
        f"ON CONFLICT (name) DO UPDATE SET cursor = GREATEST({HOSTS}.cursor, EXCLUDED.cursor), "
        "seen_at = EXCLUDED.seen_at",
        [HOST_NAME, position],
    )


def _write_alias() -> str:
    return router.db_for_write(IndexedArticle)


def _read_alias() -> str:
    return router.db_for_read(IndexedArticle)


def _cursor(alias: str):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise ImproperlyConfigured(
            "the postgres search backend needs DATABASE_URL to name a PostgreSQL database"
        )
    return connection.cursor()
