"""Write index changes to the outbox; apply them after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import IndexOutbox


def enqueue_editions(edition_ids: Iterable[int]) -> None:
    """Record that these editions need re-indexing, inside the caller's transaction."""
    IndexOutbox.objects.bulk_create(IndexOutbox(edition_id=i) for i in set(edition_ids))
    transaction.on_commit(apply_pending)


def apply_pending() -> int:
    """Apply every pending outbox row to the configured backend; returns rows applied.

    Filled in by the search service; until a backend is configured this is a
    no-op that leaves the rows for ``broadsheet reindex``.
    """
    from . import service

    return service.apply_outbox()
