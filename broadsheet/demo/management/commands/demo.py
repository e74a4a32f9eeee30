"""``broadsheet demo``: build the sample editions, load them and serve the reader site.

A thin wrapper over ``broadsheet.demo.bundles`` and ``broadsheet.demo.loader``:
it turns their errors into ``CommandError`` and hands serving to ``runserver``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.worker import start_beside
from broadsheet.demo.bundles import build_bundles
from broadsheet.demo.fonts import FontMissing
from broadsheet.demo.loader import load_sample
from broadsheet.demo.pictures import UnknownPicture
from broadsheet.demo.stories import ContentError
from broadsheet.ingest.errors import IngestError

BUNDLES_FOLDER = "demo-bundles"


class Command(BaseCommand):
    help = (
        "Build the sample editions (two newspapers, three dates), load them published "
        "and serve the reader site on http://127.0.0.1:PORT/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument(
            "--no-serve", action="store_true", help="build and load only; do not serve"
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="regenerate the bundles even if up to date"
        )

    def handle(self, *args, **opts):
        target = settings.DATA_DIR / BUNDLES_FOLDER
        try:
            folders = build_bundles(target, rebuild=opts["rebuild"], log=self.stdout.write)
        except (FontMissing, ContentError, UnknownPicture) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = load_sample(folders, log=self.stdout.write)
        except IngestError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Sample ready: {summary.loaded} edition(s) loaded, {summary.skipped} already there."
        )
        if not opts["no_serve"]:
            self._serve(opts["port"])

    def _serve(self, port: int) -> None:
        self.stdout.write(f"Serving the demo on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        start_beside()  # one background worker for the desk's uploads, stopped with the demo
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
