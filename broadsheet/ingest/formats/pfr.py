"""People's Daily PFR tagged corpus (人民日报标注语料库, 1998).

Each line is one paragraph: ``19980101-01-001-001/m  迈向/v  充满/v ...``, the ID
being date-page-article-paragraph. Blank lines do not reliably separate
articles, so articles are grouped by the ID alone; paragraphs keep ID order
(a duplicated ID keeps both lines, in file order). Tags, entity brackets
``[中央/n 人民/n]nt`` and pinyin braces ``{xing2}`` are removed and the words
joined. The first paragraph is the headline. One date is one edition, one page
number one page (label ``01``..``12``). The corpus is sorted by ID; a date that
comes back after another date is refused rather than merged, because merging
would need the whole file in memory. See docs/formats/pfr.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..encoding import TextLine, iter_lines
from ..errors import IngestError
from ..records import ArticleRecord, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .grouping import Run, group_lines, run_failed
from .layout import order_pages

DEFAULT_SLUG, DEFAULT_NAME, DEFAULT_PUBLISHER = "rmrb", "人民日报", "人民日报社"
_ID = re.compile(r"(\d{8})-(\d{2})-(\d{3})-(\d{3})/m")
_SPACES = re.compile(r" +")
_PINYIN = re.compile(r"\{[^}]*\}")
_SNIFF = re.compile(rb"^\s*\d{8}-\d{2}-\d{3}-\d{3}/m  ")


@dataclass(frozen=True)
class Paragraph:
    date: str  # YYYYMMDD
    page: int
    article: int
    number: int
    text: str


def words_of(token: str) -> str:
    """The word of one ``word/POS`` token, bracket and pinyin removed."""
    if token.startswith("[") and len(token) > 1 and not token.startswith("[/"):
        token = token[1:]
    word = token.rsplit("/", 1)[0] if "/" in token[1:] else token
    return _PINYIN.sub("", word) if "{" in word else word


def parse_line(line: TextLine, name: str) -> Paragraph | None:
    """One paragraph, or None for a blank line; raises on a line without an ID."""
    text = line.text.strip(" \t")
    if not text:
        return None
    tokens = _SPACES.split(text)
    match = _ID.fullmatch(tokens[0])
    if match is None:
        raise IngestError(
            name,
            f"no paragraph ID like 19980101-01-001-001/m: {tokens[0][:40]!r}",
            f"line {line.number}",
        )
    date, page, article, number = match.groups()
    words = "".join(words_of(t) for t in tokens[1:])
    return Paragraph(date, int(page), int(article), int(number), words)


def read_days(source: Source) -> Iterator[Run[str] | IngestError]:
    """Paragraphs grouped by date, streaming: one day in memory at a time."""

    def parse(line: TextLine) -> tuple[str, Paragraph] | None:
        paragraph = parse_line(line, source.name)
        return None if paragraph is None else (paragraph.date, paragraph)

    with source.open() as stream:
        lines = iter_lines(stream, source.name)
        yield from group_lines(lines, parse, source.name, "sort the input by paragraph ID")


def edition_of(day: Run[str], options: IngestOptions, name: str) -> EditionRecord:
    where = f"{name}: line {day.first_line}"
    try:
        date = dt.datetime.strptime(day.key, "%Y%m%d").date()
    except ValueError as exc:
        raise IngestError(name, f"not a valid date: {day.key}", f"line {day.first_line}") from exc
    slug = options.newspaper or DEFAULT_SLUG
    default_name = DEFAULT_NAME if slug == DEFAULT_SLUG else slug
    return EditionRecord(
        newspaper=slug,
        newspaper_name=options.newspaper_name or default_name,
        publisher=DEFAULT_PUBLISHER if slug == DEFAULT_SLUG else "",
        date=date,
        pages=_pages(day.items, where),
        source=where,
    )


def _pages(paragraphs: list[Paragraph], where: str) -> list[PageRecord]:
    pages: dict[int, PageRecord] = {}
    articles: dict[tuple[int, int], list[str]] = {}
    for p in sorted(paragraphs, key=lambda p: (p.page, p.article, p.number)):
        if p.page not in pages:
            pages[p.page] = PageRecord(label=f"{p.page:02d}", order=0)
        articles.setdefault((p.page, p.article), []).append(p.text)
    for (page, number), texts in articles.items():
        pages[page].articles.append(_article(number, texts, f"{where}: {page:02d}-{number:03d}"))
    return order_pages(list(pages.values()))


def _article(number: int, texts: list[str], source: str) -> ArticleRecord:
    body = [{"type": "paragraph", "text": t} for t in texts[1:]]
    return ArticleRecord(order=number, headline=texts[0], blocks=body, source=source)


def _label(key: str, options: IngestOptions) -> str:
    date = f"{key[:4]}-{key[4:6]}-{key[6:]}"
    return f"{options.newspaper or DEFAULT_SLUG} {date}"


class PfrFormat:
    name = "pfr"
    container = False

    def sniff(self, source: Source) -> bool:
        return _SNIFF.match(source.head().lstrip(b"\xef\xbb\xbf")) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        for day in read_days(source):
            if isinstance(day, IngestError):
                yield day
            elif day.error is not None:
                yield run_failed(day, _label(day.key, options))
            else:
                try:
                    yield edition_of(day, options, source.name)
                except IngestError as exc:
                    yield exc
