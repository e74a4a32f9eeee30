"""Each app process follows the search change log in the background.

A publication made through one app host must reach every host's own index;
no host can push into another's folder, so each pulls. ``start`` (called by
``broadsheet.wsgi``, so only in served processes) runs one daemon thread per
process that looks at the log every ``SEARCH_FOLLOW_S`` seconds and, when
this host's index lacks rows, applies them without waiting for the writer
lock: of a host's workers, whichever gets the lock applies, the others find
nothing left next time. A host that was down applies its backlog at start;
a new host's empty index is built from the database by the first look
(``indexing.start_cursor``; for a large archive run ``broadsheet reindex``
before the host takes traffic, docs/deploy.md).

Until its host has applied a withdrawal, search hides that edition anyway
(``service.hidden_editions``), so only a publication waits for the next look.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)
_thread: threading.Thread | None = None
_lock = threading.Lock()


def start() -> threading.Thread | None:
    """Start this process's follower once; ``None`` when ``SEARCH_FOLLOW_S`` is 0."""
    global _thread
    if settings.SEARCH_FOLLOW_S <= 0:
        return None
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="broadsheet-search-follower", daemon=True)
            _thread.start()
    return _thread


def _run() -> None:
    while True:
        look()
        time.sleep(settings.SEARCH_FOLLOW_S)


def look() -> None:
    """One look, its connection handled as a request's (``CONN_MAX_AGE``) before and after.

    After, too: on PostgreSQL the connection then goes back to the process's pool while
    this thread sleeps, rather than holding one of the pool's places (as many as a
    worker's threads, ``DATABASE_POOL_SIZE``) from the request threads between looks.
    """
    try:
        close_old_connections()
        step()
    except Exception:  # a database restart must not end the thread
        log.exception("search follower: applying the change log failed; retrying")
    finally:
        close_old_connections()


def step() -> int:
    """One look at the log: apply what this host's index lacks; returns the rows applied."""
    from . import indexing

    if not indexing.behind():
        return 0
    return indexing.apply_log(wait=False, quiet=True)
