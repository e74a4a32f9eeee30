"""IIIF Presentation 3.0 documents: a manifest per edition, collections of them.

Built as plain dicts from what ``sources`` read through the one visibility rule.
The shapes follow the specification (https://iiif.io/api/presentation/3.0/);
tests validate them with iiif-prezi3's models and open them in Mirador
(docs/decisions.md says why iiif-prezi3 is not a runtime dependency).

- A manifest's canvases are the edition's pages in order, labelled as printed
  (``第01版 要闻``); each is painted with its page image, served by the Image API
  (``imageservice``), and the canvas is the image's own size in pixels.
- Each article area (hotspot) is a ``commenting`` annotation on its canvas
  (the motivation Mirador lists): its target is an ``SvgSelector`` holding the
  hotspot polygons, its body the headline as a link to the article page and the
  article page itself. A continuation (转版) is annotated on the page it jumps to.
- Labels are language maps in the newspaper's language; the fixed field names
  of ``metadata`` are given in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

from broadsheet.editions import filetypes, serializers, urls
from broadsheet.editions.models import Article, Edition, Newspaper

from . import imageapi
from .links import Links
from .sources import EditionContent, PageContent

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
IMAGE_PROFILE = "level1"


def language(code: str) -> str:
    """Django's ``zh-hans`` as BCP 47 spells it in IIIF language maps: ``zh-Hans``."""
    lang, _, script = (code or "zh-hans").partition("-")
    if len(script) == 4:
        return f"{lang.lower()}-{script.title()}"
    return code.lower()


def text(value: str, lang: str) -> dict:
    return {lang: [value]}


def field(zh: str, en: str, value: str, lang: str) -> dict:
    """One ``metadata`` pair: a fixed name in two languages, a value in the paper's."""
    return {"label": {"zh-Hans": [zh], "en": [en]}, "value": text(value, lang)}


def edition_label(edition: Edition) -> str:
    """``晨报 2024-03-01 第100期``: how a library catalogue names the issue."""
    label = f"{edition.newspaper.name} {edition.date.isoformat()}"
    return f"{label} 第{edition.issue_number}期" if edition.issue_number else label


def page_label(label: str, name: str) -> str:
    """``第01版 要闻``, as 版面导航 names the page."""
    return f"第{label}版 {name}".strip()


def nav_date(date: dt.date) -> str:
    """The printed date as midnight in the site's time zone, in UTC (IIIF ``navDate``)."""
    moment = dt.datetime.combine(date, dt.time(), tzinfo=timezone.get_default_timezone())
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def top_collection(papers: Iterable[Newspaper], links: Links) -> dict:
    """The collection of every newspaper with a public edition."""
    return {
        "@context": CONTEXT,
        "id": links.top(),
        "type": "Collection",
        "label": {"zh-Hans": ["报刊"], "en": ["Newspapers"]},
        "items": [
            {
                "id": links.collection(paper.slug),
                "type": "Collection",
                "label": text(paper.name, language(paper.language)),
            }
            for paper in papers
        ],
    }


def newspaper_collection(paper: Newspaper, editions: Iterable[Edition], links: Links) -> dict:
    """A newspaper's public editions, oldest first, each a manifest reference."""
    lang = language(paper.language)
    return {
        "@context": CONTEXT,
        "id": links.collection(paper.slug),
        "type": "Collection",
        "label": text(paper.name, lang),
        "partOf": [{"id": links.top(), "type": "Collection"}],
        "homepage": [homepage(links.absolute(urls.newspaper_url(paper.slug)), paper.name, lang)],
        "items": [
            {
                "id": links.manifest(paper.slug, edition.date),
                "type": "Manifest",
                "label": text(edition_label(edition), lang),
                "navDate": nav_date(edition.date),
            }
            for edition in editions
        ],
    }


def homepage(url: str, label: str, lang: str) -> dict:
    return {"id": url, "type": "Text", "format": "text/html", "label": text(label, lang)}


def manifest(content: EditionContent, links: Links) -> dict:
    """The edition's manifest: its pages as canvases, its article areas as annotations."""
    edition = content.edition
    slug, lang = edition.newspaper.slug, language(edition.newspaper.language)
    document = {
        "@context": CONTEXT,
        "id": links.manifest(slug, edition.date),
        "type": "Manifest",
        "label": text(edition_label(edition), lang),
        "metadata": metadata(edition, lang),
        "navDate": nav_date(edition.date),
        "behavior": ["individuals"],
        "viewingDirection": "left-to-right",
        "homepage": [
            homepage(
                links.absolute(urls.edition_url(slug, edition.date)), edition_label(edition), lang
            )
        ],
        "partOf": [{"id": links.collection(slug), "type": "Collection"}],
        "items": [canvas(content, page, links) for page in content.pages],
    }
    if edition.newspaper.publisher.copyright:
        document["requiredStatement"] = field(
            "版权", "Rights", edition.newspaper.publisher.copyright, lang
        )
    if content.edition_pdf:
        document["rendering"] = [edition_pdf(links.absolute(content.edition_pdf), lang)]
    return document


