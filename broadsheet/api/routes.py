"""The one ``NinjaAPI`` of ``/api/v1/``: routers join it here (the read API; later others).

Every answer and every error is the one envelope (``api.envelope``): ninja's own errors
(a path part or parameter its schema refuses, a 404 raised inside an operation) are turned
into it here. The OpenAPI 3.1 document is generated from the operations and
``api.schemas`` at ``/api/v1/openapi.json``; ``/api/v1/docs`` renders it (``api.docs``).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from . import read
from .envelope import error

api = NinjaAPI(
    title="Broadsheet API",
    version="1",
    description=(
        "The read API of Broadsheet: newspapers, their calendar, editions, pages, articles "
        'and search. Every answer is `{"ok": true, "data": …}` or '
        '`{"ok": false, "error": {"code", "message"}}`. Nothing unpublished is ever listed '
        "or served."
    ),
    urls_namespace="api",
    docs_url=None,  # /api/v1/docs is api.docs: a page without scripts, under the site's CSP
)
api.add_router("", read.router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error("not_found", _("页面不存在"), status=404)


@api.exception_handler(ValidationError)
def bad_request(request, exc):
    """A value the document forbids: named by where it is (``path.date``) and why."""
    parts = []
    for problem in exc.errors:
        where = ".".join(str(x) for x in problem.get("loc", ()))
        parts.append(f"{where}: {problem.get('msg', '')}".strip())
    return error("bad_request", "; ".join(parts) or _("请求有误"), status=400)
