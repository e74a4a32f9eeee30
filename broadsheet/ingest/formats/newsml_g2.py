"""NewsML-G2 (IPTC): text news items, alone or in a ``newsMessage``.

From each text ``newsItem`` (itemClass ``*:text``): ``contentMeta`` headline
(``role="hld:subHeadline"`` is the subheadline), ``by``, ``dateline``,
``language``, the date (``contentCreated``, else ``firstCreated``, else
``versionCreated``), the identity (``@guid``, ``@version``) and the body
from ``contentSet``: inline XHTML, inline NITF (whose head fills what
contentMeta lacks) or ``inlineData`` text. Picture,
video, audio, composite and package items, concept, knowledge, planning and
catalog items, and text items with neither headline nor inline text (metadata
only, remote content, inline SportsML) hold nothing to print: they are
skipped and noted. Errors are what breaks reading: XML that is not
well-formed, a newsItem without ``itemMeta/itemClass``, an item without a date.
The XSD is not enforced: real agency feeds often fail it (12 of the 33 files
in the agency samples do) while carrying perfectly good stories.
Items go to ``--page`` on the edition of their date (see ``placement``).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ..errors import IngestError, SkippedSource
from ..records import EditionRecord
from ..sources import Source
from .base import IngestOptions
from .nitf import XML_LANG, nitf_item
from .wire import (
    WireItem,
    agency_name,
    body_blocks,
    item_record,
    parse_date,
    read_items,
    text_blocks,
)
from .xmltext import (
    child,
    children,
    local,
    path_of,
    root_name,
    spaced_text,
    text_of,
)

NAR = b"http://iptc.org/std/nar/2006-10-01/"
DATE_PLACES = (
    ("contentMeta", "contentCreated"),
    ("itemMeta", "firstCreated"),
    ("itemMeta", "versionCreated"),
)


def news_items(root: etree._Element, name: str) -> list[etree._Element]:
    kind = local(root)
    if kind == "newsItem":
        return [root]
    if kind == "newsMessage":
        return [i for s in children(root, "itemSet") for i in s if local(i) == "newsItem"]
    raise SkippedSource(name, f"{kind}, not a news item: nothing to print")


def item_class(item: etree._Element, name: str) -> str:
    el = child(item, "itemMeta", "itemClass")
    if el is None:
        raise IngestError(name, "newsItem without itemMeta/itemClass", path_of(item))
    return el.get("qcode", "").rsplit(":", 1)[-1]


def g2_item(item: etree._Element, name: str) -> WireItem:
    meta = child(item, "contentMeta")
    found = _content(item, name)
    headlines = children(meta, "headline")
    subs = [h for h in headlines if "sub" in h.get("role", "").lower()]
    mains = [h for h in headlines if h not in subs]
    language = child(meta, "language")
    tag = language.get("tag", "") if language is not None else ""
    return WireItem(
        headline=text_of(mains[0]) if mains else found.headline,
        subheadline=text_of(subs[0]) if subs else found.subheadline,
        byline=spaced_text(child(meta, "by")) or found.byline,
        dateline=text_of(child(meta, "dateline")) or found.dateline,
        blocks=found.blocks,
        date=_date(item) or found.date,
        language=tag or item.get(XML_LANG, ""),
        item_id=(item.get("guid") or "").strip(),
        version=_version(item, name),
        agency=_agency(item) or found.agency,
    )


def _agency(item: etree._Element) -> str:
    """The rights holder (``rightsInfo/copyrightHolder``), else the provider (``itemMeta``).

    Each by its ``name`` child or its ``literal``; a bare ``qcode`` names no one.
    """
    for el in (child(item, "rightsInfo", "copyrightHolder"), child(item, "itemMeta", "provider")):
        if el is not None:
            name = agency_name(text_of(child(el, "name")) or el.get("literal"))
            if name:
                return name
    return ""


def _version(item: etree._Element, name: str) -> int | None:
    """``newsItem@version``: a higher one is a newer version of the same item."""
    value = (item.get("version") or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    if len(value) > 12:  # far beyond MAX_NUMBER; int() of a huge string is slow as well
        reason = f"item version {value[:12]}… ({len(value)} digits) is too large"
        raise IngestError(name, reason, path_of(item))
    return int(value)


def _date(item: etree._Element):
    for path in DATE_PLACES:
        el = child(item, *path)
        if el is not None and el.text and parse_date(el.text):
            return parse_date(el.text)
    return None


def _content(item: etree._Element, name: str) -> WireItem:
    """The inline text of an item; empty when it has none (metadata only, remote files)."""
    for part in children(child(item, "contentSet"), "inlineXML"):
        root = next((c for c in part if isinstance(c.tag, str)), None)
        if root is not None and local(root) == "nitf":
            return nitf_item(root, name)
        if root is not None and local(root) == "html":
            body = child(root, "body")
            return WireItem(blocks=body_blocks(body) if body is not None else [])
    for part in children(child(item, "contentSet"), "inlineData"):
        if (part.text or "").strip():
            return WireItem(blocks=text_blocks(part.text or ""))
    return WireItem()


class NewsMlG2Format:
    name = "newsml-g2"
    container = False

    def sniff(self, source: Source) -> bool:
        head = source.head()
        return NAR in head and root_name(head) != "nitf"

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        return read_items(
            source, news_items, lambda item: [self._record(item, source.name, options)]
        )

    def _record(self, item, name: str, options: IngestOptions) -> EditionRecord | IngestError:
        where = f"newsItem {item.get('guid', '')} (line {item.sourceline})"
        try:
            kind = item_class(item, name)
            if kind != "text":
                return SkippedSource(name, f"{kind or 'unclassed'} item, no text to print", where)
            found = g2_item(item, name)
            if not (found.headline or found.blocks):
                return SkippedSource(name, "text item with no headline and no inline text", where)
            return item_record(found, options, name, where)
        except IngestError as exc:
            return exc
