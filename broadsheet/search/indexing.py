"""Keep the index in step with the database: apply the outbox, rebuild, check.

Order matters for correctness when several processes write. Outbox rows are
read first, the editions' documents are read lazily *inside* the backend's
writer lock, and rows are deleted only after the index commit. So the last
writer to commit read the newest data, and a crash at any point leaves rows
behind for the next apply rather than an index silently out of step.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db.models import Max

from . import documents
from .backends import get_backend
from .backends.base import IndexBusy
from .models import IndexOutbox

log = logging.getLogger(__name__)
BATCH = 200


def apply_outbox(*, wait: bool = True) -> int:
    """Apply every pending outbox row; returns how many rows were applied.

    Without ``wait``, a locked index leaves the rows at once instead of after a
    few seconds (a web request that published or withdrew must not hang on a
    reindex); search hides non-public editions with pending rows meanwhile.
    """
    backend = get_backend()
    applied = 0
    while rows := list(IndexOutbox.objects.order_by("id").values_list("id", "edition_id")[:BATCH]):
        editions = {edition for _, edition in rows}
        try:
            backend.replace_editions(editions, documents.for_editions(editions), wait=wait)
        except IndexBusy as exc:  # rows stay for the next apply
            log.warning("search index busy, %d outbox row(s) left for later: %s", len(rows), exc)
            return applied
        IndexOutbox.objects.filter(id__in=[row_id for row_id, _ in rows]).delete()
        applied += len(rows)
    return applied


def reindex() -> int:
    """Rebuild the whole index from the database in one commit; returns documents indexed.

    Rows written while it ran (a withdrawal that found the index locked) are
    applied after it, so nothing waits for some later write.
    """
    last_row = IndexOutbox.objects.aggregate(last=Max("id"))["last"]
    count = get_backend().rebuild(documents.everything())
    if last_row is not None:
        IndexOutbox.objects.filter(id__lte=last_row).delete()
    apply_outbox()
    return count


@dataclass
class Drift:
    """Differences between the database and the index, by article id."""

    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    pending: int = 0
    documents: int = 0

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
            "pending_outbox_rows": self.pending,
        }


def check() -> Drift:
    """Compare every expected document's fingerprint with the index."""
    expected = {d.article_id: d.fingerprint for d in documents.everything()}
    actual = get_backend().fingerprints()
    return Drift(
        missing=sorted(expected.keys() - actual.keys()),
        extra=sorted(actual.keys() - expected.keys()),
        stale=sorted(i for i in expected.keys() & actual.keys() if expected[i] != actual[i]),
        pending=IndexOutbox.objects.count(),
        documents=len(expected),
    )
