"""The read API: newspapers, the calendar, editions, pages, articles and search.

Thin operations over ``reader.services`` (the visibility rule: nothing unpublished is
listed or served) and ``reader.documents`` (the same documents the reader's pages and
their ``.json`` twins are made from). Every answer is the one envelope
(``api.envelope``); ``api.schemas`` describes it for the OpenAPI document.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from broadsheet.editions import serializers
from broadsheet.editions.validate import LABEL_PATTERN, SLUG_PATTERN
from broadsheet.reader import documents, services
from broadsheet.search import service
from broadsheet.search.params import MAX_PAGE, from_mapping
from broadsheet.search.query import QueryError

from . import freshness, schemas
from .envelope import error, ok

router = Router()

PER_PAGE, MAX_PER_PAGE = 50, 500
Paper = Path(..., pattern=f"^{SLUG_PATTERN}$", description="Newspaper slug", examples=["rmrb"])
Date = Path(..., pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", examples=["1998-01-15"])
Label = Path(..., pattern=f"^{LABEL_PATTERN}$", description="Printed page label: 01, A01")
Year = Path(..., ge=1, le=9999)


@router.get("newspapers", response=schemas.responses(schemas.NewspaperList), url_name="newspapers")
@decorate_view(freshness.of_site())
def newspapers(request):
    """Every newspaper with a public edition, in the 报刊 selector's order."""
    found = (documents.newspaper_document(p) for p in services.newspapers())
    return ok({"newspapers": [paper for paper in found if paper is not None]})


@router.get("newspapers/{paper}", response=schemas.responses(schemas.Newspaper), url_name="paper")
@decorate_view(freshness.of_newspaper())
def newspaper(request, paper: str = Paper):
    """A newspaper: its first and latest edition and the years of its archive."""
    found = documents.newspaper_document(services.get_newspaper(paper))
    if found is None:
        raise Http404("no edition to show")
    return ok(found)


@router.get(
    "newspapers/{paper}/editions",
    response=schemas.responses(schemas.EditionList),
    url_name="editions",
)
@decorate_view(freshness.of_newspaper())
def editions(
    request,
    paper: str = Paper,
    page: int = Query(1, ge=1, le=1_000_000),
    per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
):
    """Every public edition of the newspaper, newest first, a page at a time (with links)."""
    paper_obj = services.get_newspaper(paper)
    found = documents.newest_editions(paper_obj)
    total = found.count()
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise Http404("past the last page")
    start = (page - 1) * per_page
    return ok(
        {
            "newspaper": serializers.newspaper_dict(paper_obj),
            "total": total,
            "page": page,
            "pages": pages,
            "per_page": per_page,
            "editions": [serializers.edition_dict(e) for e in found[start : start + per_page]],
            "links": _links(request, page, pages),
        }
    )


def _links(request, page: int, last: int) -> dict:
    """self/first/last/prev/next of a paged list: this URL with another ``page``."""

    def at(n: int) -> str:
        query = request.GET.copy()
        query["page"] = str(n)
        return f"{request.path}?{query.urlencode()}"

    return {
        "self": at(page),
        "first": at(1),
        "last": at(last),
        "prev": at(min(page - 1, last)) if page > 1 else None,
        "next": at(page + 1) if page < last else None,
    }


@router.get(
    "newspapers/{paper}/calendar/{year}",
    response=schemas.responses(schemas.YearDocument),
    url_name="year",
)
@decorate_view(freshness.of_newspaper())
def year(request, paper: str = Paper, year: int = Year):
    """A year of the calendar (往期): its months with editions, and their editions."""
    return ok(documents.year_document(services.get_newspaper(paper), year))


@router.get(
    "newspapers/{paper}/calendar/{year}/{month}",
    response=schemas.responses(schemas.MonthDocument),
    url_name="month",
)
@decorate_view(freshness.of_newspaper())
def month(request, paper: str = Paper, year: int = Year, month: int = Path(..., ge=1, le=12)):
    """A month of the calendar; the same document as ``/<paper>/archive/YYYY-MM.json``."""
    paper_obj = services.get_newspaper(paper)
    found = services.archive_month(paper_obj, f"{year:04d}-{month:02d}")
    return ok(documents.month_document(paper_obj, *found))


@router.get(
    "newspapers/{paper}/editions/{date}",
    response=schemas.responses(schemas.EditionDocument),
    url_name="edition",
)
@decorate_view(freshness.of_newspaper())
def edition(request, paper: str = Paper, date: str = Date):
    """An edition with its pages; the same document as ``/<paper>/<date>.json``."""
    edition_obj = services.get_edition(paper, date)
    return ok(documents.edition_document(edition_obj, services.pages_of(edition_obj)))


@router.get(
    "newspapers/{paper}/editions/{date}/pages/{label}",
    response=schemas.responses(schemas.PageDocument),
    url_name="page",
)
@decorate_view(freshness.of_newspaper())
def page(request, paper: str = Paper, date: str = Date, label: str = Label):
    """A page with its articles, hotspots, image, thumbnail and PDF; as ``…/<page>.json``."""
    edition_obj = services.get_edition(paper, date)
    pages = services.pages_of(edition_obj)
    return ok(documents.page_document(edition_obj, pages, services.find_page(pages, label)))


@router.get(
    "newspapers/{paper}/editions/{date}/pages/{label}/articles/{order}",
    response=schemas.responses(schemas.Article),
    url_name="article",
)
@decorate_view(freshness.of_newspaper())
def article(
    request,
    paper: str = Paper,
    date: str = Date,
    label: str = Label,
    order: int = Path(..., ge=1, le=999_999),
):
    """An article with every field and body block; as ``…/<page>/<n>.json``."""
    edition_obj = services.get_edition(paper, date)
    page_obj = services.find_page(services.pages_of(edition_obj), label)
    articles = services.articles_of(page_obj)
    current = next((a for a in articles if a.order == order), None)
    if current is None:
        raise Http404("no such article")
    return ok(documents.article_document(edition_obj, page_obj, current, articles))


@router.get("search", response=schemas.responses(schemas.SearchResults), url_name="search")
def search(
    request,
    q: str = Query("", description='Words (all must appear), "phrases", OR, -excluded'),
    paper: str = Query("", description="Newspaper slug"),
    newspaper: str = Query("", description="The same as `paper` (the CLI's name); `paper` wins"),
    date_from: str = Query("", alias="from", description="YYYY-MM-DD, inclusive"),
    date_to: str = Query("", alias="to", description="YYYY-MM-DD, inclusive"),
    range: str = Query("", description="`year` or `Nd` when from/to are absent"),
    page_label: str = Query("", description="Only this page: 01, A01"),
    sort: str = Query("relevance", description="relevance, newest (date), oldest (date-asc)"),
    page: str = Query("1", description="Result page, from 1"),
    per_page: str = Query("", description="Hits per result page"),
):
    """Full-text search of every public article; the search page's parameters and results.

    The declared parameters document the query; they are read, as before, by the search
    page's own parser (``search.params.from_mapping``), so both doors agree. A query it
    cannot use (only punctuation, only exclusions) is a 400 with the code ``bad_query``
    and a message for the reader.
    """
    try:
        found = service.search(from_mapping(request.GET))
    except QueryError as exc:
        return error("bad_query", exc.message)
    last = min(found.pages, MAX_PAGE)  # the parser reads no page past MAX_PAGE
    return ok({**found.as_dict(), "links": _links(request, found.params.page, last)})
