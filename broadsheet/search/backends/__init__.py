"""Search engines behind one interface; ``settings.SEARCH_BACKEND`` picks one.

Each engine lives in its own module and is named here once; ``get_backend``
imports it on first use, so an engine's driver is only needed where it runs.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import SearchBackend

BACKENDS = {
    "tantivy": "broadsheet.search.backends.tantivy.TantivyBackend",
    "postgres": "broadsheet.search.backends.postgres.PostgresBackend",
}


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured engine (or ``name``), ready to use."""
    name = name or settings.SEARCH_BACKEND
    if name not in BACKENDS:
        known = ", ".join(sorted(BACKENDS))
        raise ImproperlyConfigured(f"SEARCH_BACKEND {name!r} is not one of: {known}")
    module, _, cls = BACKENDS[name].rpartition(".")
    return getattr(import_module(module), cls)()
