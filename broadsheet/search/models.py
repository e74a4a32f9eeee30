"""The search outbox: index changes written in the same transaction as the data.

The database is the source of truth. Whenever an edition's articles or its
visibility change, a row naming the edition is written here inside the same
transaction; after commit the rows are applied to the search backend and
deleted. A crash between commit and apply leaves rows behind, which the next
apply (or ``broadsheet reindex``) picks up, so the index is never silently
out of step.
"""

from django.db import models


class IndexOutbox(models.Model):
    """Re-sync one edition's documents: drop them all, add its public articles."""

    edition_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"reindex edition {self.edition_id}"
