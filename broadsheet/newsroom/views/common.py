"""What every desk screen shares: the login gate, role checks that answer 404, the labels
editors see, and JSON answers for the editors' scripts.

Roles are enforced by ``newsroom.services`` for every change; these checks only keep a
screen from showing what the user may not read. A newspaper, edition or article the user
may not view is answered like one that does not exist (404), so the desk does not tell an
editor of one paper which editions another paper has.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.newsroom import roles
from broadsheet.reader import preview

LOGIN_URL = "newsroom:login"
STATUS_LABELS = {
    "draft": _("草稿"),
    "scheduled": _("定时发布"),
    "published": _("已发布"),
    "withdrawn": _("已撤回"),
}


def desk_view(view):
    """A desk screen: logged in (else the desk's login page), never cached."""

    @functools.wraps(view)
    @login_required(login_url=LOGIN_URL)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


def visible(user, paper: Newspaper, action: str = "view") -> Newspaper:
    """``paper`` when ``user`` may do ``action`` on it; else 404 (not 403: see above)."""
    if not roles.can(user, action, paper):
        raise Http404("no such newspaper")
    return paper


def newspaper_for(user, slug: str) -> Newspaper:
    return visible(user, get_object_or_404(Newspaper, slug=slug))


def edition_for(request, slug: str, date: str) -> Edition:
    """The edition, which the user may view; its files then open for this session."""
    paper = newspaper_for(request.user, slug)
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise Http404("bad date") from exc
    edition = get_object_or_404(
        Edition.objects.select_related("newspaper"), newspaper=paper, date=day
    )
    preview.grant(request, edition)
    return edition


def page_for(request, page_id: int) -> Page:
    page = get_object_or_404(Page.objects.select_related("edition__newspaper"), pk=page_id)
    visible(request.user, page.edition.newspaper)
    return page


def article_for(request, article_id: int) -> Article:
    """The article, which the user may view; its edition's files open for this session
    (the pictures of its body blocks)."""
    query = Article.objects.select_related("page__edition__newspaper")
    article = get_object_or_404(query, pk=article_id)
    visible(request.user, article.page.edition.newspaper)
    preview.grant(request, article.page.edition)
    return article


def status_of(edition: Edition | Article) -> dict:
    """The state of an edition (or of one article) as the desk shows it: badge key, label."""
    key = edition.status
    if key == "scheduled" and edition.publish_at and edition.publish_at <= timezone.now():
        return {"key": "published", "label": _("已发布（定时已到）")}
    return {"key": key, "label": STATUS_LABELS.get(key, key)}


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A ``ValidationError`` as field -> messages (``__all__`` for the rest)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def json_refusal(error: Exception) -> JsonResponse:
    """What the editors' scripts get when a service refuses: the reason, in words."""
    if isinstance(error, PermissionDenied):
        return JsonResponse({"error": str(_("你没有权限做这件事"))}, status=403)
    messages = error_messages(error)  # type: ignore[arg-type]
    flat = "；".join(m for ms in messages.values() for m in ms)
    return JsonResponse({"error": flat, "errors": messages}, status=400)
