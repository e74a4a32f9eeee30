"""``broadsheet serve``: run the site under gunicorn (production) on one machine."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand

from broadsheet.core.migrations_check import require_migrated


class Command(BaseCommand):
    help = "Serve the site with gunicorn (use behind nginx; see docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)

    def handle(self, *args, host, port, workers, **options):
        require_migrated()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "broadsheet.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            # Search URLs keep the whole query (shareable links); gunicorn's default
            # 4 KiB request line would answer long CJK queries with a bare 414.
            "--limit-request-line",
            "0",
            "--access-logfile",
            "-",
        ]
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} workers")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
