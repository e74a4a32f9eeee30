"""What NITF and NewsML-G2 items have in common: body blocks, dates, the record.

A wire item becomes one article: headline, subheadline, byline, and the body
as paragraphs and subheadings. The dateline ("SYDNEY, Oct 20 (AAP) -",
"新华社北京1月1日电") has no field of its own on an article; it opens the first
paragraph, where printed newspapers put it, unless that paragraph already
starts with it. The item's date, turned into the newspapers' time zone
(``BROADSHEET_TIME_ZONE``), picks the edition.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from lxml import etree, html

from ..errors import IngestError
from ..records import ArticleRecord, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .xmltext import clean, local, parse_xml, text_of

SUBHEADINGS = frozenset({"hl2", "h1", "h2", "h3", "h4", "h5", "h6"})
PARAGRAPHS = frozenset({"p", "li", "pre", "dd", "dt", "blockquote"})
CONTAINERS = frozenset(
    {
        "block",
        "div",
        "section",
        "article",
        "body",
        "body.content",
        "bq",
        "ol",
        "ul",
        "dl",
        "main",
        "span",
        "note",
    }
)
_DATE = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)

_TIMESTAMP = re.compile(r"\d{4}-?\d{2}-?\d{2}([T ]|$)")


@dataclass
class WireItem:
    """One text item as read from the wire, before it meets a page."""

    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    dateline: str = ""
    blocks: list[dict] = field(default_factory=list)
    date: dt.date | None = None
    language: str = ""
    item_id: str = ""  # NITF doc-id@id-string, NewsML-G2 newsItem@guid
    version: int | None = None  # NewsML-G2 newsItem@version
    agency: str = ""  # who holds the rights or provides the item: "AP", "Thomson Reuters"


_RESERVED = re.compile(r"[\s.,;]*(all rights reserved)?[\s.]*$", re.IGNORECASE)
PUBLISHER_LENGTH = 200


def agency_name(value: str | None) -> str:
    """An agency's name as a publisher: "The Canadian Press. All rights reserved." → its name."""
    return _RESERVED.sub("", clean(value or ""))[:PUBLISHER_LENGTH]


def body_blocks(el: etree._Element) -> list[dict]:
    """Paragraph and subheading blocks of a NITF ``body.content`` or an XHTML body."""
    blocks: list[dict] = []
    for node in el:
        name = local(node)
        if name in CONTAINERS:
            blocks += body_blocks(node)
        elif name in SUBHEADINGS or name in PARAGRAPHS:
            text = text_of(node)
            if text:
                kind = "subheading" if name in SUBHEADINGS else "paragraph"
                blocks.append({"type": kind, "text": text})
    return blocks


_MARKUP = re.compile(r"<(p|div|br|h[1-6])[\s>/]", re.IGNORECASE)


def text_blocks(text: str) -> list[dict]:
    """A wire item's text content: text that is really HTML (``<P>`` inside CDATA, as
    agencies send it) read as HTML, else plain text split at blank lines."""
    if _MARKUP.search(text):
        wrapper = html.fragment_fromstring(text, create_parent="div")
        return body_blocks(wrapper) or [{"type": "paragraph", "text": text_of(wrapper)}]
    parts = (clean(p) for p in re.split(r"\n\s*\n", text))
    return [{"type": "paragraph", "text": p} for p in parts if p]


def parse_date(value: str) -> dt.date | None:
    """The local date of an ISO 8601 or NITF ``norm`` stamp, or None if it is none."""
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        if zone is None:
            return dt.date(int(year), int(month), int(day))
        zone = "+00:00" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
        stamp = dt.datetime.fromisoformat(
            f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone}"
        )
    except ValueError:
        return None
    return timezone.localtime(stamp).date()


def with_dateline(blocks: list[dict], dateline: str) -> list[dict]:
    """Open the first paragraph with the dateline; a bare timestamp is no dateline."""
    if not dateline or _TIMESTAMP.match(dateline):
        return blocks
    first = next((i for i, b in enumerate(blocks) if b["type"] == "paragraph"), None)
    if first is not None and blocks[first]["text"].startswith(dateline):
        return blocks
    if first is None:
        return [{"type": "paragraph", "text": dateline}, *blocks]
    text = f"{dateline} {blocks[first]['text']}"
    return [*blocks[:first], {"type": "paragraph", "text": text}, *blocks[first + 1 :]]


def item_record(item: WireItem, options: IngestOptions, name: str, where: str) -> EditionRecord:
    """The edition record that carries one item to its page."""
    if not options.newspaper:
        raise IngestError(name, "wire items name no newspaper: give --newspaper", where)
    if not options.page:
        raise IngestError(name, "wire items carry no page: give --page (and --page-name)", where)
    if item.date is None:
        raise IngestError(name, "the item has no date to choose its edition by", where)
    article = ArticleRecord(
        order=1,
        headline=item.headline,
        subheadline=item.subheadline,
        byline=item.byline,
        blocks=with_dateline(item.blocks, item.dateline),
        source=f"{name}: {where}",
        source_id=item.item_id,
        source_version=item.version,
    )
    page = PageRecord(label=options.page, name=options.page_name, order=1, articles=[article])
    return EditionRecord(
        newspaper=options.newspaper,
        newspaper_name=options.newspaper_name or options.newspaper,
        publisher=item.agency,
        date=item.date,
        pages=[page],
        source=f"{name}: {where}",
        language=item.language,
        wire=True,
    )


def read_items(
    source: Source,
    items_of: Callable[[etree._Element, str], list[etree._Element]],
    records_of: Callable[[etree._Element], Iterable[EditionRecord | IngestError]],
) -> Iterator[EditionRecord | IngestError]:
    """An envelope format's file (NewsML-G2, NewsML 1): parsed once, its items found, each
    item's records (or errors) in turn. A file that cannot be parsed is one error; an item
    that cannot be read is its own, and the file's other items still load."""
    try:
        with source.open() as stream:
            root = parse_xml(stream.read(), source.name)
        items = items_of(root, source.name)
    except IngestError as exc:
        yield exc
        return
    for item in items:
        yield from records_of(item)
