"""The one ``NinjaAPI`` of ``/api/v1/``: the read API's and the write API's routers join it here.

Every answer and every error is the one envelope (``api.envelope``): ninja's own errors
(a path part or parameter its schema refuses, a 404 raised inside an operation) are turned
into it here. The OpenAPI 3.1 document is generated from the operations and
``api.schemas`` at ``/api/v1/openapi.json``; ``/api/v1/docs`` renders it (``api.docs``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as FieldErrors
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from . import read, write
from .envelope import error

api = NinjaAPI(
    title="Broadsheet API",
    version="1",
    description=(
        "The API of Broadsheet. Reading (no key): newspapers, their calendar, editions, "
        "pages, articles and search; nothing unpublished is ever listed or served. Writing "
        "(a print system's token, `Authorization: Bearer bst_…`, made with `broadsheet token`): "
        "upload an edition, follow its ingest, publish or schedule it. Every answer is "
        '`{"ok": true, "data": …}` or `{"ok": false, "error": {"code", "message"}}`.'
    ),
    urls_namespace="api",
    docs_url=None,  # /api/v1/docs is api.docs: a page without scripts, under the site's CSP
)
api.add_router("", read.router)
api.add_router("", write.router)


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


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return error("unauthorized", "a valid API token is required", status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error("forbidden", str(exc) or "not allowed", status=403)


@api.exception_handler(FieldErrors)
def invalid(request, exc):
    """A service refused a value (``newsroom.services``): each field and why."""
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    message = "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in fields.items())
    return error("invalid", message, status=400)
