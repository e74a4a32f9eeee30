"""Versioned JSON API. One envelope for every answer, pinned by ``tests/search/test_api.py``:

- success: ``{"ok": true, "data": {...}}``
- failure: ``{"ok": false, "error": {"code": "...", "message": "..."}}`` with a 4xx status.
"""

from __future__ import annotations

from django.http import JsonResponse

from broadsheet.search import service
from broadsheet.search.params import from_mapping
from broadsheet.search.query import QueryError


def ok(data: dict) -> JsonResponse:
    return JsonResponse({"ok": True, "data": data}, json_dumps_params={"ensure_ascii": False})


def error(code: str, message: str, status: int = 400) -> JsonResponse:
    body = {"ok": False, "error": {"code": code, "message": message}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def search(request):
    """``/api/v1/search?q=…`` with the search page's parameters; the same results as the CLI."""
    try:
        params = from_mapping(request.GET)
        return ok(service.search(params).as_dict())
    except QueryError as exc:
        return error("bad_query", exc.message)
