"""Versioned JSON API (``/api/v1/…``): the operations of ``api.routes`` and its docs page."""

from functools import wraps

from django.urls import include, path
from django.utils.translation import gettext as _

from . import docs
from .envelope import error
from .routes import api


def _answers_head_and_405_in_the_envelope(view):
    """HEAD is answered as GET (the server sends no body), as Django's own views do; a
    method no operation of the URL takes gets the envelope's 405 with its ``Allow``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
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
