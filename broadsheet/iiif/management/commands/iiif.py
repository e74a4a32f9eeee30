"""``broadsheet iiif trim``: bound the folder of kept IIIF image answers.

The Image API keeps every tile it cuts (``iiif/tiles.py``); only the pages viewers
open fill the folder, but nothing else empties it. Run this daily (cron, a systemd
timer): it removes answers unused for ``--unused-days`` and then the least recently
used beyond ``--max-mb``. Every removed answer is cut again on its next request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from broadsheet.iiif import tiles

MB = 1024 * 1024
DAY = 24 * 3600


class Command(BaseCommand):
    help = "Trim the folder of kept IIIF image answers by age and by size."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        trim = sub.add_parser("trim", help="remove kept answers unused for long, then the oldest")
        trim.add_argument(
            "--max-mb",
            type=int,
            default=settings.IIIF_CACHE_MAX_MB,
            help="keep at most this many megabytes (default: BROADSHEET_IIIF_CACHE_MAX_MB, "
            "%(default)s)",
        )
        trim.add_argument(
            "--unused-days", type=float, default=30, help="remove answers unused this long (30)"
        )

    def handle(self, *args, action, max_mb, unused_days, **options):
        if max_mb < 0 or unused_days < 0:
            raise CommandError("--max-mb and --unused-days must not be negative")
        done = tiles.trim(max_bytes=max_mb * MB, unused_seconds=unused_days * DAY)
        self.stdout.write(
            f"Removed {done.removed} kept answer(s), {done.freed / MB:.1f} MB; "
            f"{done.kept / MB:.1f} MB kept in {settings.IIIF_CACHE_DIR}."
        )
