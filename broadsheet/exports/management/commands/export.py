"""``broadsheet export jsonl|site|epub``: the public editions written out (docs/exports.md).

A thin wrapper over ``broadsheet.exports``: parses the arguments, runs the
export with a progress bar on a terminal, prints what it wrote; a bad argument
or an edition that is not public is a ``CommandError`` saying which.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.core.migrations_check import require_migrated
from broadsheet.editions import validate
from broadsheet.exports import epub, jsonl, selection, site


class Command(BaseCommand):
    help = (
        "Export the public editions: jsonl (what ingest reads back), site (static HTML), "
        "epub (one edition for e-readers)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="jsonl|site|epub")
        lines = kinds.add_parser("jsonl", help="every public article as JSON Lines")
        lines.add_argument(
            "out", type=Path, metavar="OUT", help="the .jsonl file (a folder with --with-files)"
        )
        lines.add_argument(
            "--with-files",
            action="store_true",
            help="OUT is a folder: export.jsonl and the page images, PDFs and pictures",
        )
        static = kinds.add_parser("site", help="the reader as static HTML")
        static.add_argument("out", type=Path, metavar="OUT_DIR", help="folder (updated in place)")
        static.add_argument(
            "--base-url",
            default="",
            help="where the copy is served, e.g. https://paper.example.com (canonical links)",
        )
        book = kinds.add_parser("epub", help="one edition as an EPUB 3 book")
        book.add_argument("newspaper", metavar="PAPER", help="newspaper slug, e.g. chenbao")
        book.add_argument("date", metavar="DATE", help="edition date YYYY-MM-DD")
        book.add_argument(
            "out", type=Path, nargs="?", metavar="OUT", help="default: PAPER-DATE.epub"
        )

    def handle(self, *args, **opts):
        require_migrated()
        kind = opts["kind"]
        progress = opts["verbosity"] > 0
        if kind == "jsonl":
            self._jsonl(opts["out"], opts["with_files"], progress)
        elif kind == "site":
            self._site(opts["out"], opts["base_url"], progress)
        else:
            self._epub(opts["newspaper"], opts["date"], opts["out"])

    def _jsonl(self, out: Path, with_files: bool, progress: bool) -> None:
        if with_files and out.exists() and not out.is_dir():
            raise CommandError(f"{out}: --with-files writes a folder, and this is a file")
        if not with_files and out.is_dir():
            raise CommandError(f"{out}: a folder; give a file name (or --with-files)")
        export = jsonl.export_jsonl(out, with_files, progress)
        where = out / jsonl.LINES if with_files else out
        self.stdout.write(
            f"Exported {export.count_editions} edition(s), {export.count_articles} article(s) "
            f"to {where}"
        )
        self._fail_on(export.errors)

    def _site(self, out: Path, base_url: str, progress: bool) -> None:
        try:
            report = site.export_site(out, base_url, progress)
        except site.ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {len(report.written)} edition(s), {report.unchanged} unchanged, "
            f"{len(report.removed)} removed, in {out}"
        )
        for key in report.removed:
            self.stdout.write(f"  removed: {key} (no longer public)")
        self._fail_on(report.errors)

    def _fail_on(self, errors: list[str]) -> None:
        """Each error on its own line, then a non-zero exit: the rest was exported."""
        for error in errors:
            self.stderr.write(f"  error: {error}")
        if errors:
            raise CommandError(f"{len(errors)} error(s); the rest was exported")

    def _epub(self, newspaper: str, date_text: str, out: Path | None) -> None:
        problem = validate.slug_problem(newspaper)
        if problem is not None:
            raise CommandError(f"PAPER {newspaper!r}: {problem}")
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError as exc:
            raise CommandError(f"DATE {date_text!r}: not a date YYYY-MM-DD") from exc
        out = out or Path(f"{newspaper}-{date.isoformat()}.epub")
        try:
            epub.export_epub(newspaper, date, out)
        except selection.NotPublic as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            where = f"{newspaper} {date.isoformat()}"
            raise CommandError(f"{where} not exported: a file cannot be read: {exc}") from exc
        self.stdout.write(f"Wrote {out}")
