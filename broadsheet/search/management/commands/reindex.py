"""``broadsheet reindex``: rebuild the search index from the database.

The database is the source of truth; this is the cure for any drift that
``broadsheet search --check`` reports. ``--pending`` only applies the outbox
rows left by a crash or a busy index.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from broadsheet.core.migrations_check import require_migrated
from broadsheet.search import service


class Command(BaseCommand):
    help = "Rebuild the search index from the database (or, with --pending, apply the outbox)."

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true", help="only apply pending outbox rows")

    def handle(self, *args, **opts):
        require_migrated()
        start = time.monotonic()
        if opts["pending"]:
            rows = service.apply_outbox()
            self.stdout.write(f"Applied {rows} outbox row(s) in {time.monotonic() - start:.1f} s.")
            return
        count = service.reindex()
        self.stdout.write(f"Indexed {count} article(s) in {time.monotonic() - start:.1f} s.")