def metadata(edition: Edition, lang: str) -> list[dict]:
    fields = [
        field("报刊", "Newspaper", edition.newspaper.name, lang),
        field("出版日期", "Date", edition.date.isoformat(), lang),
    ]
    if edition.issue_number:
        fields.append(field("期次", "Issue", str(edition.issue_number), lang))
    return fields


def edition_pdf(url: str, lang: str) -> dict:
    return {"id": url, "type": "Text", "format": "application/pdf", "label": text("全版PDF", lang)}


def canvas(content: EditionContent, page: PageContent, links: Links) -> dict:
    edition = content.edition
    slug, lang = edition.newspaper.slug, language(edition.newspaper.language)
    canvas_id = links.canvas(slug, edition.date, page.page.label)
    width, height = page.size
    painting = {
        "id": f"{canvas_id}/image",
        "type": "Annotation",
        "motivation": "painting",
        "body": image_body(links.image_service(slug, edition.date, page.page.label), page.size),
        "target": canvas_id,
    }
    item = {
        "id": canvas_id,
        "type": "Canvas",
        "label": text(page_label(page.page.label, page.page.name), lang),
        "width": width,
        "height": height,
        "items": [{"id": f"{canvas_id}/paint", "type": "AnnotationPage", "items": [painting]}],
    }
    if page.page.thumbnail.name:
        item["thumbnail"] = [thumbnail(page.page.thumbnail.name, links)]
    areas = [
        area(canvas_id, article, polygons, page.size, links, lang)
        for article, polygons in page.areas
    ]
    if areas:
        item["annotations"] = [
            {"id": f"{canvas_id}/articles", "type": "AnnotationPage", "items": areas}
        ]
    return item


def image_body(service: str, size: tuple[int, int]) -> dict:
    return {
        "id": f"{service}/full/max/0/default.jpg",
        "type": "Image",
        "format": "image/jpeg",
        "width": size[0],
        "height": size[1],
        "service": [{"id": service, "type": "ImageService3", "profile": IMAGE_PROFILE}],
    }


def thumbnail(name: str, links: Links) -> dict:
    """The page thumbnail (a JPEG made at ingest, or the bundle's own picture)."""
    url = links.absolute(serializers.media_url(name))
    return {"id": url, "type": "Image", "format": filetypes.content_type(name) or "image/jpeg"}


def area(
    canvas_id: str, article: Article, polygons: list, size: tuple[int, int], links: Links, lang: str
) -> dict:
    """One article area: the headline, linked to the article page, on its polygons."""
    title = serializers.article_title(article)
    url = links.absolute(urls.article_url(article))
    return {
        "id": f"{canvas_id}/article/{article.page.label}-{article.order}",
        "type": "Annotation",
        "motivation": "commenting",
        "body": [
            {
                "type": "TextualBody",
                "value": f"<a href={quoteattr(url)}>{escape(title)}</a>",
                "format": "text/html",
                "language": lang,
            },
            {"id": url, "type": "Text", "format": "text/html", "label": text(title, lang)},
        ],
        "target": {
            "type": "SpecificResource",
            "source": {"id": canvas_id, "type": "Canvas"},
            "selector": {"type": "SvgSelector", "value": svg(polygons, size)},
        },
    }


def svg(polygons: list, size: tuple[int, int]) -> str:
    """The hotspot (polygons of ``[x, y]`` in 0..1) as an SVG path in canvas pixels."""
    width, height = size
    path = " ".join(
        "M" + " L".join(f"{x * width:.0f},{y * height:.0f}" for x, y in polygon) + " Z"
        for polygon in polygons
    )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>"
        f"<path d='{path}'/></svg>"
    )


def image_info(service: str, size: tuple[int, int]) -> dict:
    """The Image API 3.0 ``info.json`` of a page image (level 1; docs/iiif.md)."""
    width, height = size
    factors = imageapi.scale_factors(size)
    return {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": service,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": IMAGE_PROFILE,
        "width": width,
        "height": height,
        "maxWidth": width,
        "maxHeight": height,
        "maxArea": imageapi.max_area(size),
        "sizes": [
            {"width": -(-width // f), "height": -(-height // f)}
            for f in reversed(factors)
            if -(-width // f) * -(-height // f) <= imageapi.max_area(size)
        ],
        "tiles": [{"width": imageapi.TILE, "height": imageapi.TILE, "scaleFactors": factors}],
        "extraFeatures": ["regionByPct", "sizeByConfinedWh", "sizeByPct", "sizeUpscaling"],
    }
