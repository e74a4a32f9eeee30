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


def page_text(lines: list[str], source: str = "ocr", conf: float | None = 0.87):
    """A page's text with boxes, one printed line per string, stacked down the page."""
    from broadsheet.pages.textlayer import Line, PageText

    rows = []
    for n, text in enumerate(lines):
        y = 500 + n * 300
        edges = [1000 + i * 200 for i in range(len(text) + 1)]
        rows.append(Line(text, (1000, y, edges[-1], y + 250), edges, size=250, conf=conf))
    return PageText(source=source, lines=rows, width=1000.0, height=1500.0)


def page_only_record(slug: str, date: dt.date, pages: dict[str, list[str]], **text_options):
    """A library's page-only edition: pages with text (label → lines) and no articles."""
    records = [
        PageRecord(label=label, order=n, text=page_text(lines, **text_options))
        for n, (label, lines) in enumerate(pages.items(), 1)
    ]
    return EditionRecord(newspaper=slug, newspaper_name=slug, date=date, pages=records,
                         source=f"test {slug} {date}")  # fmt: skip


def load_pages(slug, date, pages, *, publish: bool = True, replace: bool = False, **text_options):
    edition = page_only_record(slug, date, pages, **text_options)
    return load_edition(edition, publish=publish, replace=replace).edition
