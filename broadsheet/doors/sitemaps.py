"""Sitemaps (django.contrib.sitemaps): an index, one sitemap per newspaper and year, news.

``/sitemap.xml`` is the index. Each newspaper has, for every year with a public
edition, a sitemap of its article URLs (``/sitemap-<paper>-<year>.xml``) and one
of its page (版面) URLs (``…-pages.xml``); Django pages any of them past 50,000
URLs (``?p=2``). ``/sitemap-news.xml`` is the Google News sitemap: the articles
printed today and yesterday, with the paper's name and language, the printed
date and the title. Every query goes through ``entries`` and so through the
visibility rule; sitemap sections stay queries, so the index only counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max

from broadsheet.editions import serializers, urls
from broadsheet.editions.models import Article, Newspaper, Page
from broadsheet.reader import services as reader

from . import entries
from .language import content_language


class _YearSitemap(Sitemap):
    """One newspaper's public editions of one year."""

    def __init__(self, paper: Newspaper, year: int):
        self.paper, self.year = paper, year

    def _filters(self) -> dict:
        return {"newspaper": self.paper, "date__year": self.year}

    def get_latest_lastmod(self) -> dt.datetime | None:
        editions = reader.public_editions().filter(**self._filters())
        return editions.aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(_YearSitemap):
    def items(self):
        return (
            entries.public_articles(**self._filters())
            .select_related("page__edition__newspaper")
            .order_by("page__edition__date", "page__order", "order")
        )

    def location(self, item: Article) -> str:
        return urls.article_url(item)

    def lastmod(self, item: Article) -> dt.datetime:
        return item.page.edition.updated_at


class PageSitemap(_YearSitemap):
    def items(self):
        return (
            entries.public_pages(**self._filters())
            .select_related("edition__newspaper")
            .order_by("edition__date", "order")
        )

    def location(self, item: Page) -> str:
        return urls.page_url(item.edition.newspaper.slug, item.edition.date, item.label)

    def lastmod(self, item: Page) -> dt.datetime:
        return item.edition.updated_at


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


def sections() -> dict[str, Sitemap]:
    """Every sitemap the index lists, by section name (the part of the URL after ``sitemap-``)."""
    out: dict[str, Sitemap] = {}
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
    return sitemap_views.sitemap(request, sections(), section=section)


# Example: /sitemap-news.xml
def news(request):
    return sitemap_views.sitemap(
        request, {"news": NewsSitemap()}, section="news", template_name="doors/news_sitemap.xml"
    )
