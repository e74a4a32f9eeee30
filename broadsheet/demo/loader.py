"""Load the sample bundles into the database, published, as a reader would see them.

Everything goes through the public ingest path (``read_bundle`` then
``load_edition``), so the demo exercises the code a publisher's files take.
Editions already present are left alone: running the demo twice is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from broadsheet.editions.models import Edition, Newspaper
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition

from .stories import load_catalogue


@dataclass
class LoadSummary:
    loaded: int = 0
    skipped: int = 0
    articles: int = 0


def load_sample(folders: Sequence[Path], log: Callable[[str], None] = print) -> LoadSummary:
    """Load every bundle not loaded yet; then order the papers and pick the default one."""
    summary = LoadSummary()
    for folder in folders:
        record = read_bundle(folder)
        label = f"{record.newspaper} {record.date.isoformat()}"
        if Edition.objects.filter(newspaper__slug=record.newspaper, date=record.date).exists():
            summary.skipped += 1
            log(f"Already loaded: {label}")
            continue
        result = load_edition(record, publish=True)
        summary.loaded += 1
        summary.articles += result.articles
        log(f"Loaded {label}: {result.pages} pages, {result.articles} articles")
    arrange_papers()
    return summary


def arrange_papers() -> None:
    """The sample's papers in catalogue order; the first is the default if none is."""
    slugs = [paper.slug for paper in load_catalogue().papers]
    for order, slug in enumerate(slugs):
        Newspaper.objects.filter(slug=slug).update(order=order)
    if not Newspaper.objects.filter(is_default=True).exists():
        Newspaper.objects.filter(slug=slugs[0]).update(is_default=True)
