"""What the IIIF doors show, read through the one visibility rule.

Everything starts from ``reader.services`` (``public_editions``, ``get_edition``,
``pages_of``), so a draft, a withdrawn edition or a scheduled one whose time has
not come has no manifest, no collection entry and no image: the same 404 as the
reader's. An edition's articles and continuations are read in two queries,
whatever its number of pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404
from PIL import Image, UnidentifiedImageError

from broadsheet.editions import serializers, validate
from broadsheet.editions.models import Article, ArticleJump, Edition, Newspaper, Page
from broadsheet.editions.visibility import own_q
from broadsheet.reader import services as reader


@dataclass
class PageContent:
    page: Page
    source: str  # the storage name of the image the Image API serves (the 2x one if any)
    size: tuple[int, int]  # that image's pixels: the canvas's size too
    areas: list[tuple[Article, list]] = field(default_factory=list)  # (article, polygons)


@dataclass
class EditionContent:
    edition: Edition
    pages: list[PageContent]
    edition_pdf: str  # its URL, or "" when no page has a PDF


def newspapers() -> list[Newspaper]:
    return reader.newspapers()


def newspaper(slug: str) -> Newspaper:
    return reader.get_newspaper(slug)


def editions_of(paper: Newspaper) -> QuerySet[Edition]:
    """A newspaper's public editions, oldest first."""
    return reader.public_editions().filter(newspaper=paper).order_by("date")


def edition_content(slug: str, date: str) -> EditionContent:
    """The public edition's pages with images, and the article areas on each; 404 when
    no page has an image (a manifest needs at least one canvas)."""
    edition = reader.get_edition(slug, date)
    pages = reader.pages_of(edition)
    shown = [content for page in pages if (content := page_content(page)) is not None]
    if not shown:
        raise Http404("no page with an image")
    by_id = {content.page.pk: content for content in shown}
    for article, page_id, polygons in areas_of(edition, list(by_id)):
        by_id[page_id].areas.append((article, polygons))
    return EditionContent(edition, shown, serializers.edition_pdf(edition, pages))


def page_content(page: Page) -> PageContent | None:
    """The page with its image source (the 2x image, else the 1x) and size; None for a page
    without a readable image."""
    for source in (page.image_hidpi.name, page.image.name):
        if source and (size := image_size(source)) is not None:
            return PageContent(page, source, size)
    return None


def image_size(name: str) -> tuple[int, int] | None:
    """The stored image's pixels, read from its header (nothing is decoded)."""
    try:
        with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
            return image.size
    except (OSError, ValueError, UnidentifiedImageError):
        return None


def areas_of(edition: Edition, page_ids: list[int]):
    """``(article, page id, polygons)`` for every area on these pages, in page order:
    the articles' own areas, then the continuations (转版) that land on each page."""
    articles = (
        Article.objects.filter(own_q(), page_id__in=page_ids, order__lte=validate.MAX_ORDER)
        .select_related("page__edition__newspaper")
        .order_by("page__order", "order")
    )
    for article in articles:
        if polygons := clean_polygons(article.hotspot):
            yield article, article.page_id, polygons
    jumps = (
        ArticleJump.objects.filter(page_id__in=page_ids, article__page__edition=edition)
        .filter(own_q("article__"), article__order__lte=validate.MAX_ORDER)
        .select_related("article__page__edition__newspaper")
        .order_by("page__order", "article__page__order", "article__order")
    )
    for jump in jumps:
        if polygons := clean_polygons(jump.hotspot):
            yield jump.article, jump.page_id, polygons


def clean_polygons(hotspot) -> list:
    """The well-formed polygons of a hotspot (three or more ``[x, y]`` points in 0..1);
    a row written by hand or by an old version may hold anything."""
    if not isinstance(hotspot, list):
        return []
    return [polygon for polygon in hotspot if _is_polygon(polygon)]


def _is_polygon(polygon) -> bool:
    if not isinstance(polygon, list) or len(polygon) < 3:
        return False
    return all(
        isinstance(point, list | tuple)
        and len(point) == 2
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in point
        )
        for point in polygon
    )


def image_source(slug: str, date: str, label: str) -> PageContent:
    """The public page's image for the Image API; 404 for a hidden edition or no image."""
    edition = reader.get_edition(slug, date)
    page = reader.find_page(reader.pages_of(edition), label)
    content = page_content(page)
    if content is None:
        raise Http404("no page image")
    return content
