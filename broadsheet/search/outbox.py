"""Write index changes to the outbox; apply them after commit.

Every change to an edition's articles or visibility writes an outbox row in
the same transaction (``enqueue_editions``); after commit the rows are applied
to the search backend and deleted. A bulk load passes ``apply=False`` and
calls ``apply_pending`` once per batch (``broadsheet.ingest.indexing``): rows
written meanwhile wait in the outbox exactly as they would after a crash, so
the index is never silently out of step.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import IndexOutbox


def enqueue_editions(edition_ids: Iterable[int], *, apply: bool = True) -> None:
    """Record that these editions need re-indexing, inside the caller's transaction.

    With ``apply`` (the default) the rows are applied as soon as the
    transaction commits; without, they wait for the caller's ``apply_pending``.
    """
    IndexOutbox.objects.bulk_create(IndexOutbox(edition_id=i) for i in set(edition_ids))
    if apply:
        transaction.on_commit(_apply_now_or_later)


def apply_pending() -> int:
    """Apply every pending outbox row to the configured backend; returns rows applied."""
    from . import service

    return service.apply_outbox()


def _apply_now_or_later() -> None:
    """After a commit: apply the rows if the index is free, else leave them at once.

    A reindex or a bulk load may hold the index for minutes; the rows they
    leave are applied when they finish, and search keeps the visibility rule
    meanwhile (``service.hidden_editions``).
    """
    from . import service

    service.apply_outbox(wait=False)
