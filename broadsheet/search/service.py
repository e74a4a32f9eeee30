"""The search service: the one way in for the web page, the API and the CLI.

``search(params)`` parses the query, asks the configured backend, re-checks
the hits against the visibility rule and builds the results the reader sees
(headline and snippet with ``<mark>``, facets, the per-year bar chart).
Index maintenance (``apply_outbox``, ``reindex``, ``check``) lives in
``indexing`` and is re-exported here; each app process follows the change
log in the background (``follow``), so every host's index keeps in step.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from broadsheet.editions import validate
from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.editions.serializers import article_title
from broadsheet.editions.urls import article_url, page_url
from broadsheet.editions.visibility import article_public_q, public_q
from broadsheet.pages.models import PageText
from broadsheet.pages.reading import page_only_q

from . import highlight
from .backends import get_backend
from .backends.base import ARTICLE, PAGE, BackendResult, SearchRequest, split_key
from .documents import body_text, headline_text, page_text
from .indexing import apply_outbox, check, hidden_from, reindex
from .models import SearchChange
from .params import SearchParams
from .query import ParsedQuery, QueryError, parse

MAX_BARS = 60  # the year chart's most bars
BAR_SPANS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)  # years per bar

__all__ = ["QueryError", "SearchPage", "apply_outbox", "check", "reindex", "search"]


@dataclass
class Hit:
    """One result: an article, or a page without articles (``kind`` "page", whose ``url``
    opens the page with the query boxed, ``?hl=``)."""

    newspaper: str
    newspaper_name: str
    date: dt.date
    page: str
    headline: str
    headline_html: SafeString
    snippet: SafeString
    url: str
    page_url: str = ""  # the page it is printed on; ?hl=<query> boxes the hits there
    kind: str = ARTICLE
    # A page read by machine (ALTO, OCR): {"source", "confidence" (percent or None)}.
    machine_read: dict | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "newspaper": self.newspaper,
            "newspaper_name": self.newspaper_name,
            "date": self.date.isoformat(),
            "page": self.page,
            "headline": self.headline,
            "headline_html": str(self.headline_html),
            "url": self.url,
            "page_url": self.page_url,
            "snippet": str(self.snippet),
            "machine_read": self.machine_read,
        }


@dataclass
class SearchPage:
    params: SearchParams
    total: int
    hits: list[Hit]
    newspapers: list[dict] = field(default_factory=list)
    histogram: list[dict] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "page": self.params.page,
            "pages": self.pages,
            "hits": [h.as_dict() for h in self.hits],
        }


def search(params: SearchParams, now: dt.datetime | None = None) -> SearchPage:
    """Run one search; raises ``QueryError`` (with a reader-facing message) for a bad query."""
    query = parse(params.q)
    moment = now or dt.datetime.now(dt.UTC)
    request = _request(params, query, int(moment.timestamp()), hidden_editions(moment))
    result = get_backend().search(request)
    hits = _hits(result, query, params.q, moment)
    page = SearchPage(params, result.total, hits)
    if params.facets:
        page.newspapers = _newspaper_facets(result)
        page.histogram = _histogram(result, params)
    return page


def hidden_editions(now: dt.datetime) -> frozenset[int]:
    """Editions the index may still show but the public may not see: not public now, and
    with a change in the log beyond this index's ``cursor`` (withdrawn while a reindex
    held the index, or while this host was down).

    One query on the log's rows past the cursor, which are none or few except
    during a bulk load or while a host that was down catches up.
    """
    pending = SearchChange.objects.filter(id__gt=hidden_from()).values("edition_id")
    public = Edition.objects.filter(public_q(now=now), id__in=pending).values("id")
    hidden = pending.exclude(edition_id__in=public).values_list("edition_id", flat=True)
    return frozenset(hidden.distinct())


def _request(params: SearchParams, query: ParsedQuery, now: int, hidden) -> SearchRequest:
    return SearchRequest(
        query=query,
        now=now,
        newspaper=params.newspaper,
        date_from=params.date_from,
        date_to=params.date_to,
        page_label=params.page_label,
        sort=params.sort,
        offset=params.offset,
        limit=params.per_page,
        facets=params.facets,
        hidden_editions=hidden,
    )


def _hits(result: BackendResult, query: ParsedQuery, text: str, now: dt.datetime) -> list[Hit]:
    """The backend's documents as results, in its order, only if the database says they are
    public (and a page still has no articles)."""
    keys = [split_key(h.key) for h in result.hits]
    phrases = tuple(query.highlight_phrases())
    found = {(ARTICLE, a.id): _hit(a, phrases) for a in _public_articles(keys, now)}
    found |= {(PAGE, p.id): _page_hit(p, phrases, text) for p in _public_pages(keys, now)}
    return [found[k] for k in keys if k in found]


def _public_articles(keys: list[tuple[str, int]], now: dt.datetime) -> list[Article]:
    ids = [i for kind, i in keys if kind == ARTICLE]
    if not ids:
        return []
    articles = Article.objects.filter(article_public_q(now=now), id__in=ids)
    return [a for a in articles.select_related("page__edition__newspaper") if _routable(a)]


def _public_pages(keys: list[tuple[str, int]], now: dt.datetime) -> list[Page]:
    ids = [i for kind, i in keys if kind == PAGE]
    if not ids:
        return []
    pages = Page.objects.filter(public_q("edition__", now), page_only_q(), id__in=ids)
    found = pages.select_related("edition__newspaper", "text_layer")
    return [p for p in found if _page_routable(p)]


def _routable(article: Article) -> bool:
    edition = article.page.edition
    return validate.routable(
        edition.newspaper.slug, edition.date, article.page.label, article.order
    )


def _page_routable(page: Page) -> bool:
    edition = page.edition
    return validate.routable(edition.newspaper.slug, edition.date, page.label, 1)


def _page_hit(page: Page, phrases, text: str) -> Hit:
    """A page without articles as a result: named by its label, its text's snippet, and a
    link that opens it with the query boxed on the image."""
    edition = page.edition
    title = _("第%(label)s版") % {"label": page.label}
    title = f"{title} {page.name}" if page.name else title
    url = page_url(edition.newspaper.slug, edition.date, page.label)
    return Hit(
        newspaper=edition.newspaper.slug,
        newspaper_name=edition.newspaper.name,
        date=edition.date,
        page=page.label,
        headline=title,
        headline_html=escape(title),
        snippet=highlight.snippet(page_text(page), phrases),
        url=f"{url}?{urlencode({'hl': text})}",
        page_url=url,
        kind=PAGE,
        machine_read=machine_read(page.text_layer),
    )


def machine_read(layer: PageText) -> dict | None:
    """How a page's text was read, for a reader's warning: None for a PDF's own text."""
    if layer.source == PageText.Source.PDF:
        return None
    confidence = None if layer.confidence is None else round(layer.confidence * 100)
    return {"source": layer.source, "confidence": confidence}


