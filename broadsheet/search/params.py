"""Search parameters as the web page, the API and the CLI give them.

One parser for all three doors, so ``/search/?q=…&paper=…&from=…`` and
``broadsheet search … --newspaper … --from …`` mean the same. Bad dates give a
``QueryError`` whose message the reader sees; a bad page number or sort falls
back to the default (the URL stays shareable either way).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .query import QueryError

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500
SORT_ALIASES = {
    "relevance": "relevance",
    "newest": "newest",
    "date": "newest",
    "-date": "newest",
    "oldest": "oldest",
    "date-asc": "oldest",
    "+date": "oldest",
}
_DAYS = re.compile(r"^(\d{1,4})d$")


@dataclass(frozen=True)
class SearchParams:
    q: str
    newspaper: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page_label: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    facets: bool = False
    range: str = ""

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse_date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(
            _("%(name)s“%(value)s”不是有效日期，请写成 YYYY-MM-DD。")
            % {"name": name, "value": value[:20]}
        ) from None


def relative_range(value: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """``year`` (this year so far) or ``30d`` (the last 30 days); anything else: no limit."""
    if value == "year":
        return dt.date(today.year, 1, 1), today
    match = _DAYS.match(value or "")
    if match and int(match.group(1)) > 0:
        return today - dt.timedelta(days=int(match.group(1)) - 1), today
    return None, None


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def from_mapping(data: Mapping, *, facets: bool = False, today: dt.date | None = None):
    """Read ``q, paper (or newspaper), from, to, range, page_label, sort, page, per_page``."""
    today = today or timezone.localdate()
    date_from = parse_date(data.get("from"), _("开始日期"))
    date_to = parse_date(data.get("to"), _("结束日期"))
    span = (data.get("range") or "").strip()
    if span and not (date_from or date_to):
        date_from, date_to = relative_range(span, today)
    if date_from and date_to and date_from > date_to:
        raise QueryError(_("开始日期晚于结束日期。"))
    return SearchParams(
        q=str(data.get("q") or ""),
        # ``paper`` in URLs, ``newspaper`` as the CLI names it: both work
        newspaper=(data.get("paper") or data.get("newspaper") or "").strip() or None,
        date_from=date_from,
        date_to=date_to,
        page_label=(data.get("page_label") or "").strip() or None,
        sort=SORT_ALIASES.get((data.get("sort") or "relevance").strip(), "relevance"),
        page=_int(data.get("page"), 1, 1, MAX_PAGE),
        per_page=_int(data.get("per_page"), PER_PAGE, 1, MAX_PER_PAGE),
        facets=facets,
        range=span,
    )
