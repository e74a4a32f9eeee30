"""The reader generation: one token that changes whenever what a reader sees may change.

Page caches (``reader.pagecache``) key every stored page on this token, so a
publish, a withdrawal, a correction, a new edition or a renamed newspaper makes
every stored page unreachable at once, without knowing which pages showed what:
a page of one newspaper shows every newspaper's name (报刊 selector, footer), its
calendar and 上一期/下一期, and search shows everything.

Every model save or delete of a reader-visible model bumps it through the
signals connected in ``connect``; bulk writes (``bulk_create``, ``update``)
send no signals, so the services that use them call ``bump`` themselves in the
same transaction. The other change, a scheduled edition's time passing, needs
no write: ``schedule`` lists the scheduled times under the token, and the page
key includes the latest one that has passed (``due_marker``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connections, router
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

SINGLETON = 1
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Generation:
    token: int
    changed_at: dt.datetime


def new_token() -> int:
    return secrets.randbits(62)


def bump(**_signal_arguments) -> None:
    """Change the token, inside the caller's transaction (a signal receiver too)."""
    from .models import ReaderGeneration

    now, token = timezone.now(), new_token()
    updated = ReaderGeneration.objects.filter(pk=SINGLETON).update(token=token, changed_at=now)
    if not updated:
        ReaderGeneration.objects.create(pk=SINGLETON, token=token, changed_at=now)


def current() -> Generation:
    """The token now: one primary-key read on every public request, so plain SQL.

    The ORM's query building cost more than the whole rest of a cached page's
    answer; this reads the same row from the database the router picks for
    reading (the replica, for readers). A database without the row has token 0.
    """
    from .models import ReaderGeneration

    alias = router.db_for_read(ReaderGeneration)
    connection = connections[alias]
    table = connection.ops.quote_name(ReaderGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE id = %s", [SINGLETON])
        row = cursor.fetchone()
    if row is None:
        return Generation(0, EPOCH)
    return Generation(int(row[0]), _aware(row[1]))


def _aware(value: dt.datetime | str) -> dt.datetime:
    """SQLite hands back its text (UTC, as Django stores it); PostgreSQL a datetime."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def schedule(generation: Generation) -> list[dt.datetime]:
    """Every scheduled edition's publish time, sorted; kept in the cache under the token."""
    from .models import Edition

    key = f"broadsheet:schedule:{generation.token}"
    times = cache.get(key)
    if times is None:
        scheduled = Edition.objects.filter(status=Edition.Status.SCHEDULED)
        times = sorted(t for t in scheduled.values_list("publish_at", flat=True) if t)
        cache.set(key, times, None)
    return times


def due_marker(times: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """The latest scheduled time that has passed: it changes the moment another passes."""
    i = bisect.bisect_right(times, now)
    return times[i - 1] if i else None


def next_due(times: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """The next scheduled time still to come (a page must not be kept past it)."""
    i = bisect.bisect_right(times, now)
    return times[i] if i < len(times) else None


def connect() -> None:
    """Bump on every save and delete of what reader pages show (called by the app's ready)."""
    from .models import Article, ArticleJump, Edition, Newspaper, Page, Publisher

    for model in (Publisher, Newspaper, Edition, Page, Article, ArticleJump):
        post_save.connect(bump, sender=model, dispatch_uid=f"generation-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"generation-del-{model.__name__}")
