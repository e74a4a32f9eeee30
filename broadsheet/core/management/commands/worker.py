"""``broadsheet worker``: run background tasks (the desk's uploads) from the database queue.

A thin wrapper over django-tasks-db's worker; ``broadsheet serve`` and ``broadsheet demo``
start one beside the web server (``core.worker``).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from broadsheet.core.migrations_check import require_migrated
from broadsheet.core.worker import watch_parent


class Command(BaseCommand):
    help = "Run background tasks (uploads from the newsroom) as they are queued."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )
        parser.add_argument(
            "--parent",
            type=int,
            default=0,
            help="stop when the process with this id ends (serve and demo use it)",
        )

    def handle(self, *args, batch, interval, parent, **options):
        require_migrated()
        if parent:
            watch_parent(parent)
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            startup_delay=False,
            verbosity=options["verbosity"],
        )
