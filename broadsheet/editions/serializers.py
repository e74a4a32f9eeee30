"""One serialisation of the reader's objects, shared by HTML pages and JSON twins.

Templates render these dicts, and the ``.json`` twin of every reader page
returns them as they are, so the two can never disagree.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import urls
from .models import Article, ArticleJump, Edition, Newspaper, Page


def media_url(name: str | None) -> str:
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


def edition_pdf(edition: Edition, pages: list[Page]) -> str:
    """The URL of the whole-edition PDF (全版PDF), or "" when no page has a PDF."""
    if not any(page.pdf for page in pages):
        return ""
    return urls.edition_pdf_url(edition.newspaper.slug, edition.date)


def page_summary(page: Page, edition: Edition) -> dict:
    return {
        "label": page.label,
        "name": page.name,
        "url": urls.page_url(edition.newspaper.slug, edition.date, page.label),
        "image": media_url(page.image.name),
        "image_hidpi": media_url(page.image_hidpi.name),
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


def page_ref(page: Page, edition: Edition) -> dict:
    """A page named by its label and URL, for the 转版 marks (上接第X版, 下转第X版)."""
    url = urls.page_url(edition.newspaper.slug, edition.date, page.label)
    return {"label": page.label, "url": url}


def jumps_of(article: Article, edition: Edition) -> list[ArticleJump]:
    """The article's continuations on other pages of its own edition, in order.

    Reads ``article.jumps`` (prefetched by the reader's services, with their pages).
    """
    jumps = [j for j in article.jumps.all() if j.page.edition_id == edition.id]
    return sorted(jumps, key=lambda j: (j.order, j.page.order))


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
        "continued_from": None,
        "continues_on": [page_ref(j.page, edition) for j in jumps_of(article, edition)],
    }


def continuation_summary(jump: ArticleJump, edition: Edition) -> dict:
    """A jumped article as the page it continues on lists it: its area there, the page of
    the part before (上接第X版) and the pages after; the URL is the one article's own."""
    article = jump.article
    parts = [article.page] + [j.page for j in jumps_of(article, edition)]
    here = next(i for i, page in enumerate(parts) if page.pk == jump.page_id)
    return {
        **article_summary(article, article.page, edition),
        "hotspot": jump.hotspot,
        "continued_from": page_ref(parts[here - 1], edition),
        "continues_on": [page_ref(page, edition) for page in parts[here + 1 :]],
    }


def places(article: Article, page: Page, edition: Edition) -> list[dict]:
    """Every page the article covers, where it starts first, each with its area there."""
    out = [{"page": page_summary(page, edition), "hotspot": article.hotspot, "continued": False}]
    for jump in jumps_of(article, edition):
        out.append(
            {"page": page_summary(jump.page, edition), "hotspot": jump.hotspot, "continued": True}
        )
    return out


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
        "correction": correction(article),
        "page": page_summary(page, edition),
        "places": places(article, page, edition),
        "edition": edition_dict(edition),
    }


def correction(article: Article) -> dict | None:
    """The public 更正 note an editor added, with its date (in the site's time zone)."""
    if not article.correction:
        return None
    when = timezone.localtime(article.corrected_at) if article.corrected_at else None
    return {"text": article.correction, "date": when.date().isoformat() if when else None}
