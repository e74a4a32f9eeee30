"""``broadsheet redirects import FILE`` / ``broadsheet redirects list``: the redirect table.

A site moving to Broadsheet keeps its old links: a CSV of ``old path,target``
rows, the target a path of this site or an article's permanent id
(``a:7kq2m9xp`` or ``/a/7kq2m9xp``). The reader consults the table before it
answers 404 (``editions.redirects``).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.editions import redirects
from broadsheet.editions.models import Redirect


class Command(BaseCommand):
    help = "Import (CSV: old path,target) or list the redirect table of old URLs."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV file of old path,target rows")
        imp.add_argument("file", help="CSV, UTF-8: old path,target (a path or a:<permanent id>)")
        sub.add_parser("list", help="print every redirect as CSV")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for row in Redirect.objects.all():
                target = row.target_path or f"a:{row.permalink}"
                self.stdout.write(f"{row.old_path},{target},{row.origin}")
            return
        self.stdout.write(f"imported {_import(Path(options['file']))} redirect(s)")


def _import(path: Path) -> int:
    """Every row of the file, or none: a bad line stops the import before anything is written."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: cannot read as UTF-8 text: {exc}") from exc
    try:
        rows = redirects.read_csv(str(path), text)
    except redirects.RedirectFileError as exc:
        raise CommandError(str(exc)) from exc
    return redirects.store(rows)
