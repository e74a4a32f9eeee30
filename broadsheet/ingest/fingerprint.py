"""What an edition holds, as plain data, from a record or from the database.

Re-running an ingest must not duplicate or fail on editions that landed
already. Comparing the content of an incoming record with the stored edition
tells "the same edition again" (skipped) from "a different edition for the
same date" (an error without ``--replace``). File fields hold content-addressed
storage names, so identical files compare equal too.
"""

from __future__ import annotations

import json
from collections import defaultdict

from broadsheet.editions.models import Article, ArticleJump, Edition

from .records import EditionRecord

ARTICLE_FIELDS = (
    *("order", "kicker", "headline", "subheadline", "byline", "body", "hotspot"),
    "machine_found",
)
PAGE_FIELDS = ("label", "name", "order", "image", "image_hidpi", "pdf", "width", "height")


def _canonical(issue_number, pages) -> str:
    return json.dumps([issue_number, pages], ensure_ascii=False, sort_keys=True)


def stored_content(edition: Edition) -> str:
    """The edition's pages, articles and 转版 as stored: three queries."""
    jumps = _stored_jumps(edition)
    articles: dict[int, list] = {}
    rows = Article.objects.filter(page__edition=edition).order_by("page__order", "order")
    for row in rows.values_list("page_id", "pk", *ARTICLE_FIELDS):
        articles.setdefault(row[0], []).append([*row[2:], jumps.get(row[1], [])])
    pages = [
        [*row[1:], articles.get(row[0], [])]
        for row in edition.pages.order_by("order").values_list("pk", *PAGE_FIELDS)
    ]
    return _canonical(edition.issue_number, pages)


def _stored_jumps(edition: Edition) -> dict[int, list]:
    jumps: dict[int, list] = defaultdict(list)
    rows = ArticleJump.objects.filter(article__page__edition=edition).order_by("article", "order")
    for article_id, label, hotspot in rows.values_list("article_id", "page__label", "hotspot"):
        jumps[article_id].append([label, hotspot])
    return jumps


def record_content(record: EditionRecord, stored: dict) -> str:
    """The same shape for an incoming record; ``stored`` holds its stored file names."""
    pages = []
    for page in sorted(record.pages, key=lambda p: p.order):
        files = stored[page.order]  # the thumbnail is derived from the image or PDF
        articles = sorted(
            (
                [
                    *(a.order, a.kicker, a.headline, a.subheadline, a.byline, body, a.hotspot),
                    *(a.machine_found, [[label, spot] for label, spot in a.jumps]),
                ]
                for a, body in zip(page.articles, files.bodies, strict=True)
            ),
            key=lambda a: a[0],
        )
        pages.append(
            [
                *(page.label, page.name, page.order, files.image, files.image_hidpi),
                *(files.pdf, page.width, page.height, articles),
            ]
        )
    return _canonical(record.issue_number, pages)
