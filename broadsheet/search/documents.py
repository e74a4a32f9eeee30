"""Index documents built from the database, the source of truth.

Which editions are indexed follows the visibility rule: published editions
always, scheduled ones with ``visible_from`` = their publish time (the index
filters on it at query time, so they appear with no write when the time
comes); drafts and withdrawn editions never. An article's own state
(``Article.status``) counts the same way inside its edition. Results are re-checked against
``public_q`` before anyone sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Q

from broadsheet.editions.models import Article, Edition

from .backends.base import IndexDocument

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
        article_id=aid,
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


def for_editions(edition_ids: Iterable[int]) -> Iterator[IndexDocument]:
    """Current documents of these editions (none for a deleted or hidden one)."""
    return _articles(Q(page__edition_id__in=list(edition_ids)))


def everything() -> Iterator[IndexDocument]:
    """Every document the index should hold, read lazily in id order."""
    return _articles(Q())
