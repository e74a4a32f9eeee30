"""What an export may contain: the public editions, read through the one visibility rule.

Every export starts here, so a draft, a future-scheduled or a withdrawn
edition can leave by none of them (``editions.visibility.public_q``, through
the reader's ``public_editions``, which also leaves out rows it cannot route).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from broadsheet.editions import validate
from broadsheet.editions.models import Article, ArticleJump, Edition, Newspaper, Page
from broadsheet.editions.visibility import own_q
from broadsheet.reader import services


class NotPublic(Exception):
    """An edition asked for by newspaper and date that the public may not see (or none)."""


def editions(newspaper: str = "") -> QuerySet[Edition]:
    """Public editions, the default newspaper's first, each newspaper's by date."""
    found = services.public_editions().filter(newspaper__in=services.newspapers())
    if newspaper:
        found = found.filter(newspaper__slug=newspaper)
    return found.order_by("-newspaper__is_default", "newspaper__order", "newspaper__slug", "date")


def edition(newspaper: str, date: dt.date) -> Edition:
    """One public edition, else ``NotPublic`` saying why in words a user reads."""
    found = editions(newspaper).filter(date=date).first()
    if found is None:
        raise NotPublic(f"no public edition of {newspaper!r} on {date.isoformat()}")
    return found


def pages(edition: Edition) -> list[Page]:
    """The edition's pages in order with their articles and 转版 read in three queries.

    A page label or article order the reader cannot route (a row written by hand or by an
    old version) is left out, as the reader leaves it out (``reader.services``).
    """
    jumps = ArticleJump.objects.select_related("page").order_by("order", "page__order")
    articles = (
        Article.objects.filter(own_q(), order__lte=validate.MAX_ORDER)
        .order_by("order")
        .prefetch_related(Prefetch("jumps", jumps))
    )
    found = edition.pages.order_by("order").prefetch_related(Prefetch("articles", articles))
    return [page for page in found if validate.label_problem(page.label) is None]


def newspapers() -> list[Newspaper]:
    """Newspapers with a public edition (the 报刊 the reader lists)."""
    return services.newspapers()
