"""What the feeds and sitemaps list, read through the one visibility rule.

Every query here starts from ``reader.services.public_editions()`` (that is,
``public_q``) at the moment of the request, so a draft, a withdrawn edition or
a scheduled one whose time has not come is in no feed and no sitemap, and a
scheduled edition appears as soon as its time has passed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.reader import services as reader

# The article feed carries the articles of this many newest editions.
FEED_EDITIONS = 3
# The edition feed ("today's edition is out") lists this many newest editions.
EDITION_FEED_LENGTH = 30
# Google News takes articles of the last two days only (today and yesterday, local time).
NEWS_WINDOW = dt.timedelta(days=2)


def printed_at(edition: Edition) -> dt.datetime:
    """The edition's printed date as a moment: 00:00 in the site's time zone.

    Feeds and sitemaps date an article by the paper it was printed in, not by
    when it was loaded: an archive ingested today is still from 1998.
    """
    return dt.datetime.combine(edition.date, dt.time(), tzinfo=timezone.get_default_timezone())


def newest_editions(paper: Newspaper, count: int) -> list[Edition]:
    return list(reader.public_editions().filter(newspaper=paper).order_by("-date")[:count])


def articles_in(editions: list[Edition]) -> list[Article]:
    """The articles of these editions, newest edition first, then in page order."""
    return list(
        Article.objects.public()
        .filter(page__edition__in=editions)
        .select_related("page__edition__newspaper__publisher")
        .order_by("-page__edition__date", "page__order", "order")
    )


def pages_in(editions: list[Edition]) -> dict[int, list[Page]]:
    out: dict[int, list[Page]] = {e.pk: [] for e in editions}
    for page in Page.objects.filter(edition__in=editions).order_by("order"):
        out[page.edition_id].append(page)
    return out


def public_articles(**filters) -> QuerySet[Article]:
    """Articles of public editions, for sitemaps (a query, so pages of it stay lazy)."""
    editions = reader.public_editions().filter(**filters)
    return Article.objects.public().filter(page__edition__in=editions.values("pk"))


def public_pages(**filters) -> QuerySet[Page]:
    editions = reader.public_editions().filter(**filters)
    return Page.objects.filter(edition__in=editions.values("pk"))


def news_articles() -> list[Article]:
    """Articles printed today or yesterday (Google News sitemaps take no older ones)."""
    since = timezone.localdate() - NEWS_WINDOW + dt.timedelta(days=1)
    editions = reader.public_editions().filter(date__gte=since)
    return list(
        Article.objects.public()
        .filter(page__edition__in=editions.values("pk"))
        .select_related("page__edition__newspaper")
        .order_by("-page__edition__date", "page__edition__newspaper__order", "page__order", "order")
    )


def newspaper_years() -> list[tuple[Newspaper, int]]:
    """Every (newspaper, year) with a public edition: one sitemap each."""
    rows = reader.public_editions().values_list("newspaper_id", "date__year").distinct()
    papers = {p.pk: p for p in reader.newspapers()}
    pairs = {(papers[pk], year) for pk, year in rows if pk in papers}
    return sorted(pairs, key=lambda pair: (pair[0].order, pair[0].slug, pair[1]))
