"""When ingest asks the search index to catch up: per commit, per batch, or beside it.

Every loaded edition appends its change log row in its own transaction (so
the index can never silently miss it). Applying the log costs an index commit;
after every edition that is 15,000 index commits for 50 years of a daily. A
bulk run therefore defers applying: rows written meanwhile simply wait in the
log beyond this host's cursor, as they would after a crash, and are applied
in batches. (Other app hosts apply them from their own cursors.)

Who applies them: for a short run, the loading process itself, once per
``BATCH`` editions and at the end. Once a run has loaded ``FOLLOW_AFTER``
editions into a database another process can open (a file or a server, not
an in-memory test database) on a machine with more than one CPU
(``BROADSHEET_INGEST_FOLLOWER``), it hands indexing to a second process
(``broadsheet.ingest.follower``) that applies the log while this one goes
on loading: analysing text for the index is as much work as loading it, and
the two then run on two cores instead of one after the other. Whatever the
follower leaves (it stopped, crashed or could not see the rows) the loading
process applies at the end, so the outcome is the same either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from broadsheet.search.changelog import apply_pending, record

from .follower import Follower

BATCH = 200
FOLLOW_AFTER = 10
_deferred: ContextVar[Batch | None] = ContextVar("ingest_index_batch", default=None)
log = logging.getLogger(__name__)


class Batch:
    """The deferred indexing of one bulk run: counts editions, starts the follower."""

    def __init__(self, follow: bool):
        self.follow = follow
        self.loaded = 0
        self.follower: Follower | None = None

    def edition_loaded(self) -> None:
        self.loaded += 1
        if self.follower is not None:
            return
        if self.follow and self.loaded == FOLLOW_AFTER and _shareable_database():
            self.follower = Follower.start()
        elif self.loaded % BATCH == 0:
            apply_pending()

    def finish(self) -> None:
        if self.follower is not None:
            if not self.follower.finish():
                log.warning("the indexing process stopped early; applying the rest here")
        apply_pending()


def _shareable_database() -> bool:
    """Can a second process open the database this one writes (not ``:memory:``)?"""
    connection = connections["default"]
    return not isinstance(connection, SQLiteWrapper) or not connection.is_in_memory_db()


def enqueue(edition_ids: Iterable[int]) -> None:
    """Append the change log rows inside the caller's transaction."""
    record(edition_ids, "loaded", apply=_deferred.get() is None)


def edition_loaded() -> None:
    """Tell the current batch one more edition has committed (no-op outside a batch)."""
    batch = _deferred.get()
    if batch is not None:
        batch.edition_loaded()


@contextmanager
def batched() -> Iterator[Batch]:
    """Defer applying the change log until the block ends (however it ends)."""
    batch = Batch(follow=settings.INGEST_FOLLOWER)
    token = _deferred.set(batch)
    try:
        yield batch
    finally:
        _deferred.reset(token)
        batch.finish()
