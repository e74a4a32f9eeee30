"""Run an ingest over many paths: detect formats, load editions, keep a summary.

Each edition is committed on its own, so an error in one leaves those already
loaded in place; the summary lists what landed and what did not.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .errors import DuplicateEditionError, IngestError
from .formats import FORMATS, EditionFormat, IngestOptions
from .records import EditionRecord
from .services import load_edition


@dataclass
class IngestSummary:
    editions: int = 0
    pages: int = 0
    articles: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "editions": self.editions,
            "pages": self.pages,
            "articles": self.articles,
            "skipped": self.skipped,
            "errors": self.errors,
            "loaded": self.loaded,
            "seconds": round(self.seconds, 3),
        }

    def describe(self) -> str:
        lines = [
            f"Loaded {self.editions} edition(s), {self.pages} page(s), {self.articles} article(s) "
            f"in {self.seconds:.1f} s; skipped {self.skipped}; {len(self.errors)} error(s)."
        ]
        lines += [f"  error: {e}" for e in self.errors]
        return "\n".join(lines)


def detect_format(path: Path) -> EditionFormat:
    for fmt in FORMATS.values():
        if fmt.sniff(path):
            return fmt
    raise IngestError(str(path), "format not recognised (give --format)")


def _expand(paths: Iterable[Path], fmt: str) -> Iterator[tuple[Path, EditionFormat]]:
    """Each input path with its format; a folder that is no bundle is walked."""
    for path in paths:
        if not path.exists():
            raise IngestError(str(path), "no such file or folder")
        if fmt != "auto":
            chosen = FORMATS[fmt]
            if path.is_dir() and not chosen.sniff(path):
                for child in sorted(path.iterdir()):
                    if chosen.sniff(child):
                        yield child, chosen
            else:
                yield path, chosen
            continue
        if path.is_dir() and not any(f.sniff(path) for f in FORMATS.values()):
            yield from _expand(sorted(path.iterdir()), fmt)
            continue
        yield path, detect_format(path)


def run_ingest(
    paths: Iterable[Path],
    *,
    fmt: str = "auto",
    options: IngestOptions | None = None,
    replace: bool = False,
    publish: bool = False,
    progress: bool = False,
    log: Callable[[str], object] = lambda _msg: None,
) -> IngestSummary:
    options = options or IngestOptions()
    summary = IngestSummary()
    start = time.monotonic()
    bar = tqdm(unit=" editions", disable=not (progress and sys.stderr.isatty()), file=sys.stderr)
    try:
        for path, chosen in _iter_sources(paths, fmt, summary):
            for record in _records(chosen, path, options, summary):
                _load_one(record, summary, replace=replace, publish=publish, log=log)
                bar.update(1)
                bar.set_postfix(articles=summary.articles)
    finally:
        bar.close()
    summary.seconds = time.monotonic() - start
    return summary


def _iter_sources(paths, fmt, summary) -> Iterator[tuple[Path, EditionFormat]]:
    try:
        yield from _expand(paths, fmt)
    except IngestError as exc:
        summary.errors.append(exc.message)


def _records(chosen: EditionFormat, path: Path, options, summary) -> Iterator[EditionRecord]:
    try:
        yield from chosen.read(path, options)
    except IngestError as exc:
        summary.errors.append(exc.message)


def _load_one(record: EditionRecord, summary: IngestSummary, *, replace, publish, log) -> None:
    label = f"{record.newspaper} {record.date.isoformat()}"
    try:
        result = load_edition(record, replace=replace, publish=publish)
    except DuplicateEditionError as exc:
        summary.skipped += 1
        summary.errors.append(exc.message)
        return
    except IngestError as exc:
        summary.errors.append(exc.message)
        return
    summary.editions += 1
    summary.pages += result.pages
    summary.articles += result.articles
    summary.loaded.append(label)
    log(f"loaded {label}: {result.pages} pages, {result.articles} articles")
