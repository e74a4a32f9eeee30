"""``broadsheet ingest PATH...``: load editions from files.

A thin wrapper over ``broadsheet.ingest.runner``: parses options, prints the
summary (text, or JSON with ``--json``), and turns a run in which anything
failed into a non-zero exit status.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.migrations_check import migrate_if_new, require_migrated
from broadsheet.editions import validate
from broadsheet.editions.models import Newspaper, Page
from broadsheet.ingest.formats import FORMATS, IngestOptions
from broadsheet.ingest.runner import run_ingest
from broadsheet.pages import ocr


class Command(BaseCommand):
    help = (
        "Load editions from bundles, page PDFs, JSON Lines, the PFR corpus, NITF and "
        "NewsML-G2 (one edition = one transaction; re-running is safe)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="file, folder, .zip or .gz"
        )
        parser.add_argument(
            "--format", default="auto", choices=["auto", *FORMATS], help="input format"
        )
        parser.add_argument(
            "--newspaper", default="", help="newspaper slug for sources naming none"
        )
        parser.add_argument(
            "--newspaper-name", default="", help="newspaper name when the slug is new"
        )
        parser.add_argument("--page", default="", help="page label for wire items (e.g. 04)")
        parser.add_argument("--page-name", default="", help="page name for wire items (e.g. 国际)")
        parser.add_argument(
            "--date",
            help="edition date YYYY-MM-DD for page PDFs (default: from the folder or file name)",
        )
        parser.add_argument(
            "--no-find-articles",
            action="store_true",
            help="do not find articles on page PDFs given without article text",
        )
        parser.add_argument("--publish", action="store_true", help="publish the editions now")
        parser.add_argument(
            "--replace", action="store_true", help="replace editions (or wire items) that differ"
        )
        parser.add_argument(
            "--discard-corrections",
            action="store_true",
            help="with --replace: replace editions even where editors corrected articles "
            "(their history keeps both versions)",
        )
        parser.add_argument(
            "--ocr",
            action="store_true",
            help="queue the scanned pages loaded (no text layer) for OCR by `broadsheet worker`",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args, **opts):
        _check_options(opts)
        migrate_if_new(self.stderr.write)
        require_migrated()
        options = IngestOptions(
            newspaper=opts["newspaper"],
            newspaper_name=opts["newspaper_name"],
            page=opts["page"],
            page_name=opts["page_name"],
            date=_date(opts["date"]) if opts["date"] else None,
        )
        summary = run_ingest(
            opts["paths"],
            fmt=opts["format"],
            options=options,
            replace=opts["replace"],
            discard_corrections=opts["discard_corrections"],
            publish=opts["publish"],
            find_articles=not opts["no_find_articles"],
            ocr=opts["ocr"],
            progress=not opts["json"],
            log=self.stderr.write if opts["verbosity"] > 1 else (lambda _msg: None),
        )
        if opts["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(summary.describe())
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} error(s); see the summary above")


def _check_options(opts: dict) -> None:
    """The options keep every door's rules, checked before anything runs."""
    if opts["ocr"] and not ocr.available():
        raise CommandError(
            f"--ocr needs the OCR engine {ocr.ENGINE}: pip install 'broadsheet[ocr]'"
        )
    checks = [
        ("newspaper", validate.slug_problem),
        ("page", validate.label_problem),
        ("newspaper_name", lambda v: _longer(v, Newspaper._meta.get_field("name").max_length)),
        ("page_name", lambda v: _longer(v, Page._meta.get_field("name").max_length)),
    ]
    for name, problem_of in checks:
        value = opts[name]
        problem = problem_of(value) if value else None
        if problem is not None:
            option = name.replace("_", "-")
            raise CommandError(f"--{option} {value[:40]!r}: {problem}")


def _longer(value: str, limit: int | None) -> str | None:
    return f"longer than {limit} characters" if limit and len(value) > limit else None


def _date(value: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value[:40]!r} is not a date YYYY-MM-DD") from exc
    problem = validate.date_problem(date)
    if problem is not None:
        raise CommandError(f"--date: {problem}")
    return date
