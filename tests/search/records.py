"""Build edition records in tests without any input format (the loader is the real one)."""

from __future__ import annotations

import datetime as dt

from broadsheet.ingest.records import ArticleRecord, EditionRecord, PageRecord
from broadsheet.ingest.services import load_edition


def record(slug: str, date: dt.date, items: list[tuple[str, str, list[str]]], name: str = ""):
    """An edition from ``(page label, headline, paragraphs)`` items, pages in label order."""
    pages: dict[str, PageRecord] = {}
    for label, headline, paragraphs in items:
        page = pages.setdefault(label, PageRecord(label=label, order=len(pages) + 1))
        blocks = [{"type": "paragraph", "text": p} for p in paragraphs]
        page.articles.append(
            ArticleRecord(order=len(page.articles) + 1, headline=headline, blocks=blocks)
        )
    return EditionRecord(
        newspaper=slug, newspaper_name=name or slug, date=date, pages=list(pages.values()),
        source=f"test {slug} {date}",
    )  # fmt: skip


def load(slug, date, items, *, publish: bool = True, replace: bool = False, name: str = ""):
    edition = record(slug, date, items, name)
    return load_edition(edition, publish=publish, replace=replace).edition
