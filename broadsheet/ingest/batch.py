"""Wire items of one run, gathered by newspaper and date before they are loaded.

An item is known by its agency identity (NITF ``doc-id``, NewsML-G2 ``guid``)
across the whole run, whatever its headline and date: the same item again
replaces the one read before (a later file wins), unless it is an older
NewsML-G2 version than the one read before, which is skipped and noted. An
item without an identity is known by its headline (by its lead when it has
none) on its page, as printed newspapers tell stories apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from broadsheet.editions.lead import compute_lead

from .errors import SkippedSource
from .records import ArticleRecord, EditionRecord, PageRecord


def headline_key(headline: str, body: list[dict]) -> str:
    """How an item without an agency identity is known on its page."""
    return headline.strip() or "lead:" + compute_lead(body)


def is_older(version: int | None, than: int | None) -> bool:
    return version is not None and than is not None and version < than


def is_newer(version: int | None, than: int | None) -> bool:
    return version is not None and (than is None or version > than)


def describe(item: ArticleRecord) -> str:
    """The item as messages name it: its identity, else its headline."""
    if item.source_id:
        version = f" version {item.source_version}" if item.source_version is not None else ""
        return f"item {item.source_id}{version}"
    return f"item headlined {item.headline!r}"


@dataclass
class _Placed:
    page: PageRecord
    article: ArticleRecord


@dataclass
class WireBatch:
    """Wire items of one run by newspaper and date; one item per identity."""

    pending: dict[tuple, EditionRecord] = field(default_factory=dict)
    placed: dict[Hashable, _Placed] = field(default_factory=dict)

    def add(self, record: EditionRecord) -> list[SkippedSource]:
        """Take the record's items; returns notes for the items skipped as older versions."""
        merged = self.pending.setdefault((record.newspaper, record.date), _empty(record))
        skipped = []
        for page in record.pages:
            target = _page_of(merged, page)
            for item in page.articles:
                key = _identity(record, page.label, item)
                note = self._place(key, target, item)
                skipped += [note] if note else []
        return skipped

    def _place(self, key: Hashable, page: PageRecord, item: ArticleRecord) -> SkippedSource | None:
        earlier = self.placed.get(key)
        if earlier is not None:
            was = earlier.article.source_version
            if is_older(item.source_version, was):
                return SkippedSource(item.source, f"{describe(item)} skipped: version {was} read")
            kept = [a for a in earlier.page.articles if a is not earlier.article]
            earlier.page.articles[:] = kept
        page.articles.append(item)
        self.placed[key] = _Placed(page, item)
        return None

    def records(self) -> Iterator[EditionRecord]:
        """The editions to load, in order; pages emptied by later versions are left out."""
        self.placed.clear()
        for key in sorted(self.pending):
            record = self.pending.pop(key)
            record.pages = [p for p in record.pages if p.articles]
            if record.pages:
                yield record


def _identity(record: EditionRecord, label: str, item: ArticleRecord) -> Hashable:
    if item.source_id:
        return (record.newspaper, "id", item.source_id)
    return (record.newspaper, record.date, label, headline_key(item.headline, item.blocks))


def _page_of(merged: EditionRecord, page: PageRecord) -> PageRecord:
    target = next((p for p in merged.pages if p.label == page.label), None)
    if target is None:
        target = PageRecord(label=page.label, name=page.name, order=len(merged.pages) + 1)
        merged.pages.append(target)
    return target


def _empty(record: EditionRecord) -> EditionRecord:
    return EditionRecord(
        newspaper=record.newspaper,
        newspaper_name=record.newspaper_name,
        date=record.date,
        language=record.language,
        source=record.source,
        wire=True,
    )
