"""The reader's search page (内容搜索): ``/search/?q=…&paper=…&from=…&to=…&sort=…&page=…``.

Every parameter lives in the URL, so a result page can be shared. A query
that cannot be searched shows its message on the page, never an error page.
"""

from __future__ import annotations

from django.http import QueryDict
from django.shortcuts import render

from broadsheet.editions.serializers import newspaper_dict
from broadsheet.reader import services as reader

from . import service
from .params import SearchParams, from_mapping
from .query import QueryError, strip_controls


def _url(query: QueryDict, **changes) -> str:
    """This page's URL with some parameters changed (``None`` removes one)."""
    params = query.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + params.urlencode()


def _frame(params: SearchParams | None) -> dict:
    papers = reader.newspapers()
    current = next((p for p in papers if params and p.slug == params.newspaper), None)
    framing = current or reader.default_newspaper()
    return {
        "newspapers": [newspaper_dict(p) for p in papers],
        "current_newspaper": newspaper_dict(current) if current else None,
        "publisher": framing.publisher if framing else None,
    }


def _links(query: QueryDict, result: service.SearchPage) -> None:
    """Give every facet, bar and pager entry the URL that applies it."""
    for row in result.newspapers:
        row["url"] = _url(query, paper=row["slug"])
    for bar in result.histogram:
        bar["url"] = _url(query, range=None, **{"from": bar["from"], "to": bar["to"]})
    page = result.params.page
    result.previous_url = _url(query, page=page - 1) if page > 1 else ""
    result.next_url = _url(query, page=page + 1) if page < result.pages else ""


def results(request):
    query = request.GET
    context = {"query": strip_controls(query.get("q", "")), "result": None, "error": ""}
    params = None
    try:
        params = from_mapping(query, facets=True)
        if params.q.strip():
            context["result"] = service.search(params)
            _links(query, context["result"])
    except QueryError as exc:
        context["error"] = exc.message
    context.update(_frame(params))
    context["params"] = params
    context["all_papers_url"] = _url(query, paper=None)
    context["sort_urls"] = {s: _url(query, sort=s) for s in ("relevance", "newest", "oldest")}
    spans = {"all": "", "year": "year", "days30": "30d"}
    context["range_urls"] = {
        key: _url(query, range=span, **{"from": None, "to": None}) for key, span in spans.items()
    }
    return render(request, "search/results.html", context)
