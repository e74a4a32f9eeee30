"""``broadsheet ocr``: read scanned pages (no text layer, no ALTO) with the OCR engine.

In the foreground with a progress bar, or with ``--background`` queued for
``broadsheet worker`` (``pages.tasks``), as a date range or a whole archive should be.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from broadsheet.core.migrations_check import require_migrated
from broadsheet.pages import ocr, tasks
from broadsheet.pages.reading import new_summary, pages_to_read, read_into


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


FILTERS = ("newspaper", "date", "date_from", "date_to", "page")


def _pages(opts: dict):
    """The pages the options name; ``--all`` names every page and no filter beside it."""
    if opts["all"] and any(opts[name] for name in FILTERS):
        raise CommandError("--all reads every page: give it without --newspaper, dates or --page")
    day = _date(opts["date"])
    return pages_to_read(
        opts["newspaper"],
        day or _date(opts["date_from"]),
        day or _date(opts["date_to"]),
        opts["force"],
        opts["page"],
    ).select_related("edition__newspaper")


class Command(BaseCommand):
    help = "OCR the pages that have no text (scanned PDFs, scans without ALTO)."

    def add_arguments(self, parser):
        parser.add_argument("--newspaper", help="only this newspaper (slug)")
        parser.add_argument("--date", help="only this edition date YYYY-MM-DD")
        parser.add_argument("--from", dest="date_from", help="first edition date YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last edition date YYYY-MM-DD")
        parser.add_argument("--page", help="only pages with this label (e.g. 01)")
        parser.add_argument("--force", action="store_true", help="read OCR'd pages again too")
        parser.add_argument(
            "--all", action="store_true", help="every page that needs it (as with no filter)"
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the pages for `broadsheet worker` instead of reading them now",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args, **opts):
        require_migrated()
        if not ocr.available():
            raise CommandError(str(_unavailable()))
        pages = _pages(opts)
        if opts["background"]:
            self._queue(pages, opts)
            return
        summary = self._read_all(list(pages), progress=not opts["json"])
        if opts["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(_describe(summary))
        if summary["errors"]:
            raise CommandError(f"{len(summary['errors'])} page(s) could not be read")

    def _queue(self, pages, opts) -> None:
        queued = tasks.enqueue(pages.values_list("pk", flat=True), opts["force"])
        if opts["json"]:
            self.stdout.write(json.dumps({"queued": queued, "batch": tasks.BATCH}))
        else:
            self.stdout.write(f"Queued {queued} page(s) for `broadsheet worker` to read.")

    def _read_all(self, pages, progress: bool) -> dict:
        summary = new_summary()
        for page in tqdm(pages, unit="page", disable=not (progress and sys.stderr.isatty())):
            read_into(summary, page)
        return summary


def _unavailable() -> Exception:
    try:
        ocr.engine_info()
    except ocr.OcrUnavailable as exc:
        return exc
    return RuntimeError("OCR unavailable")


def _describe(summary: dict) -> str:
    lines = [f"OCR'd {len(summary['pages'])} page(s) with {summary['engine']}."]
    for page in summary["pages"]:
        conf = page["confidence"]
        shown = f", mean confidence {conf:.0%}" if conf is not None else ""
        lines.append(f"  {page['page']}: {page['characters']} characters{shown}")
    lines += [f"  error: {e}" for e in summary["errors"]]
    return "\n".join(lines)
