"""When ingest asks the search index to catch up: per commit, or per batch.

Every loaded edition writes its outbox row in its own transaction (so the
index can never silently miss it). Applying the outbox costs an index commit;
after every edition that is 15,000 index commits for 50 years of a daily. A
bulk run therefore defers applying and applies once per ``BATCH`` editions and
at the end: rows written meanwhile simply wait in the outbox, as they would
after a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from broadsheet.search.outbox import apply_pending, enqueue_editions

BATCH = 200
_deferred: ContextVar[bool] = ContextVar("ingest_index_deferred", default=False)


def enqueue(edition_ids: Iterable[int]) -> None:
    """Write the outbox rows inside the caller's transaction."""
    enqueue_editions(edition_ids, apply=not _deferred.get())


@contextmanager
def batched() -> Iterator[None]:
    """Defer applying the outbox until the block ends (however it ends)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
        apply_pending()
