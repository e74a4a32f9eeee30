"""``broadsheet serve``: run the site under gunicorn (production) on one machine."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand

from broadsheet.core.migrations_check import require_migrated
from broadsheet.core.worker import start_beside

REQUEST_LINE_LIMIT = 8190  # bytes; gunicorn's largest (0 would be unlimited)
# One process per core, each with threads (gunicorn's gthread worker): a thread
# waiting on the database or on a slow client leaves the core to the others, and
# connections stay open between requests (keep-alive), which gunicorn's sync
# worker closes after every answer. Measured on 2 cores (docs/performance.md):
# cached pages 1.5-5x as many a second as with 2 x cores + 1 sync workers, uncached
# ones more too.
THREADS = 4


class Command(BaseCommand):
    help = "Serve the site with gunicorn (use behind nginx; see docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--threads", type=int, default=THREADS, help=f"threads per worker ({THREADS})"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="start no background worker (run `broadsheet worker` elsewhere)",
        )

    def handle(self, *args, host, port, workers, threads=THREADS, no_worker=False, **options):
        require_migrated()
        if not no_worker:
            start_beside()  # the desk's uploads; it stops when the server does
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "broadsheet.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            # Search URLs keep the whole query (shareable links): 200 characters of
            # four-byte UTF-8, percent-encoded, and every filter fit in gunicorn's
            # largest bound (tests/core/test_serve_limits.py); no bound at all let a
            # 5 MB URL hold a worker for seconds.
            "--limit-request-line",
            str(REQUEST_LINE_LIMIT),
            "--access-logfile",
            "-",
        ]
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with {workers} workers x {threads} threads"
        )
        sys.stdout.flush()
        os.execv(sys.executable, argv)
