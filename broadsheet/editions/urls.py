"""Stable reader URLs for editions, pages and articles, built in one place.

The scheme (see ``broadsheet/reader/urls.py``) is
``/<paper>/<yyyy-mm-dd>/<page-label>/<article-order>/``: readable, and stable
across re-ingest because it uses printed labels, not database ids. Every article
also has a permanent link, ``/a/<id>`` (``editions.permalinks``), which survives
a replaced edition that moved it.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse


def newspaper_url(slug: str) -> str:
    return reverse("reader:newspaper", args=[slug])


def edition_url(slug: str, date: dt.date) -> str:
    return reverse("reader:edition", args=[slug, date.isoformat()])


def edition_pdf_url(slug: str, date: dt.date) -> str:
    return reverse("reader:edition_pdf", args=[slug, date.isoformat()])


def page_url(slug: str, date: dt.date, label: str) -> str:
    return reverse("reader:page", args=[slug, date.isoformat(), label])


def permalink_url(permalink: str) -> str:
    return reverse("reader:permalink", args=[permalink])


def article_url(article) -> str:
    """The article's readable URL; its permanent link while an older link holds its position."""
    if article.displaced:
        return permalink_url(article.permalink)
    page = article.page
    edition = page.edition
    return reverse(
        "reader:article",
        args=[edition.newspaper.slug, edition.date.isoformat(), page.label, article.order],
    )


def month_url(slug: str, year: int, month: int) -> str:
    return reverse("reader:month", args=[slug, f"{year:04d}-{month:02d}"])
