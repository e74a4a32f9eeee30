"""What the reader views need, read through the one visibility rule.

Views stay thin: they resolve URL parts with these functions (which raise
``Http404`` for anything missing or unpublished) and hand the serialised
result to a template or to the JSON twin.

Rows the reader cannot route (a slug, page label, date or article order that
``editions.validate`` refuses, written by an old version or by hand) are left
out here, as if absent: every door refuses them, and one such row must never
turn the home page, other newspapers or the 404 page into errors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Max, Min, Prefetch
from django.http import Http404
from django.utils import timezone

from broadsheet.editions import urls, validate
from broadsheet.editions.models import Article, ArticleJump, Edition, Newspaper, Page
from broadsheet.editions.visibility import article_public_q, own_q, public_q
from broadsheet.pages import corrections
from broadsheet.pages.reading import page_only_q
from broadsheet.pages.textlayer import SCALE
from broadsheet.search.hits import page_hits
from broadsheet.search.query import MAX_QUERY_CHARS, strip_controls

from .pagecache import per_state, serving

# A month grid spans the weeks around the month, so the first and last
# representable years cannot be shown.
FIRST_YEAR, LAST_YEAR = dt.MINYEAR + 1, dt.MAXYEAR - 1


def public_editions():
    dates = (validate.FIRST_DATE, validate.LAST_DATE)
    return Edition.objects.public().filter(date__range=dates).select_related("newspaper__publisher")


def newspapers() -> list[Newspaper]:
    """Newspapers with at least one public edition, for the 报刊 selector."""
    return per_state("newspapers", _newspapers)


def _newspapers() -> list[Newspaper]:
    papers = (
        Newspaper.objects.filter(public_q("editions__"))
        .distinct()
        .select_related("publisher")
        .order_by("order", "slug")
    )
    return [p for p in papers if validate.slug_problem(p.slug) is None]


def default_newspaper() -> Newspaper | None:
    papers = newspapers()
    return next((p for p in papers if p.is_default), papers[0] if papers else None)


def get_newspaper(slug: str) -> Newspaper:
    """A newspaper the public may see: one with at least one public edition."""
    paper = next((p for p in newspapers() if p.slug == slug), None)
    if paper is None:
        raise Http404("no such newspaper")
    return paper


def latest_edition(paper: Newspaper) -> Edition | None:
    return public_editions().filter(newspaper=paper).order_by("-date").first()


def edition_neighbours(edition: Edition) -> tuple[Edition | None, Edition | None]:
    """The public editions just before and after this one (上一期 / 下一期)."""
    return per_state(f"neighbours:{edition.pk}", lambda: _edition_neighbours(edition))


def _edition_neighbours(edition: Edition) -> tuple[Edition | None, Edition | None]:
    same_paper = public_editions().filter(newspaper_id=edition.newspaper_id)
    before = same_paper.filter(date__lt=edition.date).order_by("-date").first()
    after = same_paper.filter(date__gt=edition.date).order_by("date").first()
    return before, after


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404("bad date") from exc


def get_edition(slug: str, date: str) -> Edition:
    day = parse_date(date)
    listed = next((p for p in newspapers() if p.slug == slug), None) if serving() else None
    if listed is not None:
        edition = _served_edition(listed, day)
    else:  # not serving a page, or a newspaper the kept list does not show (yet)
        edition = public_editions().filter(newspaper__slug=slug, date=day).first()
    if edition is None:
        raise Http404("no such edition")
    return edition


def _served_edition(paper: Newspaper, day: dt.date) -> Edition | None:
    """The public edition of a newspaper from the page's newspaper list (``per_state``).

    Without the join to the newspaper and its publisher, and without the model's
    ordering (one edition a day), the query cost half as much to build.
    """
    if not validate.FIRST_DATE <= day <= validate.LAST_DATE:
        return None
    edition = Edition.objects.public().filter(newspaper=paper, date=day).order_by().first()
    if edition is not None:
        edition.newspaper = paper
    return edition


def staff_edition(slug: str, date: str) -> Edition:
    """Any edition, hidden ones included: only for staff, who preview drafts."""
    edition = (
        Edition.objects.select_related("newspaper__publisher")
        .filter(newspaper__slug=slug, date=parse_date(date))
        .first()
    )
    if edition is None:
        raise Http404("no such edition")
    return edition


def pages_of(edition: Edition) -> list[Page]:
    pages = edition.pages.order_by("order")
    return [p for p in pages if validate.label_problem(p.label) is None]


def find_page(pages: list[Page], label: str) -> Page:
    for page in pages:
        if page.label == label:
            return page
    raise Http404("no such page")


def page_spelled(pages: list[Page], label: str) -> Page | None:
    """The one page ``label`` spells another way (``3`` or ``03`` for ``03``, ``a1`` for
    ``A01``): people type page numbers as they say them. None when no page, or several, match."""
    key = label_key(label)
    found = [page for page in pages if label_key(page.label) == key]
    return found[0] if len(found) == 1 else None


def label_key(label: str) -> str:
    """A label without case and without zeros leading its numbers: ``A01`` -> ``A1``."""
    return re.sub(r"0*([0-9]+)", r"\1", label.upper())


def articles_of(page: Page) -> list[Article]:
    """The page's own public articles, with the pages they jump to (转版)."""
    articles = page.articles.filter(own_q(), order__lte=validate.MAX_ORDER).order_by("order")
    return list(articles.prefetch_related(_jumps("jumps")))


