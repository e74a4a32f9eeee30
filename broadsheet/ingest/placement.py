"""Place wire items (NITF, NewsML-G2) on a page of the edition of their date.

Wire items carry no page. The user names one (``--page 04 --page-name 国际``)
and every item of a run goes there, on the edition of its date, which is
created as a draft when missing. All items of one newspaper and date from one
run form one record and one transaction, so a bad item leaves that edition as
it was. An item is known on its page by its headline (by its lead when it has
none): the same item again is skipped; a changed item with the same headline
is an error unless ``--replace``, which updates that article in place. Other
articles and pages of the edition are never touched. See docs/formats/nitf.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from broadsheet.editions.lead import compute_lead
from broadsheet.editions.models import Article, Edition, Page

from .errors import DuplicateEditionError
from .indexing import enqueue
from .records import ArticleRecord, EditionRecord, PageRecord
from .services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    LoadResult,
    _newspaper,
    _status,
    _store_files,
    refused_by_database,
)

CONTENT_FIELDS = ("kicker", "headline", "subheadline", "byline", "body", "hotspot")


def item_key(headline: str, body: list[dict]) -> str:
    return headline.strip() or "lead:" + compute_lead(body)


@dataclass
class WireBatch:
    """Wire items of one run by newspaper and date; a later item with the same key wins."""

    pending: dict = field(default_factory=dict)

    def add(self, record: EditionRecord) -> None:
        merged = self.pending.setdefault((record.newspaper, record.date), _empty(record))
        for page in record.pages:
            target = next((p for p in merged.pages if p.label == page.label), None)
            if target is None:
                target = PageRecord(label=page.label, name=page.name, order=len(merged.pages) + 1)
                merged.pages.append(target)
            for item in page.articles:
                key = item_key(item.headline, item.blocks)
                target.articles[:] = [
                    a for a in target.articles if item_key(a.headline, a.blocks) != key
                ]
                target.articles.append(item)

    def records(self) -> Iterator[EditionRecord]:
        for key in sorted(self.pending):
            yield self.pending.pop(key)


def _empty(record: EditionRecord) -> EditionRecord:
    return EditionRecord(
        newspaper=record.newspaper,
        newspaper_name=record.newspaper_name,
        date=record.date,
        language=record.language,
        source=record.source,
        wire=True,
    )


def load_items(
    record: EditionRecord, *, replace: bool = False, publish: bool = False
) -> LoadResult:
    """Add or update the record's items on their pages, all in one transaction."""
    stored = _store_files(record)
    with refused_by_database(record), transaction.atomic():
        paper = _newspaper(record)
        edition = Edition.objects.filter(newspaper=paper, date=record.date).first()
        created = edition is None
        if created:
            status, publish_at = _status(None, publish)
            edition = Edition.objects.create(
                newspaper=paper, date=record.date, status=status, publish_at=publish_at
            )
        written = sum(
            _place(edition, page, stored[page.order][2], replace) for page in record.pages
        )
        published = _publish(edition, publish)
        if not (created or written or published):
            return LoadResult(edition, 0, 0, outcome=UNCHANGED)
        enqueue([edition.pk])
    return LoadResult(edition, len(record.pages), written, outcome=CREATED if created else UPDATED)


def _publish(edition: Edition, publish: bool) -> bool:
    if not publish or edition.status == Edition.Status.PUBLISHED:
        return False
    edition.status, edition.publish_at = _status(edition, publish)
    edition.save(update_fields=["status", "publish_at", "updated_at"])
    return True


def _page(edition: Edition, record: PageRecord) -> Page:
    page = edition.pages.filter(label=record.label).first()
    if page is None:
        last = edition.pages.aggregate(last=Max("order"))["last"] or 0
        page = Page.objects.create(
            edition=edition, label=record.label, name=record.name, order=last + 1
        )
    return page


def _place(edition: Edition, record: PageRecord, bodies: list, replace: bool) -> int:
    """Write the page's new and changed items; returns how many were written."""
    page = _page(edition, record)
    existing = {item_key(a.headline, a.body): a for a in page.articles.order_by("-order")}
    last = max((a.order for a in existing.values()), default=0)
    new, written = [], 0
    for item, body in zip(record.articles, bodies, strict=True):
        old = existing.get(item_key(item.headline, body))
        if old is None:
            last += 1
            new.append(_article(page, last, item, body))
        elif _differs(old, item, body):
            _update(old, item, body, replace, edition, record.label)
            written += 1
    Article.objects.bulk_create(new)
    return written + len(new)


def _content(item: ArticleRecord, body: list) -> dict:
    return {
        "kicker": item.kicker,
        "headline": item.headline,
        "subheadline": item.subheadline,
        "byline": item.byline,
        "body": body,
        "hotspot": item.hotspot,
    }


def _differs(old: Article, item: ArticleRecord, body: list) -> bool:
    new = _content(item, body)
    return any(getattr(old, name) != new[name] for name in CONTENT_FIELDS)


def _update(old: Article, item, body, replace: bool, edition: Edition, label: str) -> None:
    if not replace:
        raise DuplicateEditionError(
            item.source,
            f"page {label} of {edition.newspaper.slug} {edition.date.isoformat()} already holds "
            f"an item headlined {item.headline!r} with different content (use --replace)",
        )
    for name, value in _content(item, body).items():
        setattr(old, name, value)
    old.lead = compute_lead(body)
    old.save()


def _article(page: Page, order: int, item: ArticleRecord, body: list) -> Article:
    return Article(page=page, order=order, lead=compute_lead(body), **_content(item, body))
