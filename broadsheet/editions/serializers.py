"""One serialisation of the reader's objects, shared by HTML pages and JSON twins.

Templates render these dicts, and the ``.json`` twin of every reader page
returns them as they are, so the two can never disagree.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import urls
from .models import Article, Edition, Newspaper, Page


def media_url(name: str) -> str:
    return default_storage.url(name) if name else ""


def newspaper_dict(paper: Newspaper) -> dict:
    return {"slug": paper.slug, "name": paper.name, "url": urls.newspaper_url(paper.slug)}


def edition_dict(edition: Edition) -> dict:
    return {
        "newspaper": newspaper_dict(edition.newspaper),
        "date": edition.date.isoformat(),
        "issue_number": edition.issue_number,
        "url": urls.edition_url(edition.newspaper.slug, edition.date),
    }


def page_summary(page: Page, edition: Edition) -> dict:
    return {
        "label": page.label,
        "name": page.name,
        "url": urls.page_url(edition.newspaper.slug, edition.date, page.label),
        "image": media_url(page.image.name),
        "thumbnail": media_url(page.thumbnail.name) or media_url(page.image.name),
        "pdf": media_url(page.pdf.name),
        "width": page.width,
        "height": page.height,
    }


def article_title(article: Article) -> str:
    """A name for any item, even one with no headline or no text (a lone photo)."""
    if article.headline:
        return article.headline
    if article.lead:
        return Truncator(article.lead).chars(30)
    captions = [b.get("caption", "") for b in article.body if b.get("type") == "image"]
    return next((c for c in captions if c), _("（图片）"))


def article_summary(article: Article, page: Page, edition: Edition) -> dict:
    base = urls.page_url(edition.newspaper.slug, edition.date, page.label)
    return {
        "order": article.order,
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "lead": article.lead,
        "title": article_title(article),
        "url": f"{base}{article.order}/",
        "hotspot": article.hotspot,
    }


def body_blocks(article: Article) -> list[dict]:
    """Body blocks with image sources turned into URLs."""
    out = []
    for block in article.body:
        if block.get("type") == "image":
            block = {**block, "src": media_url(block.get("src", ""))}
        out.append(block)
    return out


def article_dict(article: Article, page: Page, edition: Edition) -> dict:
    return {
        **article_summary(article, page, edition),
        "byline": article.byline,
        "body": body_blocks(article),
        "page": page_summary(page, edition),
        "edition": edition_dict(edition),
    }
