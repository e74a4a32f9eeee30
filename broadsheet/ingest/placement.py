"""Place wire items (NITF, NewsML-G2, NewsML 1) on a page of the edition of their date.

Wire items carry no page. The user names one (``--page 04 --page-name 国际``)
and every item of a run goes there, on the edition of its date, which is
created as a draft when missing. All items of one newspaper and date from one
run form one record and one transaction, so a bad item leaves that edition as
it was. Other articles and pages of the edition are never touched.

An item already stored is found by its agency identity anywhere in the
newspaper (an article without one by its headline on the page, see ``batch``):

* an older NewsML-G2 version than the stored one is skipped;
* found on another page (another ``--page``, or a date that moved) it is
  refused unless ``--replace``, which moves it: placement is the editors' call;
* a newer version updates the article in place;
* the same content is left alone (a re-run is idempotent); different content
  is refused unless ``--replace``, which updates the article in place.

See docs/formats/nitf.md.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from broadsheet.editions import generation, media
from broadsheet.editions.lead import compute_lead
from broadsheet.editions.models import Article, Edition, Newspaper, Page

from .batch import WireBatch, describe, headline_key, is_newer, is_older
from .errors import DuplicateEditionError
from .identity import record_move
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

__all__ = ["WireBatch", "load_items"]

CONTENT_FIELDS = ("kicker", "headline", "subheadline", "byline", "body", "hotspot")
IDENTITY_FIELDS = ("source_id", "source_version")


def load_items(
    record: EditionRecord, *, replace: bool = False, publish: bool = False
) -> LoadResult:
    """Add, update or move the record's items onto their pages, all in one transaction."""
    stored, _ = _store_files(record)
    with refused_by_database(record), transaction.atomic():
        paper = _newspaper(record)
        edition, created = _edition(paper, record, publish)
        placing = _Placing(edition, replace)
        written = sum(placing.page(page, stored[page.order].bodies) for page in record.pages)
        published = _publish(edition, publish)
        if not (created or written or published):
            return LoadResult(edition, 0, 0, outcome=UNCHANGED)
        media.refresh([edition.pk, *placing.left])
        enqueue([edition.pk, *placing.left])
        generation.bump()  # bulk_create sends no signal
    return LoadResult(edition, len(record.pages), written, outcome=CREATED if created else UPDATED)


def _edition(paper: Newspaper, record: EditionRecord, publish: bool) -> tuple[Edition, bool]:
    edition = Edition.objects.filter(newspaper=paper, date=record.date).first()
    if edition is not None:
        return edition, False
    status, publish_at = _status(None, publish)
    edition = Edition.objects.create(
        newspaper=paper, date=record.date, status=status, publish_at=publish_at
    )
    return edition, True


def _publish(edition: Edition, publish: bool) -> bool:
    if not publish or edition.status == Edition.Status.PUBLISHED:
        return False
    edition.status, edition.publish_at = _status(edition, publish)
    edition.save(update_fields=["status", "publish_at", "updated_at"])
    return True


class _Placing:
    """One edition's placement: which items are new, changed, moved or the same."""

    def __init__(self, edition: Edition, replace: bool):
        self.edition, self.replace = edition, replace
        self.left: set[int] = set()  # other editions an item moved away from

    def page(self, record: PageRecord, bodies: list) -> int:
        """Write the page's new, changed and moved items; returns how many were written."""
        page = _page(self.edition, record)
        stored = _Stored(page, record.articles)
        last = page.articles.aggregate(last=Max("order"))["last"] or 0
        new, written = [], 0
        for item, body in zip(record.articles, bodies, strict=True):
            old = stored.find(item, body)
            if old is not None and not self._gives_way(old, item, body, page):
                continue
            if old is None or old.page_id != page.pk:
                last += 1
                new.append(_article(page, last, item, body, old))
            else:
                _update(old, item, body)
                written += 1
        Article.objects.bulk_create(new)
        return written + len(new)

    def _gives_way(self, old: Article, item: ArticleRecord, body: list, page: Page) -> bool:
        """Whether the stored ``old`` gives way to ``item``; refuses what needs --replace."""
        if is_older(item.source_version, old.source_version):
            return False
        if old.page_id != page.pk:
            self._move_away(old, item, page)
            return True
        if not _differs(old, item, body, CONTENT_FIELDS):
            return _differs(old, item, body, IDENTITY_FIELDS)  # a new version number, or none yet
        if is_newer(item.source_version, old.source_version) or self.replace:
            return True
        raise DuplicateEditionError(
            item.source,
            f"page {page.label} of {_edition_name(self.edition)} already holds "
            f"{describe(item)} with different content (use --replace)",
        )

    def _move_away(self, old: Article, item: ArticleRecord, page: Page) -> None:
        where = f"page {old.page.label} of {_edition_name(old.page.edition)}"
        if not self.replace:
            raise DuplicateEditionError(
                item.source,
                f"{describe(item)} is already on {where}; use --replace to move it to "
                f"page {page.label} of {_edition_name(self.edition)}",
            )
        self.left.add(old.page.edition_id)
        edition = old.page.edition
        # Its old readable URL leads to it on its new page (``editions.redirects``).
        record_move(edition.newspaper.slug, edition.date, old.page.label, old)
        old.delete()


class _Stored:
    """The stored articles incoming items may be: by identity in the newspaper, else by headline.

    An article without an identity on the page is matched by headline even for an
    item that has one (and takes its identity): articles loaded before identities
    were kept are found again instead of doubled.
    """

    def __init__(self, page: Page, items: list[ArticleRecord]):
        ids = [i.source_id for i in items if i.source_id]
        rows = Article.objects.filter(page__edition__newspaper=page.edition.newspaper_id)
        rows = rows.filter(source_id__in=ids).select_related("page__edition__newspaper")
        self.by_id = {a.source_id: a for a in rows}
        plain = page.articles.filter(source_id="").order_by("-order")
        self.by_headline = {headline_key(a.headline, a.body): a for a in plain}

    def find(self, item: ArticleRecord, body: list) -> Article | None:
        found = self.by_id.get(item.source_id) if item.source_id else None
        return found or self.by_headline.get(headline_key(item.headline, body))


def _edition_name(edition: Edition) -> str:
    return f"{edition.newspaper.slug} {edition.date.isoformat()}"


def _page(edition: Edition, record: PageRecord) -> Page:
    page = edition.pages.filter(label=record.label).first()
    if page is None:
        last = edition.pages.aggregate(last=Max("order"))["last"] or 0
        page = Page.objects.create(
            edition=edition, label=record.label, name=record.name, order=last + 1
        )
    return page


def _content(item: ArticleRecord, body: list) -> dict:
    return {
        "kicker": item.kicker,
        "headline": item.headline,
        "subheadline": item.subheadline,
        "byline": item.byline,
        "body": body,
        "hotspot": item.hotspot,
        "source_id": item.source_id,
        "source_version": item.source_version,
    }


def _differs(old: Article, item: ArticleRecord, body: list, names: tuple[str, ...]) -> bool:
    new = _content(item, body)
    return any(getattr(old, name) != new[name] for name in names)


def _update(old: Article, item: ArticleRecord, body: list) -> None:
    for name, value in _content(item, body).items():
        setattr(old, name, value)
    old.lead = compute_lead(body)
    old.save()


def _article(
    page: Page, order: int, item: ArticleRecord, body: list, moved: Article | None
) -> Article:
    """A new row; an item moved from another page keeps its permanent link (``/a/<id>``)."""
    row = Article(page=page, order=order, lead=compute_lead(body), **_content(item, body))
    if moved is not None:
        row.permalink = moved.permalink
    return row
