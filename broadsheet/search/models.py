"""The search change log: what changed, in order, for every host's index to apply.

The database is the source of truth. Whenever an edition's articles or its
visibility change, a ``SearchChange`` row naming the edition is appended in
the same transaction. Rows are never updated; each index (a tantivy folder
on one app host, or the PostgreSQL tables) remembers the last row id it
applied, its cursor, and applies what lies beyond it. So any number of hosts
each keep their own index in step with one database (docs/search.md,
"Several app servers").

``SearchHost`` is each index's report of its cursor (for trimming and for
``search --check``); ``SearchLogTrim`` records how far the log was trimmed,
so a host whose cursor lies below it knows to rebuild.
"""

from django.db import models


class SearchChange(models.Model):
    """One change to one edition that search must follow: re-sync the edition's documents.

    Applying a row always reads the edition's current state from the
    database, so applying it twice, or late, is harmless; missing it is not.
    """

    class Kind(models.TextChoices):
        LOADED = "loaded", "loaded"
        PUBLISHED = "published", "published"
        SCHEDULED = "scheduled", "scheduled"
        WITHDRAWN = "withdrawn", "withdrawn"
        UNPUBLISHED = "unpublished", "unpublished"
        EDITED = "edited", "edited"
        ARTICLE_EDITED = "article_edited", "article edited"
        DELETED = "deleted", "deleted"

    id = models.BigAutoField(primary_key=True)
    edition_id = models.BigIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EDITED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.id} {self.kind} edition {self.edition_id}"


class SearchHost(models.Model):
    """The cursor one index last reported: a host's tantivy folder, or ``database``.

    For a tantivy host this row is a copy (the cursor that counts lives in
    the index folder, and is lost with it); for the PostgreSQL engine it is
    the cursor itself, written in the same transaction as the index rows.
    """

    name = models.CharField(max_length=300, unique=True)
    cursor = models.BigIntegerField(default=0)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at #{self.cursor}"


class SearchLogTrim(models.Model):
    """One trim of the log: every row up to ``through_id`` may be gone."""

    through_id = models.BigIntegerField()
    trimmed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"trimmed through #{self.through_id}"
