"""The one visibility rule: what the public may see.

Every public door (reader pages, search, API, feeds, sitemaps, export) starts
from ``Edition.objects.public()`` or filters on ``public_q()``; nothing else
decides whether an edition is visible. A door that lists or shows articles also
filters on ``article_public_q()`` (``Article.objects.public()``): an editor may
hold one article of a public edition back (draft), schedule it for later or
withdraw it, and it is then hidden like a hidden edition.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


def public_q(prefix: str = "", now: datetime | None = None) -> Q:
    """A ``Q`` for visible editions; ``prefix`` reaches them through relations.

    ``public_q("page__edition__")`` filters articles, ``public_q("edition__")``
    pages. An edition is public when it is published, or scheduled and its
    publish time has passed. Withdrawn and draft editions never are.
    """
    return own_q(prefix, now)


def own_q(prefix: str = "", now: datetime | None = None) -> Q:
    """The state rule alone, for the edition or article at ``prefix``."""
    now = now or timezone.now()
    published = Q(**{f"{prefix}status": "published"})
    due = Q(**{f"{prefix}status": "scheduled", f"{prefix}publish_at__lte": now})
    return published | due


def article_public_q(prefix: str = "", now: datetime | None = None) -> Q:
    """A ``Q`` for visible articles: their own state allows it and their edition is public.

    ``article_public_q("article__")`` filters continuations (转版) and the like.
    """
    now = now or timezone.now()
    return own_q(prefix, now) & public_q(f"{prefix}page__edition__", now)


class ArticleQuerySet(models.QuerySet):
    def public(self, now: datetime | None = None) -> ArticleQuerySet:
        return self.filter(article_public_q(now=now))


class EditionQuerySet(models.QuerySet):
    def public(self, now: datetime | None = None) -> EditionQuerySet:
        return self.filter(public_q(now=now))
