"""Every edition record checked against ``editions.validate`` before anything is written.

Formats check what they can early, naming the line or field (a JSONL page
label, a command-line option); ``check_record`` is the door no record passes
without, so a format that forgets a check, or a future one, still cannot put
a value in the database that the reader cannot route or show.
"""

from __future__ import annotations

from broadsheet.editions import validate

from .errors import IngestError
from .records import EditionRecord, PageRecord


def check_record(record: EditionRecord) -> None:
    """Raise ``IngestError`` for the first slug, date, label or number the site cannot serve."""
    where = record.source or record.newspaper
    _refuse(where, validate.slug_problem(record.newspaper), "newspaper")
    _refuse(where, validate.date_problem(record.date), "date")
    if record.issue_number is not None:
        problem = validate.number_problem(record.issue_number, "issue number")
        _refuse(where, problem, "issue_number")
    for page in record.pages:
        check_page(where, page)


def check_page(where: str, page: PageRecord) -> None:
    place = f"page {page.label[:20]!r}" if isinstance(page.label, str) else "page"
    _refuse(where, validate.label_problem(page.label), place)
    for name in ("width", "height"):
        value = getattr(page, name)
        if value is not None:
            _refuse(where, validate.number_problem(value, f"page {name}"), place)
    for article in page.articles:
        source = article.source or where
        _refuse(source, validate.order_problem(article.order), place)
        if article.source_version is not None:
            problem = validate.number_problem(article.source_version, "item version")
            _refuse(source, problem, place)
        check_article(source, article, place)


def check_article(source: str, article, place: str) -> None:
    """The body blocks and hotspot: the same rule the newsroom's article editor keeps."""
    _refuse(source, validate.body_problem(article.blocks), place)
    _refuse(source, validate.hotspot_problem(article.hotspot), place)


def check_option(name: str, problem: str | None) -> None:
    """A command-line option that fails its rule, as an error naming the option."""
    _refuse(f"--{name}", problem)


def _refuse(where: str, problem: str | None, field: str = "") -> None:
    if problem is not None:
        raise IngestError(where, problem, field)
