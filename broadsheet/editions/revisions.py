"""Revisions of articles (django-reversion): who changed what, and when.

An article's history is the list of its saved versions. The newsroom keeps one for
every editor's change (``newsroom.services``), the state as ingested first, so the
first correction can be compared with what the publisher sent. Ingest writes no
revision of its own while loading (a bulk load stays a bulk load); ``--replace``
looks here for the articles editors corrected and, when told to discard them, keeps
a revision of the new article that points back to the one it replaced
(``Article.replaces``), so the history shows both versions.
"""

from __future__ import annotations

from collections.abc import Iterable

import reversion
from django.db.models import QuerySet
from reversion.models import Version

from .models import Article

# What a revision keeps of an article: what editors change, never where it sits.
FIELDS = (
    "kicker",
    "headline",
    "subheadline",
    "byline",
    "body",
    "hotspot",
    "status",
    "publish_at",
    "correction",
    "corrected_at",
    "replaces",
)


def register() -> None:
    """Called once from ``EditionsConfig.ready``."""
    if not reversion.is_registered(Article):
        reversion.register(Article, fields=FIELDS)


def keep(article: Article, comment: str, user=None) -> None:
    """Save the article's present state as a revision of its own."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(article)
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)


def versions(articles: Iterable[Article] | QuerySet[Article]) -> QuerySet[Version]:
    ids = [str(pk) for pk in (a.pk for a in articles)]
    return Version.objects.get_for_model(Article).filter(object_id__in=ids)


def corrected(articles: Iterable[Article]) -> list[Article]:
    """The articles of ``articles`` that an editor changed (a revision made by a user)."""
    articles = list(articles)
    by_user = versions(articles).filter(revision__user__isnull=False)
    edited = set(by_user.values_list("object_id", flat=True))
    return [a for a in articles if str(a.pk) in edited]


def lineage(article: Article) -> list[int]:
    """The article's id, then the ids of the articles it replaced at re-ingest, newest first."""
    ids, seen = [article.pk], {article.pk}
    previous = article.replaces
    while previous is not None and previous not in seen:
        ids.append(previous)
        seen.add(previous)
        previous = _replaced_by_version(previous)
    return ids


def _replaced_by_version(article_id: int) -> int | None:
    """What a deleted article had replaced, read from its last revision."""
    last = (
        Version.objects.get_for_model(Article)
        .filter(object_id=str(article_id))
        .order_by("-revision__date_created", "-pk")
        .first()
    )
    return None if last is None else last.field_dict.get("replaces")
