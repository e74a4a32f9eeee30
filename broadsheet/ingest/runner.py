"""Run an ingest over many paths: expand, detect formats, load, keep a summary.

Each edition is committed on its own, so an error in one leaves those already
loaded in place; the summary lists what landed and what did not. Editions
that exist with the same content are skipped, which makes a re-run safe.
Wire items (NITF, NewsML-G2) are collected by newspaper, date and page over
the whole run and loaded at the end, one transaction per edition, so items
of one date from many files land on one page together (see ``batch``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from broadsheet.pages.tasks import enqueue_editions

from . import indexing
from .batch import WireBatch
from .errors import IngestError, SkippedSource
from .expand import expand
from .formats import IngestOptions
from .placement import load_items
from .records import EditionRecord
from .services import CREATED, UNCHANGED, LoadResult, load_edition
from .sources import READ_ERRORS
from .validation import check_record

NOTES_SHOWN = 10
NOTHING_FOUND = (
    "nothing to load: no edition or article found here "
    "(an edition bundle needs edition.json; see --format)"
)


@dataclass
class IngestSummary:
    editions: int = 0
    pages: int = 0
    articles: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # From page PDFs: pages without a text layer, articles whose place was not found,
    # and how many articles were found on pages given without any.
    needs_ocr: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    found: int = 0
    missing: list[str] = field(default_factory=list)  # files a batch lists but lacks
    ocr_queued: int = 0  # scanned pages queued for the worker's OCR (``ocr=True``)
    seconds: float = 0.0
    interrupted: bool = False

    def as_dict(self) -> dict:
        return {
            "editions": self.editions,
            "pages": self.pages,
            "articles": self.articles,
            "skipped": self.skipped,
            "errors": self.errors,
            "loaded": self.loaded,
            "notes": self.notes,
            "needs_ocr": self.needs_ocr,
            "unplaced": self.unplaced,
            "found": self.found,
            "missing": self.missing,
            "ocr_queued": self.ocr_queued,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
        }

    def describe(self) -> str:
        lines = [
            f"Loaded {self.editions} edition(s), {self.pages} page(s), {self.articles} article(s) "
            f"in {self.seconds:.1f} s; skipped {self.skipped}; {len(self.errors)} error(s)."
        ]
        lines += [f"  skipped: {n}" for n in self.notes[:NOTES_SHOWN]]
        if len(self.notes) > NOTES_SHOWN:
            lines.append(f"  ... and {len(self.notes) - NOTES_SHOWN} more skipped (see --json)")
        lines += self._page_lines()
        lines += [f"  error: {e}" for e in self.errors]
        if self.interrupted:
            lines.append("  interrupted: editions not listed as loaded were not written")
        return "\n".join(lines)

    def _page_lines(self) -> list[str]:
        """What the page PDFs told: found articles, unplaced ones, pages that need OCR."""
        lines = [f"  found on the pages: {self.found} article(s)"] if self.found else []
        lines += _listed("not placed", self.unplaced)
        lines += _listed("needs OCR (no text layer)", self.needs_ocr)
        if self.ocr_queued:
            lines.append(f"  queued for OCR by `broadsheet worker`: {self.ocr_queued} page(s)")
        return lines + _listed("missing file", self.missing)

    def count(self, label: str, result: LoadResult) -> None:
        self.needs_ocr += [f"{label} page {page}" for page in result.needs_ocr]
        self.unplaced += [f"{label} {what}" for what in result.unplaced]
        self.missing += [f"{label} {what}" for what in result.missing]
        if result.outcome == UNCHANGED:
            self.skipped += 1
            self.notes.append(f"{label}: unchanged, already loaded")
            return
        self.editions += 1
        self.pages += result.pages
        self.articles += result.articles
        self.found += result.found
        self.loaded.append(label if result.outcome == CREATED else f"{label} ({result.outcome})")


def _listed(title: str, items: list[str]) -> list[str]:
    """Summary lines for the first ``NOTES_SHOWN`` items, then how many more --json lists."""
    lines = [f"  {title}: {item}" for item in items[:NOTES_SHOWN]]
    if len(items) > NOTES_SHOWN:
        lines.append(f"  ... and {len(items) - NOTES_SHOWN} more ({title}; see --json)")
    return lines


@dataclass
class _Run:
    """One ingest in progress: options, summary, the wire items waiting, the bar."""

    options: IngestOptions
    replace: bool
    publish: bool
    log: Callable[[str], object]
    bar: tqdm
    find_articles: bool = True
    # Slugs this run may load (an upload to one newspaper); None: any.
    newspapers: frozenset[str] | None = None
    discard_corrections: bool = False  # --replace over editors' corrections
    loaded_ids: list[int] = field(default_factory=list)  # editions written (for --ocr)
    summary: IngestSummary = field(default_factory=IngestSummary)
    wire: WireBatch = field(default_factory=WireBatch)

    def take(self, item: EditionRecord | IngestError) -> None:
        if isinstance(item, SkippedSource):
            self.summary.skipped += 1
            self.summary.notes.append(item.message)
        elif isinstance(item, IngestError):
            self.summary.errors.append(item.message)
        elif item.wire:
            self.spool(item)
        else:
            loader = partial(
                load_edition,
                find_articles=self.find_articles,
                discard_corrections=self.discard_corrections,
            )
            self.load(item, loader)

    def spool(self, item: EditionRecord) -> None:
        """Set a wire item aside for the end of the run, once its values pass the rules."""
        try:
            check_record(item)
        except IngestError as exc:
            self.summary.errors.append(exc.message)
            return
        for note in self.wire.add(item):
            self.take(note)

    def load(self, record: EditionRecord, loader) -> None:
        label = f"{record.newspaper} {record.date.isoformat()}"
        if self.newspapers is not None and record.newspaper not in self.newspapers:
            allowed = ", ".join(sorted(self.newspapers))
            self.summary.errors.append(f"{label} not loaded: this run may load only {allowed}")
            return
        try:
            result = loader(record, replace=self.replace, publish=self.publish)
        except IngestError as exc:
            self.summary.errors.append(f"{label} not loaded: {exc.message}")
            return
        self.summary.count(label, result)
        if result.outcome != UNCHANGED:
            self.loaded_ids.append(result.edition.pk)
        self.log(f"{label}: {result.outcome}, {result.pages} page(s), {result.articles} article(s)")
        self.tick()

    def tick(self) -> None:
        indexing.edition_loaded()
        self.bar.update(1)
        elapsed = max(self.bar.format_dict["elapsed"], 1e-9)
        self.bar.set_postfix(
            articles=self.summary.articles,
            rate=f"{self.summary.articles / elapsed:.0f}/s",
            refresh=False,
        )


def run_ingest(
    paths: Iterable[Path],
    *,
    fmt: str = "auto",
    options: IngestOptions | None = None,
    replace: bool = False,
    publish: bool = False,
    find_articles: bool = True,
    progress: bool = False,
    log: Callable[[str], object] = lambda _msg: None,
    newspapers: Iterable[str] | None = None,
    discard_corrections: bool = False,
    ocr: bool = False,
) -> IngestSummary:
    """Load everything under ``paths``; Ctrl-C stops after rolling back the open edition.

    ``find_articles``: pages given as PDFs without article text get theirs found
    on the page (``load_edition``). ``newspapers``: the slugs the run may load (the
    newsroom's upload to one paper); an edition of another is an error, not loaded.
    ``ocr``: the scanned pages (an image, no text) of the editions loaded are queued
    for OCR by ``broadsheet worker`` (``pages.tasks``) once they are committed.
    """
    start = time.monotonic()
    show = progress and sys.stderr.isatty()
    bar = tqdm(unit=" editions", disable=not show, file=sys.stderr, dynamic_ncols=True)
    run = _Run(options or IngestOptions(), replace, publish, log if not show else _quiet, bar)
    run.find_articles = find_articles
    run.newspapers = frozenset(newspapers) if newspapers is not None else None
    run.discard_corrections = discard_corrections
    try:
        with indexing.batched():
            _read_all(run, paths, fmt)
            for record in run.wire.records():
                run.load(record, load_items)
    except KeyboardInterrupt:
        run.summary.interrupted = True
        run.summary.errors.append("interrupted by the user")
    finally:
        run.wire.close()
        bar.close()
    if ocr and run.loaded_ids:
        run.summary.ocr_queued = enqueue_editions(run.loaded_ids)
    run.summary.seconds = time.monotonic() - start
    return run.summary


def _read_all(run: _Run, paths: Iterable[Path], fmt: str) -> None:
    for path in paths:
        if not _read_path(run, path, fmt):
            run.take(IngestError(path.name, NOTHING_FOUND))


def _read_path(run: _Run, path: Path, fmt: str) -> bool:
    """Read one PATH of the command line; False if nothing in it was an input at all."""
    found = False
    for pair in expand([path], fmt):
        if isinstance(pair, IngestError):
            found = found or not isinstance(pair, SkippedSource)
            run.take(pair)
            continue
        source, chosen = pair
        try:
            found = True  # recognised, even if it holds nothing to load (a photo item)
            for item in chosen.read(source, run.options):
                run.take(item)
        except IngestError as exc:  # a source that fails outside any one edition
            run.take(exc)
        except READ_ERRORS as exc:  # a corrupt gzip or zip member
            run.take(IngestError(source.name, f"cannot read: {exc}"))
    return found


def _quiet(_msg: str) -> None:
    """Per-edition log lines would tear the progress bar; the bar says it all."""
