"""``broadsheet ocr``: read scanned pages (no text layer, no ALTO) with the OCR engine."""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from broadsheet.core.migrations_check import require_migrated
from broadsheet.pages import ocr
from broadsheet.pages.reading import pages_to_read, read_page


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "OCR the pages that have no text (scanned PDFs, scans without ALTO)."

    def add_arguments(self, parser):
        parser.add_argument("--newspaper", help="only this newspaper (slug)")
        parser.add_argument("--date", help="only this edition date YYYY-MM-DD")
        parser.add_argument("--from", dest="date_from", help="first edition date YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last edition date YYYY-MM-DD")
        parser.add_argument("--page", help="only pages with this label (e.g. 01)")
        parser.add_argument("--force", action="store_true", help="read OCR'd pages again too")
        parser.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args, **opts):
        require_migrated()
        if not ocr.available():
            raise CommandError(str(_unavailable()))
        day = _date(opts["date"])
        pages = list(
            pages_to_read(
                opts["newspaper"],
                day or _date(opts["date_from"]),
                day or _date(opts["date_to"]),
                opts["force"],
                opts["page"],
            ).select_related("edition__newspaper")
        )
        summary = self._read_all(pages, progress=not opts["json"])
        if opts["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(_describe(summary))
        if summary["errors"]:
            raise CommandError(f"{len(summary['errors'])} page(s) could not be read")

    def _read_all(self, pages, progress: bool) -> dict:
        summary: dict = {"engine": str(ocr.engine_info()), "pages": [], "errors": []}
        bar = tqdm(pages, unit="page", disable=not (progress and sys.stderr.isatty()))
        for page in bar:
            name = f"{page.edition.newspaper.slug} {page.edition.date} page {page.label}"
            try:
                row = read_page(page)
            except (OSError, ValueError) as exc:
                summary["errors"].append(f"{name}: {exc}")
                continue
            confidence = None if row.confidence is None else round(row.confidence, 3)
            summary["pages"].append(
                {"page": name, "characters": row.characters, "confidence": confidence}
            )
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
