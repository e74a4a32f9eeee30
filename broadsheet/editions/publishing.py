"""Publishing: change what the public may see, and tell the search index.

Every status change goes through here so the index outbox is written in the
same transaction as the change (a withdrawn edition leaves search at once).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from broadsheet.search.outbox import enqueue_editions

from . import media
from .models import Edition


def _set(edition: Edition, status: str, publish_at: dt.datetime | None) -> Edition:
    with transaction.atomic():
        edition.status = status
        edition.publish_at = publish_at
        edition.save(update_fields=["status", "publish_at", "updated_at"])
        enqueue_editions([edition.pk])
    return edition


def publish(edition: Edition) -> Edition:
    """Make the edition public now."""
    return _set(edition, Edition.Status.PUBLISHED, timezone.now())


def schedule(edition: Edition, when: dt.datetime) -> Edition:
    """Make the edition public at ``when``; until then it stays hidden everywhere."""
    return _set(edition, Edition.Status.SCHEDULED, when)


def withdraw(edition: Edition) -> Edition:
    """Take the edition off every public door; it stays in the database."""
    return _set(edition, Edition.Status.WITHDRAWN, edition.publish_at)


def unpublish(edition: Edition) -> Edition:
    """Back to draft, e.g. to correct it before publishing again."""
    return _set(edition, Edition.Status.DRAFT, None)


def content_changed(edition: Edition) -> None:
    """An article of the edition changed (an editor's correction, a hotspot, an article's
    own state): the index and the media references follow, in the caller's transaction."""
    media.refresh([edition.pk])
    enqueue_editions([edition.pk])
