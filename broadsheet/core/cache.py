"""Django's cache configured from one URL (``BROADSHEET_CACHE_URL``).

The page cache is correct with any backend, a per-process one included: a
stored page's key holds the database's reader generation, so no process can
answer a page another process's write made stale. A shared backend (Redis,
memcached) only saves each process rendering each page once.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

# A rendered page is 20-60 KB: about 50 MB per process at most.
LOCAL_ENTRIES = 1000


def cache_from_url(url: str, data_dir: Path) -> dict:
    """``locmem`` (or empty), ``file``, ``redis://…``, ``memcached://host:port``."""
    url = url.strip()
    if url in ("", "locmem"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES},
        }
    if url == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(data_dir / "cache"),
            "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES * 10},
        }
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": urlsplit(url).netloc,
        }
    raise ValueError(
        f"BROADSHEET_CACHE_URL: {url!r} is none of locmem, file, redis://… or memcached://…"
    )
