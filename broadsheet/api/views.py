"""Versioned JSON API; every answer uses the envelope in ``envelope``."""

from __future__ import annotations

from broadsheet.search import service
from broadsheet.search.params import from_mapping
from broadsheet.search.query import QueryError

from .envelope import error, ok


def search(request):
    """``/api/v1/search?q=…`` with the search page's parameters; the same results as the CLI."""
    try:
        params = from_mapping(request.GET)
        return ok(service.search(params).as_dict())
    except QueryError as exc:
        return error("bad_query", exc.message)
