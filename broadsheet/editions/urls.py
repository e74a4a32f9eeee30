"""Stable reader URLs for editions, pages and articles, built in one place.

The scheme (see ``broadsheet/reader/urls.py``) is
``/<paper>/<yyyy-mm-dd>/<page-label>/<article-order>/``: readable, and stable
across re-ingest because it uses printed labels, not database ids. Every article
also has a permanent link, ``/a/<id>`` (``editions.permalinks``), which survives
a replaced edition that moved it.

The paths are written out here rather than reversed through the URL
configuration: a reader page builds dozens (calendar days, 版面导航, 标题导航) and
``reverse`` cost about a tenth of an uncached page's time. Every part is one
``editions.validate`` accepts (letters, digits, hyphens), so nothing needs quoting;
``tests/editions/test_urls.py`` checks each against ``reverse``.
"""

from __future__ import annotations

import datetime as dt

from django.urls import get_script_prefix


def _path(*parts: str) -> str:
    return get_script_prefix() + "/".join(parts) + "/"


def newspaper_url(slug: str) -> str:
    return _path(slug)


def edition_url(slug: str, date: dt.date) -> str:
    return _path(slug, date.isoformat())


def edition_pdf_url(slug: str, date: dt.date) -> str:
    return _path(slug, date.isoformat())[:-1] + "/edition.pdf"


def page_url(slug: str, date: dt.date, label: str) -> str:
    return _path(slug, date.isoformat(), label)


def permalink_url(permalink: str) -> str:
    return get_script_prefix() + f"a/{permalink}"


def article_url(article) -> str:
    """The article's readable URL; its permanent link while an older link holds its position."""
    if article.displaced:
        return permalink_url(article.permalink)
    page = article.page
    edition = page.edition
    return _path(edition.newspaper.slug, edition.date.isoformat(), page.label, str(article.order))


def month_url(slug: str, year: int, month: int) -> str:
    return _path(slug, "archive", f"{year:04d}-{month:02d}")
