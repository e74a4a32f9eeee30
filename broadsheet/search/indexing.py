"""Keep this host's index in step with the database: follow the log, rebuild, check.

Each index (a tantivy folder on one app host, or the shared PostgreSQL
tables) has a cursor: the id of the last ``SearchChange`` it applied,
committed with the index itself (``backend.applied_through``). Applying
reads the rows beyond the cursor, then the editions' documents lazily
*inside* the backend's writer lock, commits, and moves the cursor. Applying a
row reads the edition as it is now, so applying it again is harmless: a crash
between the index commit and the cursor leaves rows to apply twice, never a
row skipped.

An index with no cursor (a new host's empty folder) is rebuilt from the
database: the log's head is read first, then every document, and the index
joins the log at that head, so a change committed during the build is
applied after it. A cursor below the trimmed end of the log
(``SearchLogTrim``) means rows it needed are gone: that index is rebuilt too.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.utils import timezone

from . import documents
from .backends import get_backend
from .backends.base import IndexBusy, SearchBackend
from .models import SearchChange, SearchHost, SearchLogTrim

log = logging.getLogger(__name__)
BATCH = 200  # log rows per index commit


def head() -> int:
    """The id of the newest log row; after a trim that emptied the log, the trimmed end.

    (Joining an emptied log at 0 would put a new host below the trimmed end,
    and it would rebuild again and again.)
    """
    last = SearchChange.objects.aggregate(last=Max("id"))["last"]
    return last if last is not None else trimmed_through()


def trimmed_through() -> int:
    """Every log row up to this id may have been trimmed (0: none ever was)."""
    return SearchLogTrim.objects.aggregate(last=Max("through_id"))["last"] or 0


def start_cursor(backend: SearchBackend) -> int | None:
    """Where this index goes on from, or ``None`` when it must be rebuilt first.

    An index built before the log existed (an upgrade) has documents but no
    cursor: it was in step but for its pending outbox rows, which the
    migration made the log's first rows, so it starts at 0 while the log is
    untrimmed.
    """
    cursor = backend.applied_through()
    if cursor is None:
        legacy = trimmed_through() == 0 and backend.stats()["documents"] > 0
        return 0 if legacy else None
    return cursor if cursor >= trimmed_through() else None


def apply_log(*, wait: bool = True, quiet: bool = False) -> int:
    """Apply the log beyond this index's cursor (rebuilding first if it has none).

    Returns the rows applied. Without ``wait``, a locked index leaves the rows
    at once (a web request must not hang on a reindex); search hides the
    non-public editions among them meanwhile. ``quiet``: a busy index is
    expected (the follower, whose host's other workers share the index), so
    it is not worth a warning.
    """
    backend = get_backend()
    cursor = start_cursor(backend)
    try:
        if cursor is None:
            cursor = _rebuild(backend, wait)[1]
        applied = _apply_from(backend, cursor, wait, quiet)
    except IndexBusy as exc:  # rows stay for the next apply
        _busy(quiet, "search index busy, change log left for later: %s", exc)
        return 0
    return applied


apply_outbox = apply_log  # the name from before the log; callers and tests still use it


def _busy(quiet: bool, message: str, *args) -> None:
    (log.debug if quiet else log.warning)(message, *args)


def _apply_from(backend: SearchBackend, cursor: int, wait: bool, quiet: bool) -> int:
    applied = 0
    while rows := _rows_after(cursor, BATCH):
        editions = {edition for _, edition in rows}
        try:
            backend.replace_editions(
                editions, documents.for_editions(editions), wait=wait, cursor=rows[-1][0]
            )
        except IndexBusy as exc:
            _busy(quiet, "search index busy, %d log row(s) left for later: %s", len(rows), exc)
            break
        cursor, applied = rows[-1][0], applied + len(rows)
    if applied:
        report(backend, cursor)
    return applied


def _rows_after(cursor: int, count: int) -> list[tuple[int, int]]:
    rows = SearchChange.objects.filter(id__gt=cursor).order_by("id")
    return list(rows.values_list("id", "edition_id")[:count])


def _rebuild(backend: SearchBackend, wait: bool = True) -> tuple[int, int]:
    """Rebuild from the database and join the log at the head read *before* the documents."""
    at = head()
    count = backend.rebuild(documents.everything(), cursor=at, wait=wait)
    report(backend, at)
    return count, at


def reindex() -> int:
    """Rebuild the whole index from the database in one commit; returns documents indexed.

    Rows written while it ran are applied after it, so nothing waits for
    some later write.
    """
    count, _ = _rebuild(get_backend())
    apply_log()
    return count


def behind() -> bool:
    """Does this index lack something of the log (or need building)? Two small queries."""
    cursor = start_cursor(get_backend())
    return cursor is None or bool(_rows_after(cursor, 1))


def hidden_from() -> int:
    """The cursor a search checks visibility from: rows past it are not in this index yet.

    One small file read for tantivy (no query): an index with no cursor
    counts from 0, so every change in the log is checked.
    """
    return get_backend().applied_through() or 0


def pending(cursor: int | None = None) -> int:
    """Log rows this index has not applied yet."""
    if cursor is None:
        cursor = start_cursor(get_backend()) or 0
    return SearchChange.objects.filter(id__gt=cursor).count()


def report(backend: SearchBackend, cursor: int) -> None:
    """Tell the database how far this index is (trimming and ``search --check`` read it)."""
    now = timezone.now()
    name = backend.host_name()
    moved = SearchHost.objects.filter(name=name, cursor__lte=cursor).update(
        cursor=cursor, seen_at=now
    )
    if not moved:
        SearchHost.objects.get_or_create(name=name, defaults={"cursor": cursor, "seen_at": now})


def trim(older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete log rows older than ``older_than`` that every recent host has applied.

    A host counts when it reported within ``older_than``; one silent for
    longer is left out (its row stays: for the ``postgres`` engine it is the
    cursor itself), and if it comes back below the trimmed end it rebuilds
    (``start_cursor``). Returns the rows deleted.
    """
    cutoff = (now or timezone.now()) - older_than
    recent = SearchHost.objects.filter(seen_at__gte=cutoff)
    lowest = recent.aggregate(low=Min("cursor"))["low"]
    old = SearchChange.objects.filter(created_at__lt=cutoff)
    if lowest is not None:
        old = old.filter(id__lte=lowest)
    through = old.aggregate(last=Max("id"))["last"]
    if through is None:
        return 0
    SearchLogTrim.objects.create(through_id=through)
    return old.delete()[0]


@dataclass
class Drift:
    """Differences between the database and the index, by document key (an article's id;
    a page document's is its page id negated)."""

    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    pending: int = 0
    documents: int = 0
    cursor: int | None = None
    head: int = 0

    @property
    def in_step(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.pending)

    def as_dict(self) -> dict:
        return {
            "in_step": self.in_step,
            "documents": self.documents,
            "missing": self.missing,
            "extra": self.extra,
            "stale": self.stale,
            "pending_log_rows": self.pending,
            "cursor": self.cursor,
            "head": self.head,
        }


def check() -> Drift:
    """Compare every expected document's fingerprint with the index."""
    backend = get_backend()
    expected = {d.key: d.fingerprint for d in documents.everything()}
    actual = backend.fingerprints()
    cursor = start_cursor(backend)
    return Drift(
        missing=sorted(expected.keys() - actual.keys()),
        extra=sorted(actual.keys() - expected.keys()),
        stale=sorted(i for i in expected.keys() & actual.keys() if expected[i] != actual[i]),
        pending=pending(cursor if cursor is not None else 0),
        documents=len(expected),
        cursor=cursor,
        head=head(),
    )
