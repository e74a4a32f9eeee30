"""The one JSON envelope for every machine-readable answer (API and ``.json`` twins).

- success: ``{"ok": true, "data": {...}}``
- failure: ``{"ok": false, "error": {"code": "...", "message": "..."}}`` with a 4xx status.

Pinned by ``tests/api/test_envelope.py`` and the search API tests in ``tests/search``.
"""

from __future__ import annotations

from django.http import JsonResponse

_DUMPS = {"ensure_ascii": False}


def ok(data: dict) -> JsonResponse:
    return JsonResponse({"ok": True, "data": data}, json_dumps_params=_DUMPS)


def error(code: str, message: str, status: int = 400) -> JsonResponse:
    body = {"ok": False, "error": {"code": code, "message": message}}
    return JsonResponse(body, status=status, json_dumps_params=_DUMPS)


def wants_json(request) -> bool:
    """Requests for the API or a ``.json`` twin get JSON errors, not the HTML 404 page."""
    return request.path.startswith("/api/") or request.path.endswith(".json")
