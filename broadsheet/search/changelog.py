"""Append index changes to the change log; apply them after commit.

Every change to an edition's articles or its visibility appends a
``SearchChange`` row in the same transaction (``record``); after commit this
process applies the log to its own index (``indexing.apply_outbox``). Other
hosts apply the same rows from their own cursors when they next search or
catch up. A bulk load passes ``apply=False`` and applies once per batch
(``broadsheet.ingest.indexing``): the rows wait in the log exactly as they
would after a crash, so no index is ever silently out of step.

Log ids must be in commit order, or a host could read row 101, move its
cursor past 100 and never see 100 commit. SQLite has one writer at a time;
on PostgreSQL a transaction-scoped advisory lock, taken before the row is
written and held to commit, serialises the few transactions that write the
log (publishing, ingest, edits), so no row can commit behind a higher one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction

from .models import SearchChange

LOG_LOCK = 0x5EA2C4_106  # pg_advisory_xact_lock key: "search log"


def record(edition_ids: Iterable[int], kind: str = SearchChange.Kind.EDITED,
           *, apply: bool = True) -> None:  # fmt: skip
    """Append one log row per edition, inside the caller's transaction.

    With ``apply`` (the default) this host's index applies the log as soon
    as the transaction commits; without, the rows wait for the caller's
    ``apply_pending``.
    """
    ids = sorted(set(edition_ids))
    if not ids:
        return
    alias = router.db_for_write(SearchChange)
    with transaction.atomic(using=alias):
        _serialise_writers(alias)
        SearchChange.objects.using(alias).bulk_create(
            SearchChange(edition_id=i, kind=kind) for i in ids
        )
    if apply:
        transaction.on_commit(_apply_now_or_later, using=alias)


def enqueue_editions(edition_ids: Iterable[int], *, apply: bool = True,
                     kind: str = SearchChange.Kind.EDITED) -> None:  # fmt: skip
    """The outbox's old name for ``record``, kept for callers written against it."""
    record(edition_ids, kind, apply=apply)


def _serialise_writers(alias: str) -> None:
    """Hold the log's lock until this transaction ends (PostgreSQL; SQLite needs none)."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOG_LOCK])


def apply_pending() -> int:
    """Apply the log beyond this host's cursor; returns the rows applied."""
    from . import service

    return service.apply_outbox()


def _apply_now_or_later() -> None:
    """After a commit: apply the rows if the index is free, else leave them at once.

    A reindex or a bulk load may hold the index for minutes; the rows they
    leave are applied when they finish (or by the next search), and search
    keeps the visibility rule meanwhile (``service.hidden_editions``).
    """
    from . import service

    service.apply_outbox(wait=False)


def _page_text_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A page's text stored on its own (``broadsheet ocr``, a correction): its edition's
    documents change, since a page without articles is searched by its text."""
    if raw:
        return
    from broadsheet.editions.models import Page

    edition = Page.objects.filter(pk=instance.page_id).values_list("edition_id", flat=True)
    record(edition)


def connect() -> None:
    """Follow what ``pages`` writes one row at a time (called by the app's ready).

    ``pages`` sits beside ``search`` and may not import it, so search listens. Ingest
    stores page text with ``bulk_create`` (no signal) and logs its edition itself.
    """
    from django.db.models.signals import post_save

    from broadsheet.pages.models import PageText

    post_save.connect(_page_text_saved, sender=PageText, dispatch_uid="search-page-text")
