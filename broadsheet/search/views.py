"""The reader's search page (内容搜索): ``/search/?q=…&paper=…&from=…&to=…&sort=…&page=…``.

Every parameter lives in the URL, so a result page can be shared. A query
that cannot be searched shows its message on the page, never an error page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from broadsheet.editions.serializers import newspaper_dict
from broadsheet.reader import services as reader
from broadsheet.reader.pagecache import cached_page

from . import indexing, service
from .params import SORT_ALIASES, SearchParams, from_mapping, relative_range
from .query import QueryError, strip_controls

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


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


# The periods offered as links and in the form; "" is no period.
RANGES = (
    ("year", gettext_lazy("今年")),
    ("30d", gettext_lazy("最近30天")),
    ("", gettext_lazy("不限")),
)


def _form(query: QueryDict) -> dict:
    """What the search form shows: every filter in force, so resubmitting keeps it.

    Taken from the URL rather than from the parsed parameters, so a page
    showing an error (a bad date) keeps the rest too. The date fields show only
    dates the reader gave: a ``range`` is kept as ``range`` (``今年`` stays this
    year tomorrow), and is not in force when ``from`` or ``to`` is given.
    """

    def value(key: str) -> str:
        return strip_controls(query.get(key, "")).strip()

    date_from, date_to, span = value("from"), value("to"), value("range")
    ranges: list[tuple[str, str | StrPromise]] = [RANGES[-1], *RANGES[:-1]]  # "不限" first
    if date_from or date_to or relative_range(span, timezone.localdate()) == (None, None):
        span = ""
    elif span not in dict(ranges):  # another number of days, e.g. 7d
        ranges.append((span, _("最近%(n)d天") % {"n": int(span[:-1])}))
    per_page = value("per_page")
    return {
        "paper": value("paper") or value("newspaper"),
        "date_from": date_from,
        "date_to": date_to,
        "range": span,
        "ranges": ranges,
        "page_label": value("page_label"),
        "sort": SORT_ALIASES.get(value("sort"), "relevance"),
        "per_page": per_page if per_page.isdigit() else "",
    }


def _index_caught_up() -> bool:
    """This host's index has every change of the log: a result page rendered now is not behind."""
    return not indexing.behind()


@cached_page(storable=_index_caught_up)
def results(request):
    query = request.GET
    context: dict[str, Any] = {
        "query": strip_controls(query.get("q", "")),
        "result": None,
        "error": "",
    }
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
    context["form"] = _form(query)
    context["all_papers_url"] = _url(query, paper=None)
    context["sort_urls"] = {s: _url(query, sort=s) for s in ("relevance", "newest", "oldest")}
    context["range_links"] = [
        (_url(query, range=span, **{"from": None, "to": None}), span, label)
        for span, label in RANGES
    ]
    return render(request, "search/results.html", context)
