"""Index documents built from the database, the source of truth.

Which editions are indexed follows the visibility rule: published editions
always, scheduled ones with ``visible_from`` = their publish time (the index
filters on it at query time, so they appear with no write when the time
comes); drafts and withdrawn editions never. An article's own state
(``Article.status``) counts the same way inside its edition. Results are re-checked against
``public_q`` before anyone sees them.

A page with text and no articles (a library's page-only edition: NDNP, METS/ALTO
without a logical structure, a scan read by ``broadsheet ocr``) is a document of its
own, kind "page": its edition's visibility, no headline, the page's text as its body.
"No articles" means no article rows at all, whatever their state, and no article
continuing there (转版): a page whose articles an editor withdrew must not give their
text away as page text, and a continuation's text is found through its article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Q

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.pages.corrections import searchable_texts
from broadsheet.pages.reading import page_only_q

from .backends.base import IndexDocument, page_key
from .hits import joined_text

_FIELDS = (
    "id",
    "page__edition_id",
    "page__edition__newspaper__slug",
    "page__edition__date",
    "page__edition__status",
    "page__edition__publish_at",
    "page__label",
    "page__order",
    "order",
    "kicker",
    "headline",
    "subheadline",
    "byline",
    "body",
    "status",
    "publish_at",
)


def indexable_q(prefix: str = "") -> Q:
    """Editions the index holds: published, or scheduled with a publish time."""
    published = Q(**{f"{prefix}status": Edition.Status.PUBLISHED})
    scheduled = Q(**{f"{prefix}status": Edition.Status.SCHEDULED})
    return published | (scheduled & Q(**{f"{prefix}publish_at__isnull": False}))


def headline_text(kicker: str, headline: str, subheadline: str) -> str:
    """What counts as the headline for search: 引题, 主标题, 副标题, one per line."""
    return "\n".join(t for t in (kicker, headline, subheadline) if t)


def body_text(byline: str, blocks: list[dict]) -> str:
    """Byline, paragraphs, subheadings and image captions, one per line."""
    lines = [byline] if byline else []
    for block in blocks or []:
        text = block.get("text") if block.get("type") != "image" else block.get("caption")
        if isinstance(text, str) and text:
            lines.append(text)
    return "\n".join(lines)


def _visible_from(status: str, publish_at) -> int:
    return 0 if status == Edition.Status.PUBLISHED else int(publish_at.timestamp())


def _document(row: tuple) -> IndexDocument:
    (aid, eid, slug, date, status, publish_at, label, page_order, order) = row[:9]
    kicker, headline, subheadline, byline, body, own_status, own_publish_at = row[9:]
    visible_from = max(_visible_from(status, publish_at), _visible_from(own_status, own_publish_at))
    return IndexDocument(
        key=aid,
        edition_id=eid,
        newspaper=slug,
        date=date,
        page_label=label,
        page_order=page_order,
        article_order=order,
        visible_from=visible_from,
        headline=headline_text(kicker, headline, subheadline),
        body=body_text(byline, body),
    )


def _articles(extra: Q) -> Iterator[IndexDocument]:
    rows = (
        Article.objects.filter(indexable_q("page__edition__") & indexable_q() & extra)
        .order_by("id")
        .values_list(*_FIELDS)
    )
    for row in rows.iterator(chunk_size=2000):
        yield _document(row)


def page_text(page: Page) -> str:
    """The text a page document is searched (and its snippet marked) by: the one place.

    An editor's correction and the machine's reading beside it, as Trove indexes both
    (``pages.corrections.searchable_texts``: the corrected lines, then the machine's lines
    that differ), each joined as hit boxes join them (``hits.joined_text``: nothing between
    two CJK lines, so 香/港 broken over a line is found, and the link's ``?hl=`` boxes what
    the search found).
    """
    return "\n".join(joined_text(text) for text in searchable_texts(page) if text.lines)


def _page_document(page: Page) -> IndexDocument:
    edition = page.edition
    return IndexDocument(
        key=page_key(page.pk),
        edition_id=edition.pk,
        newspaper=edition.newspaper.slug,
        date=edition.date,
        page_label=page.label,
        page_order=page.order,
        article_order=0,
        visible_from=_visible_from(edition.status, edition.publish_at),
        headline="",
        body=page_text(page),
    )


def _pages(extra: Q) -> Iterator[IndexDocument]:
    pages = (
        Page.objects.filter(indexable_q("edition__") & page_only_q() & extra)
        .select_related("edition__newspaper", "text_layer", "text_correction")
        .order_by("id")
    )
    for page in pages.iterator(chunk_size=100):
        yield _page_document(page)


def for_editions(edition_ids: Iterable[int]) -> Iterator[IndexDocument]:
    """Current documents of these editions (none for a deleted or hidden one)."""
    ids = list(edition_ids)
    yield from _articles(Q(page__edition_id__in=ids))
    yield from _pages(Q(edition_id__in=ids))


def everything() -> Iterator[IndexDocument]:
    """Every document the index should hold, read lazily: articles, then pages, in id order."""
    yield from _articles(Q())
    yield from _pages(Q())