def _jumps(lookup: str) -> Prefetch:
    """Continuations with their pages in one query, without ``ArticleJump``'s default
    ordering (by article: a join up to the newspaper); ``serializers.jumps_of`` sorts them."""
    return Prefetch(lookup, queryset=ArticleJump.objects.select_related("page").order_by())


def machine_text(page: Page, articles: list) -> dict | None:
    """The text of a page read by machine (ALTO, OCR) when it has no articles, else None.

    Library batches deliver pages, not articles: such a page is read as its image
    with its text beside it, marked as machine-read with the engine's confidence,
    since OCR of old print has errors a reader should be warned of. A PDF's own
    text layer is the publisher's, and its articles are shown instead. A page an
    editor corrected (``pages.corrections``) shows the corrected lines, marked so.
    Only a page read as a page (``pages.reading.page_only_q``: no article of any state
    starts or goes on there) shows it, as only such a page is a search result: the words
    of a withdrawn or held-back article must not come back as page text.
    """
    if articles or not Page.objects.filter(page_only_q(), pk=page.pk).exists():
        return None
    row = corrections.machine_text(page)
    if row is None:
        return None
    confidence = None if row.confidence is None else round(row.confidence * 100)
    correction = corrections.correction_of(page)
    text = correction.text if correction is not None else row.text
    return {
        "source": row.source,
        "confidence": confidence,
        "language": page.edition.newspaper.language,
        "lines": [line.text for line in text.lines],
        "corrected": correction is not None,
        "corrected_at": _local(correction.corrected_at) if correction else None,
    }


def _local(when: dt.datetime) -> str:
    return timezone.localtime(when).isoformat(timespec="seconds")


def find_on_page(page: Page, query: str) -> dict | None:
    """Where ``query`` is printed on the page (``?hl=``), boxes in 0..1; None when not asked.

    A search hit links its page with the query, so the reader sees every place it
    stands on the page image; the same box is the reader's "find on this page".
    An editor's corrected lines are looked at first; a word only the machine's
    original has (search finds both) is boxed where the machine read it.
    """
    query = " ".join(strip_controls(query).split())[:MAX_QUERY_CHARS]
    if not query:
        return None
    boxes: list = []
    for text in corrections.texts_for_hits(page):
        boxes = page_hits(text, query)
        if boxes:
            break
    return {"query": query, "count": len(boxes), "boxes": [_fractions(b) for b in boxes]}


def _fractions(box: tuple[int, int, int, int]) -> dict:
    x0, y0, x1, y1 = (v / SCALE for v in box)
    return {"x": round(x0, 4), "y": round(y0, 4), "w": round(x1 - x0, 4), "h": round(y1 - y0, 4)}


