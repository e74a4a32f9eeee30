"""A second process that applies the search change log while a bulk ingest loads.

The loading process keeps writing editions and their log rows; the
follower applies committed rows whenever enough have piled up to be worth an
index commit, and everything left once the loader closes its end of the pipe.
A closed pipe is also what the follower sees when the loader dies (Ctrl-C,
``kill -9``): it finishes applying what was committed and exits, so no
process is left behind and no committed edition stays out of the index.

The follower is started with ``spawn`` (a fresh interpreter, never a fork of a
process holding database connections and tantivy's threads) and given the
loader's live settings: the database it writes, which may be a test database
or an overridden index folder that the environment alone would not name.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

MIN_ROWS = 50  # log rows (editions) worth one index commit while the loader runs
POLL_S = 0.25
JOIN_S = 3600


class Follower:
    """The loader's handle on the follower process."""

    def __init__(self, process: BaseProcess, pipe: Connection):
        self.process = process
        self.pipe = pipe

    @classmethod
    def start(cls) -> Follower:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=follow, args=(_live_settings(), theirs), name="broadsheet-indexer"
        )
        process.start()
        theirs.close()
        return cls(process, ours)

    def finish(self) -> bool:
        """Close the pipe, wait for the follower's last apply; True if it ended cleanly."""
        self.pipe.close()
        self.process.join(JOIN_S)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        return self.process.exitcode == 0


def _live_settings() -> dict:
    """What the follower must share with the loader, as the loader sees it now."""
    from django.conf import settings
    from django.db import connections

    return {
        "settings_module": os.environ.get("DJANGO_SETTINGS_MODULE", "broadsheet.settings"),
        "DATABASES": {alias: dict(connections[alias].settings_dict) for alias in connections},
        "SEARCH_BACKEND": settings.SEARCH_BACKEND,
        "SEARCH_INDEX_DIR": settings.SEARCH_INDEX_DIR,
    }


def follow(live: dict, pipe: Connection) -> None:
    """The follower's main: apply the log until the loader's pipe closes, then once more."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the loader; it closes the pipe
    os.environ["DJANGO_SETTINGS_MODULE"] = live["settings_module"]
    from django.conf import settings

    settings.DATABASES = live["DATABASES"]
    settings.SEARCH_BACKEND = live["SEARCH_BACKEND"]
    settings.SEARCH_INDEX_DIR = live["SEARCH_INDEX_DIR"]
    import django

    django.setup()
    from broadsheet.search.changelog import apply_pending
    from broadsheet.search.indexing import pending

    while not _closed(pipe):
        if pending() >= MIN_ROWS:
            apply_pending()
    apply_pending()


def _closed(pipe: Connection) -> bool:
    """Wait up to ``POLL_S`` for the loader to close its end."""
    if not pipe.poll(POLL_S):
        return False
    try:
        pipe.recv()
    except EOFError:
        return True
    return False
