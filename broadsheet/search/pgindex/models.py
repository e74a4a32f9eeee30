"""One row per indexed document (an article, or a page without articles: ``article_id`` holds
``IndexDocument.key``, a page's id negated); the text vectors are added by a PostgreSQL-only
migration.

``vector`` holds the analyzer's unigrams and bigrams of headline (weight A) and
body (weight B) with positions, under a GIN index; ``headline_vector`` the
headline's alone, small enough to stay in the row, so "does the headline
match" is cheap to ask of every match (see docs/decisions.md).
"""

from django.db import models


class IndexedArticle(models.Model):
    article_id = models.BigIntegerField(primary_key=True)
    edition_id = models.BigIntegerField(db_index=True)
    newspaper = models.CharField(max_length=64)
    date = models.DateField()
    page_label = models.CharField(max_length=16)
    sort_key = models.BigIntegerField(db_index=True)
    visible_from = models.BigIntegerField()
    fingerprint = models.CharField(max_length=32)

    class Meta:
        db_table = "search_pg_document"

    def __str__(self) -> str:
        return f"article {self.article_id} ({self.newspaper} {self.date})"


class OverflowLexeme(models.Model):
    """A lexeme some document holds more than 256 times, and how many overflow lexemes it has.

    PostgreSQL keeps at most 256 places per lexeme in a ``tsvector``; the engine puts
    the rest under overflow lexemes, and a phrase query names those of its bigrams
    listed here beside them, so a phrase is found at its 300th "the " too. Rows only
    grow: an overflow lexeme no document holds any more matches nothing.
    """

    lexeme = models.TextField(primary_key=True)
    groups = models.PositiveIntegerField()

    class Meta:
        db_table = "search_pg_overflow"

    def __str__(self) -> str:
        return f"{self.lexeme!r}: {self.groups} overflow group(s)"