def jumps_into(page: Page) -> list[ArticleJump]:
    """Articles of the same edition that continue on this page (上接第X版), in page order.

    A continuation that names a page of another edition is never shown.
    """
    return list(
        ArticleJump.objects.filter(page=page, article__page__edition_id=page.edition_id)
        .filter(article_public_q("article__"))
        .select_related("article__page", "page")
        .prefetch_related(_jumps("article__jumps"))
        .order_by("article__page__order", "article__order")
    )


def neighbours(items: list, item) -> tuple:
    """The items before and after ``item`` in ``items`` (None at the ends)."""
    i = items.index(item)
    return (items[i - 1] if i > 0 else None, items[i + 1] if i + 1 < len(items) else None)


@dataclass
class CalendarDay:
    day: int
    date: dt.date
    url: str
    selected: bool


@dataclass(frozen=True)
class MonthRange:
    """The months of a newspaper's archive: from its first to its last public edition."""

    first: tuple[int, int]
    last: tuple[int, int]

    def __contains__(self, month: tuple[int, int]) -> bool:
        return self.first <= month <= self.last

    def clamp(self, month: tuple[int, int]) -> tuple[int, int]:
        return max(self.first, min(month, self.last))


def month_range(paper: Newspaper) -> MonthRange | None:
    """None when the newspaper has no public edition."""
    return per_state(f"month-range:{paper.pk}", lambda: _month_range(paper))


def _month_range(paper: Newspaper) -> MonthRange | None:
    span = public_editions().filter(newspaper=paper).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return None
    return MonthRange(
        (span["first"].year, span["first"].month), (span["last"].year, span["last"].month)
    )


def calendar_month(paper: Newspaper, year: int, month: int, selected: dt.date | None) -> dict:
    """A month grid (weeks start on Monday) whose days with an edition are links.

    Its arrows lead only to months of the archive (``month_range``): a year
    back from a month in the archive's first year lands on its first month.
    """
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    dates = per_state(f"dates:{paper.pk}:{first:%Y-%m}", lambda: _dates(paper, first, last))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                CalendarDay(
                    d.day,
                    d,
                    urls.edition_url(paper.slug, d) if d in dates else "",
                    d == selected,
                )
                if d.month == month
                else None
                for d in week
            ]
        )
    span = month_range(paper)
    here = (year, month)
    return {
        "year": year,
        "month": month,
        "weeks": weeks,
        "url": urls.month_url(paper.slug, year, month),
        "prev_month": _month_link(paper, span, here, _shift_month(year, month, -1)),
        "next_month": _month_link(paper, span, here, _shift_month(year, month, 1)),
        "prev_year": _month_link(paper, span, here, (year - 1, month)),
        "next_year": _month_link(paper, span, here, (year + 1, month)),
        "editions": sorted(dates),
    }


def _dates(paper: Newspaper, first: dt.date, last: dt.date) -> set[dt.date]:
    """The dates of the newspaper's public editions from ``first`` to ``last``."""
    editions = public_editions().filter(newspaper=paper, date__range=(first, last))
    return set(editions.values_list("date", flat=True))


def _shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _month_link(
    paper: Newspaper, span: MonthRange | None, here: tuple[int, int], target: tuple[int, int]
) -> str:
    """A link towards ``target``, kept inside the archive; "" when it would not move."""
    if span is None:
        return ""
    year, month = span.clamp(target)
    if (year, month) == here or not FIRST_YEAR <= year <= LAST_YEAR:
        return ""
    return urls.month_url(paper.slug, year, month)


def archive_month(paper: Newspaper, value: str) -> tuple[int, int]:
    """A month of the paper's archive (404 outside its first and last public edition)."""
    month = parse_month(value)
    span = month_range(paper)
    if span is None or month not in span:
        raise Http404("month outside the archive")
    return month


def parse_month(value: str) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in value.split("-"))
        dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404("bad month") from exc
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("month out of range")
    return year, month
