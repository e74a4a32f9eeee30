"""The documents a reader page is rendered from, and its ``.json`` twin and the API return.

Each is assembled here once from ``editions.serializers`` (the one serialisation), so the
HTML page, its ``.json`` twin and ``/api/v1/…`` can never disagree. Callers resolve the
edition, page and article through ``reader.services`` (the visibility rule) first.
"""

from __future__ import annotations

from django.http import Http404

from broadsheet.editions import serializers, urls
from broadsheet.editions.models import Article, Edition, Newspaper, Page

from . import services


def edition_document(edition: Edition, pages: list[Page]) -> dict:
    """An edition with its pages (版面), its 全版PDF and 上一期 / 下一期."""
    before, after = services.edition_neighbours(edition)
    return {
        "edition": serializers.edition_dict(edition),
        "pages": [serializers.page_summary(p, edition) for p in pages],
        "edition_pdf": serializers.edition_pdf(edition, pages),
        "prev_edition": serializers.edition_dict(before) if before else None,
        "next_edition": serializers.edition_dict(after) if after else None,
    }


def page_document(edition: Edition, pages: list[Page], page: Page) -> dict:
    """A page with its 标题导航 (articles and hotspots), its neighbours and its edition."""
    around = edition_document(edition, pages)
    prev_page, next_page = services.neighbours(pages, page)
    articles = title_list(page, edition)
    return {
        "edition": around["edition"],
        "page": serializers.page_summary(page, edition),
        "pages": around["pages"],
        "articles": articles,
        "machine_text": services.machine_text(page, articles),
        "edition_pdf": around["edition_pdf"],
        "prev_page": serializers.page_summary(prev_page, edition) if prev_page else None,
        "next_page": serializers.page_summary(next_page, edition) if next_page else None,
        "prev_edition": around["prev_edition"],
        "next_edition": around["next_edition"],
    }


def title_list(page: Page, edition: Edition, articles: list | None = None) -> list[dict]:
    """The page's 标题导航: its own articles, then those continued from other pages.

    ``articles``: the page's own, when the caller has read them already (one query
    and its prefetch fewer; an article page read them twice before).
    """
    articles = services.articles_of(page) if articles is None else articles
    own = [serializers.article_summary(a, page, edition) for a in articles]
    jumped = [serializers.continuation_summary(j, edition) for j in services.jumps_into(page)]
    return own + jumped


def article_document(edition: Edition, page: Page, article: Article, articles: list) -> dict:
    """An article with every field and body block, and the articles beside it on its page."""
    data = serializers.article_dict(article, page, edition)
    before, after = services.neighbours(articles, article)
    data["prev"] = serializers.article_summary(before, page, edition) if before else None
    data["next"] = serializers.article_summary(after, page, edition) if after else None
    return data


def month_document(paper: Newspaper, year: int, month: int) -> dict:
    """A month of the archive (往期): its public editions and the calendar's arrows."""
    editions = services.public_editions().filter(
        newspaper=paper, date__year=year, date__month=month
    )
    grid = services.calendar_month(paper, year, month, None)
    return {
        "newspaper": serializers.newspaper_dict(paper),
        "year": year,
        "month": month,
        "url": grid["url"],
        "editions": [serializers.edition_dict(e) for e in editions.order_by("date")],
        **{key: grid[key] or None for key in MONTH_LINKS},
    }


MONTH_LINKS = ("prev_month", "next_month", "prev_year", "next_year")


def newspaper_document(paper: Newspaper) -> dict | None:
    """A newspaper with the span of its archive: where a calendar starts and ends.

    None when none of its editions can be shown (only rows outside the calendar)."""
    editions = services.public_editions().filter(newspaper=paper)
    first, latest = editions.order_by("date").first(), editions.order_by("-date").first()
    if first is None or latest is None:
        return None
    years = editions.dates("date", "year")
    return {
        **serializers.newspaper_dict(paper),
        "publisher": paper.publisher.name,
        "first_edition": first.date.isoformat(),
        "latest_edition": serializers.edition_dict(latest),
        "years": [d.year for d in years],
    }


def year_document(paper: Newspaper, year: int) -> dict:
    """A year of the calendar: each month with a public edition, and its editions."""
    editions = services.public_editions().filter(newspaper=paper, date__year=year)
    months: dict[int, list[dict]] = {}
    for edition in editions.order_by("date"):
        months.setdefault(edition.date.month, []).append(serializers.edition_dict(edition))
    if not months:
        raise Http404("no public edition that year")
    return {
        "newspaper": serializers.newspaper_dict(paper),
        "year": year,
        "months": [
            {"month": m, "url": urls.month_url(paper.slug, year, m), "editions": found}
            for m, found in months.items()
        ],
    }


def newest_editions(paper: Newspaper):
    """Every public edition of the newspaper, newest first (a list the API pages through)."""
    return services.public_editions().filter(newspaper=paper).order_by("-date")
