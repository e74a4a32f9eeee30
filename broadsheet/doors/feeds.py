"""RSS 2.0 and Atom feeds per newspaper, with Django's syndication framework.

Two feeds, each in both formats: the articles of the newest editions with their
full text (``content:encoded`` in RSS, ``<content type="html">`` in Atom) and
their page image as the enclosure; and the edition feed, one item per edition
linking its first page ("today's edition is out"). Readers and aggregators take
these instead of scraping the pages.

The full text is rendered from the body blocks by a template (autoescaped), so
a headline or paragraph holding ``<script>`` arrives as text, never as markup.
Dates are the printed dates (``entries.printed_at``) in the site's time zone;
an item's guid is its reader URL, which does not change.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from broadsheet.editions import serializers, urls
from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.reader import services as reader

from . import entries
from .language import content_language


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with the full HTML in ``<content:encoded>``, where feed readers look for it."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class FullTextAtom(Atom1Feed):
    """Atom 1.0 with the full HTML in ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, every URL absolute; ``summary`` and ``content`` are safe HTML."""

    title: str
    url: str
    guid: str
    summary: str
    content: str
    published: dt.datetime
    updated: dt.datetime
    author: str | None
    category: str
    enclosure: Enclosure | None


@dataclass(frozen=True)
class FeedSource:
    """The feed's newspaper and the request (for absolute URLs); Feed objects are shared."""

    paper: Newspaper
    request: HttpRequest

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url) if url else ""


def _enclosure(source: FeedSource, page: Page) -> Enclosure | None:
    """The page image as an enclosure (RSS wants its length; 0 when the store cannot say)."""
    name = page.image.name
    if not name:
        return None
    try:
        length = default_storage.size(name)
    except OSError:
        length = 0
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Enclosure(source.absolute(serializers.media_url(name)), str(length), mime)


def _absolute_page(source: FeedSource, page: dict) -> dict:
    return {**page, **{k: source.absolute(page[k]) for k in ("url", "image", "thumbnail", "pdf")}}


def _article_content(source: FeedSource, data: dict) -> str:
    blocks = [
        {**b, "src": source.absolute(b.get("src", ""))} if b.get("type") == "image" else b
        for b in data["body"]
    ]
    page = _absolute_page(source, data["page"])
    return render_to_string(
        "doors/feed_article.html", {"article": data, "blocks": blocks, "page": page}
    )


def _page_title(page: dict) -> str:
    label = _("第%(label)s版") % {"label": page["label"]}
    return f"{label}：{page['name']}" if page["name"] else label


def article_item(source: FeedSource, article: Article, enclosure: Enclosure | None) -> FeedItem:
    page, edition = article.page, article.page.edition
    data = serializers.article_dict(article, page, edition)
    url = source.absolute(data["url"])
    return FeedItem(
        title=data["title"],
        url=url,
        guid=url,
        summary=conditional_escape(data["lead"]),
        content=_article_content(source, data),
        published=entries.printed_at(edition),
        updated=edition.updated_at,
        author=article.byline.strip() or None,
        category=_page_title(data["page"]),
        enclosure=enclosure,
    )


def article_items(source: FeedSource) -> list[FeedItem]:
    editions = entries.newest_editions(source.paper, entries.FEED_EDITIONS)
    enclosures: dict[int, Enclosure | None] = {}
    items = []
    for article in entries.articles_in(editions):
        if article.page_id not in enclosures:
            enclosures[article.page_id] = _enclosure(source, article.page)
        items.append(article_item(source, article, enclosures[article.page_id]))
    return items


def edition_title(edition: Edition) -> str:
    title = f"{edition.newspaper.name} {date_format(edition.date, 'DATE_FORMAT')}"
    if edition.issue_number:
        title += " " + _("第%(n)s期") % {"n": edition.issue_number}
    return title


def edition_item(source: FeedSource, edition: Edition, pages: list[Page]) -> FeedItem:
    summaries = [_absolute_page(source, serializers.page_summary(p, edition)) for p in pages]
    content = render_to_string("doors/feed_edition.html", {"pages": summaries})
    return FeedItem(
        title=edition_title(edition),
        url=summaries[0]["url"],
        guid=source.absolute(urls.edition_url(source.paper.slug, edition.date)),
        summary=conditional_escape(" · ".join(_page_title(p) for p in summaries)),
        content=content,
        published=entries.printed_at(edition),
        updated=edition.updated_at,
        author=None,
        category="",
        enclosure=_enclosure(source, pages[0]),
    )


def edition_items(source: FeedSource) -> list[FeedItem]:
    editions = entries.newest_editions(source.paper, entries.EDITION_FEED_LENGTH)
    pages = entries.pages_in(editions)
    return [edition_item(source, e, pages[e.pk]) for e in editions if pages[e.pk]]


class _PaperFeed(Feed):
    """What every feed of a newspaper shares: the paper, its link, its language, item fields."""

    item_guid_is_permalink = True

    def get_object(self, request, paper: str) -> FeedSource:
        return FeedSource(reader.get_newspaper(paper), request)

    def get_feed(self, obj: FeedSource, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = content_language(obj.paper.language)
        return feed

    def link(self, source: FeedSource) -> str:
        return urls.newspaper_url(source.paper.slug)

    def feed_copyright(self, source: FeedSource) -> str:
        return source.paper.publisher.copyright

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return item.guid

    def item_description(self, item: FeedItem) -> str:
        return item.summary

    def item_pubdate(self, item: FeedItem) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: FeedItem) -> dt.datetime:
        return item.updated

    def item_author_name(self, item: FeedItem) -> str | None:
        return item.author

    def item_categories(self, item: FeedItem) -> tuple[str, ...]:
        return (item.category,) if item.category else ()

    def item_enclosures(self, item: FeedItem) -> list[Enclosure]:
        return [item.enclosure] if item.enclosure else []

    def item_extra_kwargs(self, item: FeedItem) -> dict:
        return {"content": item.content}


# Example: /chenbao/feed.rss  (and /chenbao/feed.atom)
class ArticleFeed(_PaperFeed):
    """The articles of the newest editions, in page order, full text included."""

    feed_type: type[SyndicationFeed] = FullTextRss

    def title(self, source: FeedSource) -> str:
        return source.paper.name

    def description(self, source: FeedSource) -> str:
        return _("%(name)s最新各期的全部文章") % {"name": source.paper.name}

    subtitle = description

    def items(self, source: FeedSource) -> list[FeedItem]:
        return article_items(source)


class ArticleAtomFeed(ArticleFeed):
    feed_type = FullTextAtom


# Example: /chenbao/editions.rss  (and /chenbao/editions.atom)
class EditionFeed(_PaperFeed):
    """One item per edition, linking its first page: "today's edition is out"."""

    feed_type: type[SyndicationFeed] = FullTextRss

    def title(self, source: FeedSource) -> str:
        return _("%(name)s 每期") % {"name": source.paper.name}

    def description(self, source: FeedSource) -> str:
        return _("%(name)s每出一期报纸，这里就多一条") % {"name": source.paper.name}

    subtitle = description

    def items(self, source: FeedSource) -> list[FeedItem]:
        return edition_items(source)


class EditionAtomFeed(EditionFeed):
    feed_type = FullTextAtom
