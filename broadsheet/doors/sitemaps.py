"""Sitemaps (django.contrib.sitemaps): an index, one sitemap per newspaper and year, news.

``/sitemap.xml`` is the index. Each newspaper has, for every year with a public
edition, a sitemap of its article URLs (``/sitemap-<paper>-<year>.xml``) and one
of its page (版面) URLs (``…-pages.xml``); Django pages any of them past 10,000
URLs (``?p=2``). ``/sitemap-news.xml`` is the Google News sitemap: the articles
printed today and yesterday, with the paper's name and language, the printed
date and the title. Every query goes through ``entries`` and so through the
visibility rule; sitemap sections stay queries, so the index only counts.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.db.models.functions import TruncDate

from broadsheet.editions import serializers, urls
from broadsheet.editions.models import Article, Newspaper
from broadsheet.reader import services as reader

from . import entries
from .language import content_language


@functools.lru_cache(maxsize=256)
def _page_url(slug: str, date: dt.date, label: str) -> str:
    """A page's URL; the articles of a page come one after another, and reverse() is slow."""
    return urls.page_url(slug, date, label)


class _YearSitemap(Sitemap):
    """One newspaper's public editions of one year.

    At most 10,000 URLs a sitemap (the protocol allows 50,000): a year of a big daily is
    100,000 articles, and a smaller answer is quick (bench/doors.py); the index lists the
    further pages (``?p=2``).
    """

    limit = 10_000

    def __init__(self, paper: Newspaper, year: int):
        self.paper, self.year = paper, year

    def _filters(self) -> dict:
        return {"newspaper": self.paper, "date__year": self.year}

    def get_latest_lastmod(self) -> dt.datetime | None:
        editions = reader.public_editions().filter(**self._filters())
        return editions.aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(_YearSitemap):
    """Rows, not models: a year of a daily is tens of thousands of articles and their bodies.

    Each item is ``(paper slug, date, page label, order, permanent id, displaced, day the
    edition last changed)`` (a displaced article is listed by its permanent link); the day
    comes from the database in the site's time zone, so the template only prints it.
    """

    def items(self):
        edition = "page__edition__"
        return (
            entries.public_articles(**self._filters())
            .order_by(f"{edition}date", "page__order", "order")
            .values_list(
                f"{edition}newspaper__slug",
                f"{edition}date",
                "page__label",
                "order",
                "permalink",
                "displaced",
                TruncDate(f"{edition}updated_at"),
            )
        )

    def location(self, item: tuple) -> str:
        slug, date, label, order, permalink, displaced, _ = item
        if displaced:
            return urls.permalink_url(permalink)
        return f"{_page_url(slug, date, label)}{order}/"

    def lastmod(self, item: tuple) -> dt.date:
        return item[-1]


class PageSitemap(_YearSitemap):
    """Each item is ``(paper slug, date, page label, day the edition last changed)``."""

    def items(self):
        return (
            entries.public_pages(**self._filters())
            .order_by("edition__date", "order")
            .values_list(
                "edition__newspaper__slug", "edition__date", "label", "edition__updated_at"
            )
        )

    def location(self, item: tuple) -> str:
        return _page_url(*item[:3])

    def lastmod(self, item: tuple) -> dt.date:
        return item[-1]


@dataclass(frozen=True)
class NewsItem:
    """What a ``<news:news>`` entry says about one article."""

    url: str
    paper_name: str
    language: str
    published: dt.datetime
    title: str


class NewsSitemap(Sitemap):
    """Google News: articles of the last two days (at most 1,000 URLs a sitemap)."""

    limit = 1000

    def items(self) -> list[NewsItem]:
        return [_news_item(a) for a in entries.news_articles()]

    def location(self, item: NewsItem) -> str:
        return item.url


def _news_item(article: Article) -> NewsItem:
    edition = article.page.edition
    return NewsItem(
        url=urls.article_url(article),
        paper_name=edition.newspaper.name,
        language=content_language(edition.newspaper.language),
        published=entries.printed_at(edition),
        title=serializers.article_title(article),
    )


def sections() -> dict[str, Sitemap[Any] | type[Sitemap[Any]]]:
    """Every sitemap the index lists, by section name (the part of the URL after ``sitemap-``)."""
    out: dict[str, Sitemap[Any] | type[Sitemap[Any]]] = {}
    for paper, year in entries.newspaper_years():
        out[f"{paper.slug}-{year}"] = ArticleSitemap(paper, year)
        out[f"{paper.slug}-{year}-pages"] = PageSitemap(paper, year)
    out["news"] = NewsSitemap()
    return out


# Example: /sitemap.xml
def index(request):
    return sitemap_views.index(request, sections(), sitemap_url_name="doors:sitemap_section")


# Example: /sitemap-chenbao-2024.xml  (articles), /sitemap-chenbao-2024-pages.xml  (版面)
def section(request, section: str):
    return sitemap_views.sitemap(
        request, sections(), section=section, template_name="doors/sitemap.xml"
    )


# Example: /sitemap-news.xml
def news(request):
    return sitemap_views.sitemap(
        request, {"news": NewsSitemap()}, section="news", template_name="doors/news_sitemap.xml"
    )
