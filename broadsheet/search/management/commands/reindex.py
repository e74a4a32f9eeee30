"""``broadsheet reindex``: rebuild this host's search index from the database.

The database is the source of truth; this is the cure for any drift that
``broadsheet search --check`` reports, and how a new app host builds its
index before it takes traffic. ``--pending`` only applies the change log
beyond this index's cursor (what a host missed while it was down);
``--trim-log DAYS`` deletes log rows older than DAYS that every host seen in
those days has applied (docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.migrations_check import require_migrated
from broadsheet.search import indexing, service


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (or, with --pending, apply the change "
        "log; with --trim-log DAYS, trim it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending", action="store_true", help="only apply the change log past this index"
        )
        parser.add_argument(
            "--trim-log", type=int, metavar="DAYS",
            help="delete log rows older than DAYS that every host seen since has applied",
        )  # fmt: skip

    def handle(self, *args, **opts):
        require_migrated()
        start = time.monotonic()
        if opts["trim_log"] is not None:
            return self._trim(opts["trim_log"])
        if opts["pending"]:
            rows = service.apply_outbox()
            self.stdout.write(f"Applied {rows} log row(s) in {time.monotonic() - start:.1f} s.")
            return
        count = service.reindex()
        self.stdout.write(f"Indexed {count} article(s) in {time.monotonic() - start:.1f} s.")

    def _trim(self, days: int) -> None:
        if days < 1:
            raise CommandError(f"--trim-log DAYS must be at least 1 (got {days})")
        deleted = indexing.trim(dt.timedelta(days=days))
        self.stdout.write(f"Trimmed {deleted} change log row(s) older than {days} day(s).")
