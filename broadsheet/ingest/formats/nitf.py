"""NITF, the IPTC News Industry Text Format (3.x): one wire story per file.

Read: ``body.head`` (hedline/hl1 headline, else ``head/title``; hedline/hl2 subheadline, byline,
dateline), ``body.content`` (paragraphs; ``hl2`` inside the body are
subheadings; ``block``, lists and quotes are walked; media and tables are
left out), the date from ``docdata/date.issue`` (then ``date.release``,
``story.date``, ``pubdata``), the language from ``xml:lang`` and the identity
from ``docdata/doc-id@id-string``. The story goes to ``--page`` on the edition
of its date (see ``placement``).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ..errors import IngestError, SkippedSource
from ..records import EditionRecord
from ..sources import Source
from .base import IngestOptions
from .wire import WireItem, body_blocks, item_record, parse_date
from .xmltext import (
    child,
    children,
    clean,
    descendants,
    local,
    parse_xml,
    path_of,
    root_name,
    spaced_text,
    text_of,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_PLACES = (
    ("head", "docdata", "date.issue"),
    ("head", "docdata", "date.release"),
    ("body", "body.head", "dateline", "story.date"),
)


def nitf_item(nitf: etree._Element, name: str) -> WireItem:
    """A NITF element (a whole file or inline in NewsML-G2) as a wire item."""
    body = child(nitf, "body")
    if body is None:
        raise IngestError(name, "NITF without a <body>", path_of(nitf))
    head = child(body, "body.head")
    hedline = child(head, "hedline")
    content = children(body, "body.content")
    return WireItem(
        headline=text_of(child(hedline, "hl1")) or text_of(child(nitf, "head", "title")),
        subheadline=" ".join(text_of(h) for h in children(hedline, "hl2")),
        byline=" ".join(spaced_text(b) for b in children(head, "byline")),
        dateline=_dateline(child(head, "dateline")),
        blocks=[b for c in content for b in body_blocks(c)],
        date=_date(nitf),
        language=next((lang for e in nitf.iter() if (lang := e.get(XML_LANG))), ""),
        item_id=_doc_id(nitf),
    )


def _doc_id(nitf: etree._Element) -> str:
    """The story's ``docdata/doc-id@id-string``: how the agency knows it across versions."""
    doc_id = child(nitf, "head", "docdata", "doc-id")
    return (doc_id.get("id-string") or "").strip() if doc_id is not None else ""


def _dateline(el: etree._Element | None) -> str:
    if el is None:
        return ""
    parts = [el.text or ""]
    for c in el:
        parts += [text_of(c) if local(c) != "story.date" else "", c.tail or ""]
    return clean(" ".join(parts))


def _date(nitf: etree._Element):
    for path in DATE_PLACES:
        el = child(nitf, *path)
        value = (el.get("norm") or el.text or "") if el is not None else ""
        if parse_date(value):
            return parse_date(value)
    pubdata = next(descendants(nitf, "pubdata"), None)
    return parse_date(pubdata.get("date.publication", "")) if pubdata is not None else None


class NitfFormat:
    name = "nitf"
    container = False

    def sniff(self, source: Source) -> bool:
        return root_name(source.head()) == "nitf"

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        try:
            with source.open() as stream:
                root = parse_xml(stream.read(), source.name)
            if local(root) != "nitf":
                raise IngestError(source.name, f"root element is <{local(root)}>, not <nitf>")
            item = nitf_item(root, source.name)
            if not (item.headline or item.blocks):
                yield SkippedSource(source.name, "no headline and no text to print")
                return
            yield item_record(item, options, source.name, "nitf")
        except IngestError as exc:
            yield exc
