"""Reader traffic reads from the replica; everything else stays on the primary.

A streaming replica lags its primary by a little, so only requests that can
live with that read from it: the public site's GET and HEAD requests. The
admin, ingest, the CLI and every write use the primary, which is also where a
transaction must read what it has just written. With no ``DATABASE_REPLICA_URL``
the router sends everything to ``default`` and the middleware costs one
context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse

from .db import REPLICA

_reader_traffic: ContextVar[bool] = ContextVar("broadsheet_reader_traffic", default=False)
SAFE_METHODS = frozenset({"GET", "HEAD"})


@contextmanager
def reader_traffic() -> Iterator[None]:
    """Reads inside this block may come from the replica (the public site's reads)."""
    token = _reader_traffic.set(True)
    try:
        yield
    finally:
        _reader_traffic.reset(token)


class ReplicaRouter:
    """Database router: the replica for reader reads, the primary for the rest.

    ``databases`` defaults to ``settings.DATABASES``; tests name their own.
    """

    def __init__(self, databases: dict | None = None):
        self.databases = databases

    def db_for_read(self, model, **hints) -> str:
        databases = settings.DATABASES if self.databases is None else self.databases
        if _reader_traffic.get() and REPLICA in databases:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # both aliases hold the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != REPLICA  # the replica copies the primary's schema by itself


class ReaderReplicaMiddleware:
    """Marks the public site's GET/HEAD requests as reader traffic (not the admin's)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = REPLICA in settings.DATABASES

    def __call__(self, request):
        if not (self.enabled and is_reader_request(request)):
            return self.get_response(request)
        with reader_traffic():
            return self.get_response(request)


def is_reader_request(request) -> bool:
    """A safe request outside the admin: a reader, a feed reader or an API client."""
    if request.method not in SAFE_METHODS:
        return False
    return not request.path_info.startswith(reverse("admin:index"))
