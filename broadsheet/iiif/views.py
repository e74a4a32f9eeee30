"""The IIIF doors: thin views over ``sources`` (visibility), ``presentation`` and ``tiles``.

Every answer carries ``Access-Control-Allow-Origin: *``: IIIF viewers load
manifests and images from other sites. A hidden edition (draft, scheduled for
later, withdrawn) is the site's 404 at every door, like the reader's pages.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import imageapi, presentation, sources, tiles
from .links import Links

PRESENTATION_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
IMAGE_INFO_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
# Manifests follow edits and --replace; image URLs are label-based too, so neither is
# immutable. A withdrawn edition may stay in shared caches this long.
JSON_CACHE = "public, max-age=600"
IMAGE_CACHE = "public, max-age=3600"


def cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_answer(document: dict, content_type: str = PRESENTATION_TYPE) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False, indent=1)
    response = HttpResponse(body.encode(), content_type=content_type)
    response["Cache-Control"] = JSON_CACHE
    return cors(response)


@require_safe
def top(request):
    """/iiif/collection.json"""
    return json_answer(presentation.top_collection(sources.newspapers(), Links(request)))


@require_safe
def collection(request, paper: str):
    """/iiif/chenbao/collection.json"""
    newspaper = sources.newspaper(paper)
    editions = sources.editions_of(newspaper)
    return json_answer(presentation.newspaper_collection(newspaper, editions, Links(request)))


@require_safe
def manifest(request, paper: str, date: str):
    """/iiif/chenbao/2024-03-01/manifest.json"""
    content = sources.edition_content(paper, date)
    return json_answer(presentation.manifest(content, Links(request)))


@require_safe
def canvas(request, paper: str, date: str, label: str):
    """/iiif/chenbao/2024-03-01/canvas/01: a canvas id answers the canvas itself."""
    content = sources.edition_content(paper, date)
    page = next((p for p in content.pages if p.page.label == label), None)
    if page is None:
        raise Http404("no such canvas")
    document = presentation.canvas(content, page, Links(request))
    return json_answer({"@context": presentation.CONTEXT, **document})


@require_safe
def image_base(request, paper: str, date: str, label: str):
    """/iiif/image/chenbao/2024-03-01/01 redirects to its info.json (baseUriRedirect)."""
    sources.image_source(paper, date, label)
    response = HttpResponseRedirect(reverse("iiif:image_info", args=[paper, date, label]))
    response.status_code = 303
    return cors(response)


@require_safe
def image_info(request, paper: str, date: str, label: str):
    """/iiif/image/chenbao/2024-03-01/01/info.json"""
    page = sources.image_source(paper, date, label)
    service = Links(request).image_service(paper, page.page.edition.date, label)
    return json_answer(presentation.image_info(service, page.size), IMAGE_INFO_TYPE)


@require_safe
def image(request, paper, date, label, region, size, rotation, quality, fmt):
    """/iiif/image/chenbao/2024-03-01/01/0,0,512,512/256,/0/default.jpg"""
    page = sources.image_source(paper, date, label)
    try:
        wanted = imageapi.parse(region, size, rotation, quality, fmt, page.size)
    except imageapi.BadRequest as exc:
        return cors(HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8"))
    except imageapi.NotImplementedFeature as exc:
        return cors(HttpResponse(str(exc), status=501, content_type="text/plain; charset=utf-8"))
    response = HttpResponse(tiles.answer(page.source, wanted, page.size), content_type="image/jpeg")
    response["Cache-Control"] = IMAGE_CACHE
    response["Link"] = '<http://iiif.io/api/image/3/level1.json>;rel="profile"'
    return cors(response)