def _hit(article: Article, phrases) -> Hit:
    edition = article.page.edition
    # ``headline`` is the 主标题 (or a stand-in for untitled items); the marked-up
    # line also shows 引题 and 副标题, since a match may lie there.
    title = article_title(article)
    full = headline_text(article.kicker, article.headline, article.subheadline) or title
    body = body_text(article.byline, article.body)
    return Hit(
        newspaper=edition.newspaper.slug,
        newspaper_name=edition.newspaper.name,
        date=edition.date,
        page=article.page.label,
        headline=title,
        headline_html=highlight.mark_all(full.replace("\n", " "), phrases),
        snippet=highlight.snippet(body, phrases),
        url=article_url(article),
        page_url=page_url(edition.newspaper.slug, edition.date, article.page.label),
    )


def _newspaper_facets(result: BackendResult) -> list[dict]:
    names = dict(Newspaper.objects.filter(slug__in=result.by_newspaper).values_list("slug", "name"))
    rows = [
        {"slug": slug, "name": names.get(slug, slug), "count": count}
        for slug, count in result.by_newspaper.items()
    ]
    return sorted(rows, key=lambda r: (-r["count"], r["slug"]))


def _histogram(result: BackendResult, params: SearchParams) -> list[dict]:
    """Bars per year, or per month when the dates or the hits lie within one year.

    Each bar is a filter (its dates become the search's from/to)."""
    low, high = params.date_from, params.date_to
    if low and high and low.year == high.year:
        bars = [_month_bar(low.year, m, result.by_month.get(low.year * 100 + m, 0)) for m in
                range(low.month, high.month + 1)]  # fmt: skip
    elif len(result.by_year) == 1:  # every hit in one year: one bar would say nothing
        (year,) = result.by_year
        bars = [_month_bar(year, m, result.by_month.get(year * 100 + m, 0)) for m in range(1, 13)]
    elif result.by_year:
        bars = _year_bars(result.by_year)
    else:
        bars = []
    tallest = max((b["count"] for b in bars), default=0) or 1
    for bar in bars:
        bar["percent"] = round(100 * bar["count"] / tallest)
    return bars


def _year_bars(by_year: dict[int, int]) -> list[dict]:
    """One bar per year, or per span of years when that would draw more than ``MAX_BARS``.

    Hits in years 1 and 9999 drew 9,999 bars (a 2 MB page); spans are round
    (2, 5, 10, 20, 50 … years) and start at a multiple of their length.
    """
    low, high = min(by_year), max(by_year)
    span = next(s for s in BAR_SPANS if high // s - low // s < MAX_BARS)
    counts: dict[int, int] = {}
    for year, count in by_year.items():
        counts[year // span] = counts.get(year // span, 0) + count
    return [
        _year_bar(k * span, span, counts.get(k, 0)) for k in range(low // span, high // span + 1)
    ]


def _year_bar(start: int, span: int, count: int) -> dict:
    first, last = max(start, dt.MINYEAR), min(start + span - 1, dt.MAXYEAR)
    return {
        "label": str(first) if first == last else f"{first}–{last}",
        "count": count,
        "from": dt.date(first, 1, 1),
        "to": dt.date(last, 12, 31),
    }


def _month_bar(year: int, month: int, count: int) -> dict:
    last = calendar.monthrange(year, month)[1]
    return {
        "label": _("%(month)d月") % {"month": month},
        "count": count,
        "from": dt.date(year, month, 1),
        "to": dt.date(year, month, last),
    }


def timed_search(params: SearchParams) -> tuple[SearchPage, float]:
    """``search`` and the seconds it took (shown on the page and in the CLI)."""
    start = time.perf_counter()
    page = search(params)
    return page, time.perf_counter() - start
