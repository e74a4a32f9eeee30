"""The one visibility rule: what the public may see.

Every public door (reader pages, search, API, feeds, sitemaps, export) starts
from ``Edition.objects.public()`` or filters on ``public_q()``; nothing else
decides whether an edition is visible.
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
    now = now or timezone.now()
    published = Q(**{f"{prefix}status": "published"})
    due = Q(**{f"{prefix}status": "scheduled", f"{prefix}publish_at__lte": now})
    return published | due


class EditionQuerySet(models.QuerySet):
    def public(self, now: datetime | None = None) -> EditionQuerySet:
        return self.filter(public_q(now=now))
