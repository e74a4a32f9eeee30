"""Versioned JSON API (``/api/v1/…``): the operations of ``api.routes`` and its docs page."""

import re
from functools import cache, wraps

from django.urls import include, path
from django.utils.translation import gettext as _

from . import docs
from .envelope import error
from .routes import api

_PLACEHOLDER = re.compile(r"\{[^}]*\}|<[^>]*>")


@cache
def _query_names() -> dict[str, frozenset[str]]:
    """Each operation's query parameters, by its path with placeholders as ``*``."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    names = {}
    for template, operations in document["paths"].items():
        params = [p for op in operations.values() for p in op.get("parameters", [])]
        key = _PLACEHOLDER.sub("*", template.removeprefix("/api/"))
        taken = frozenset(p["name"] for p in params if p["in"] == "query")
        names[key] = taken
    return names


def _unknown_query(request) -> list[str]:
    """Query parameters the operation does not take (a typo like ``per_pag`` would
    otherwise be ignored without a word, and the caller would get page 1 of 20)."""
    match = request.resolver_match
    route = match.route.removeprefix("api/") if match else ""
    allowed = _query_names().get(_PLACEHOLDER.sub("*", route))
    if allowed is None:
        return []
    return sorted(name for name in request.GET if name not in allowed)


def _answers_head_and_405_in_the_envelope(view):
    """HEAD is answered as GET (the server sends no body), as Django's own views do; a
    method no operation of the URL takes gets the envelope's 405 with its ``Allow``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        unknown = _unknown_query(request)
        if unknown:
            names = ", ".join(repr(n[:40]) for n in unknown[:5])
            return error("bad_request", _("未知的查询参数：%(names)s") % {"names": names})
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD" if head else request.method
        if response.status_code != 405:
            return response
        refused = error("method_not_allowed", _("不支持该请求方法"), status=405)
        refused["Allow"] = response.get("Allow", "")
        return refused

    return wrapper


def _operations() -> list:
    patterns = api.urls[0]
    for pattern in patterns:
        pattern.callback = _answers_head_and_405_in_the_envelope(pattern.callback)
    return patterns


app_name = "api"
urlpatterns = [
    # /api/v1/docs: the OpenAPI document as a page
    path("v1/docs", docs.page, name="docs"),
    # /api/v1/openapi.json, /api/v1/newspapers, /api/v1/search?q=香港&paper=rmrb …
    path("v1/", include(_operations())),
]
