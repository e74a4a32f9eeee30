"""A page on the desk: its image with every article's hotspot, edited in place.

The editor itself is a static script (``static/newsroom/hotspot-editor.js``); these views
give it the page's polygons and take its saves, which go through ``services.set_hotspot``
(the same validation as ingest) and ``services.place_again`` (placement run again).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from broadsheet.editions import serializers
from broadsheet.newsroom import roles, services
from broadsheet.pages import corrections
from broadsheet.pages.textlayer import SCALE

from .common import (
    article_for,
    desk_view,
    edition_for,
    error_messages,
    json_refusal,
    page_for,
    status_of,
)


# /desk/gongren/2024-03-01/page/01/  → the page image and the hotspot editor
@desk_view
def page(request, paper: str, date: str, label: str):
    edition_obj = edition_for(request, paper, date)
    page_obj = get_object_or_404(edition_obj.pages, label=label)
    return render(request, "newsroom/page.html", page_context(request, edition_obj, page_obj))


def page_context(request, edition_obj, page_obj) -> dict:
    articles = list(page_obj.articles.order_by("order"))
    may_edit = roles.can(request.user, "edit", edition_obj.newspaper)
    pages = list(edition_obj.pages.order_by("order"))
    return {
        "paper": edition_obj.newspaper,
        "edition": edition_obj,
        "status": status_of(edition_obj),
        "page": page_obj,
        "pages": pages,
        "may_edit": may_edit,
        "machine_read": corrections.machine_text(page_obj) is not None,
        "articles": [_article_row(a) for a in articles],
        "image": {
            "url": serializers.media_url(page_obj.image.name),
            "width": page_obj.width,
            "height": page_obj.height,
            "alt": _("第%(label)s版版面图") % {"label": page_obj.label},
        },
        "editor_data": {
            "articles": [_editor_article(a) for a in articles],
            "place_page_url": reverse("newsroom:place_page", args=[page_obj.pk]),
        },
    }


def _article_row(article) -> dict:
    return {
        "id": article.pk,
        "title": serializers.article_title(article) or _("（无题）"),
        "machine_found": article.machine_found,
        "order": article.order,
    }


def _editor_article(article) -> dict:
    return {
        "id": article.pk,
        "title": serializers.article_title(article) or _("（无题）"),
        "polygons": article.hotspot if isinstance(article.hotspot, list) else [],
        "save_url": reverse("newsroom:hotspot", args=[article.pk]),
        "place_url": reverse("newsroom:place_article", args=[article.pk]),
    }


def _polygons(request):
    try:
        return json.loads(request.body or b"{}").get("polygons")
    except (ValueError, AttributeError):
        return None


# POST /desk/article/12/hotspot/  {"polygons": [[[x, y], ...], ...]}  → the saved polygons
@require_POST
@desk_view
def hotspot(request, article_id: int):
    article = article_for(request, article_id)
    polygons = _polygons(request)
    if not isinstance(polygons, list):
        return JsonResponse({"error": _("热区数据无效")}, status=400)
    try:
        saved = services.set_hotspot(request.user, article, polygons)
    except (PermissionDenied, ValidationError) as refusal:
        return json_refusal(refusal)
    return JsonResponse({"polygons": saved.hotspot})


# POST /desk/article/12/place/  → this article placed automatically again
@require_POST
@desk_view
def place_article(request, article_id: int):
    article = article_for(request, article_id)
    return _placed(request, article.page, article)


# POST /desk/page/3/place/  → every article of the page placed automatically again
@require_POST
@desk_view
def place_page(request, page_id: int):
    return _placed(request, page_for(request, page_id), None)


def _placed(request, page_obj, article):
    try:
        placed = services.place_again(request.user, page_obj, article)
    except (PermissionDenied, ValidationError) as refusal:
        return json_refusal(refusal)
    return JsonResponse({"articles": [{"id": str(a.pk), "polygons": a.hotspot} for a in placed]})


# /desk/page/3/text/  → the page's machine-read text beside its image, corrected line by line
@desk_view
def page_text(request, page_id: int):
    page_obj = page_for(request, page_id)
    base = corrections.editable(page_obj)
    if base is None:
        raise Http404("no machine-read text")
    lines = [line.text for line in base.text.lines]
    errors: list[str] = []
    if request.method == "POST":
        lines = request.POST.getlist("line")
        fingerprint = request.POST.get("fingerprint", "")
        try:
            services.correct_page_text(request.user, page_obj, lines, fingerprint=fingerprint)
        except PermissionDenied:
            errors = [_("你没有编辑这份报纸的权限")]
        except ValidationError as error:
            errors = [m for ms in error_messages(error).values() for m in ms]
        else:
            messages.success(request, _("本版文字校对已保存"))
            return redirect("newsroom:page_text", page_id=page_obj.pk)
    context = _text_context(request, page_obj, base, lines, errors)
    return render(request, "newsroom/page_text.html", context, status=400 if errors else 200)


def _text_context(request, page_obj, base, lines: list[str], errors: list[str]) -> dict:
    edition_obj = page_obj.edition
    correction = corrections.correction_of(page_obj)
    read = {line.box: line.text for line in base.machine.text.lines}  # what the machine read
    return {
        "paper": edition_obj.newspaper,
        "edition": edition_obj,
        "status": status_of(edition_obj),
        "page": page_obj,
        "may_edit": roles.can(request.user, "edit", edition_obj.newspaper),
        "image": {
            "url": serializers.media_url(page_obj.image.name),
            "width": page_obj.width,
            "height": page_obj.height,
            "alt": _("第%(label)s版版面图") % {"label": page_obj.label},
        },
        "scale": SCALE,
        "lines": [
            _text_line(n, line, text, base, read)
            for n, (line, text) in enumerate(zip(base.text.lines, lines, strict=False))
        ],
        "fingerprint": base.fingerprint,
        "machine": base.machine,
        "correction": correction,
        "errors": errors,
    }


def _text_line(n: int, line, text: str, base, read: dict) -> dict:
    """One line as the corrector shows it: its text, its box on the image, whether a
    person changed it, and what the machine read there (a corrected line keeps its box;
    after a re-OCR that cut the page otherwise, nothing is shown)."""
    x0, y0, x1, y1 = line.box
    original = read.get(line.box, "")
    return {
        "n": n + 1,
        "text": text,
        "original": original if n in base.corrected and original != line.text else "",
        "box": {"x": x0, "y": y0, "w": max(x1 - x0, 1), "h": max(y1 - y0, 1)},
        "corrected": n in base.corrected,
        "conf": None if line.conf is None else round(line.conf * 100),
    }
