"""NewsML 1.x (IPTC's first NewsML, still sent by AFP and ANA-MPA): news items wrapping NITF.

A ``NewsML`` document holds a ``NewsEnvelope`` (transmission data, not read) and one or more
``NewsItem``. Each item's ``NewsComponent`` tree carries the story's ``NewsLines``
(``HeadLine``, ``SubHeadLine``, ``ByLine``, ``DateLine``), its ``DescriptiveMetadata``
(``Language``), ``AdministrativeMetadata`` (``Provider``, else ``Source``) and its
``ContentItem``s, whose ``DataContent`` is inline NITF (read by the NITF reader, whose head
fills what ``NewsLines`` lack), XHTML or HTML paragraphs, HTML inside CDATA or plain text.
A component whose child components are stories of their own (two or more, each with a
headline and text) is a package: each child becomes an article. Alternatives of one content
(``EquivalentsList="yes"``) give the first only; caption components and picture, graphic,
audio and video content items print nothing. The date is the item's
``NewsManagement/FirstCreated`` (else ``ThisRevisionCreated``, else its ``DateId``); the
identity is ``urn:newsml:provider:dateid:itemid`` with ``RevisionId`` as its version, so a
later revision updates the article as a NewsML-G2 version does. Items go to ``--page`` on
the edition of their date (see ``placement``).
"""

from __future__ import annotations

import base64
import binascii
import re
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
    descendants,
    local,
    path_of,
    root_name,
    spaced_text,
    text_of,
)

DATE_PLACES = (
    ("NewsManagement", "FirstCreated"),
    ("NewsManagement", "ThisRevisionCreated"),
    ("Identification", "NewsIdentifier", "DateId"),
)
TEXT_MEDIA = frozenset({"", "text"})
_BARE_DATE = re.compile(r"[\d\s/.:-]*")


def news_items(root: etree._Element, name: str) -> list[etree._Element]:
    """Every ``NewsItem`` of the document, nested ones included (each is an item of its own)."""
    if local(root) != "NewsML":
        raise IngestError(name, f"root element is <{local(root)}>, not <NewsML>")
    items = list(descendants(root, "NewsItem"))
    if not items:
        raise SkippedSource(name, "a NewsML envelope without a NewsItem: nothing to print")
    return items


def stories(item: etree._Element) -> list[etree._Element]:
    """The components of an item that become articles: one, or each story of a package."""
    return [s for c in children(item, "NewsComponent") for s in _stories(c)]


def _stories(component: etree._Element) -> list[etree._Element]:
    if component.get("EquivalentsList", "").lower() == "yes":
        return [component]
    parts = [c for c in children(component, "NewsComponent") if _is_story(c)]
    if len(parts) < 2:
        return [component]
    return [s for p in parts for s in _stories(p)]


def _is_story(component: etree._Element) -> bool:
    """A component with a headline of its own and text under it."""
    lines = child(component, "NewsLines")
    return bool(text_of(child(lines, "HeadLine"))) and bool(text_items(component))


def text_items(component: etree._Element) -> list[etree._Element]:
    """The text ``ContentItem``s under a component in order, the first of equivalents only.

    Nested ``NewsItem``s are left to be read as items of their own, captions to their pictures.
    """
    found = []
    for part in component:
        if local(part) == "ContentItem" and _is_text(part):
            found.append([part])
        elif local(part) == "NewsComponent" and "caption" not in _role(part):
            found.append(text_items(part))
    found = [f for f in found if f]
    if component.get("EquivalentsList", "").lower() == "yes":
        return found[0] if found else []
    return [c for f in found for c in f]


def _is_text(content: etree._Element) -> bool:
    media = child(content, "MediaType")
    kind = (media.get("FormalName", "") if media is not None else "").strip().lower()
    return kind in TEXT_MEDIA and child(content, "DataContent") is not None


def _role(component: etree._Element) -> str:
    role = child(component, "Role")
    return (role.get("FormalName", "") if role is not None else "").lower()


def nearest(story: etree._Element, name: str) -> etree._Element | None:
    """The story's own ``name`` element, else its nearest ancestor's, else the first below it.

    Packages often keep NewsLines and metadata on the outer component and the
    text on an inner one (AFP, ANA-MPA), or the other way round.
    """
    for el in (story, *story.iterancestors()):
        found = child(el, name)
        if found is not None:
            return found
        if local(el) == "NewsItem":
            break
    return next(descendants(story, name), None)


def story_item(item: etree._Element, story: etree._Element, name: str, story_id: str) -> WireItem:
    """One story of a NewsItem as a wire item: NewsLines first, inline NITF filling the gaps."""
    found = _content(story, name)
    lines = nearest(story, "NewsLines")
    return WireItem(
        headline=text_of(child(lines, "HeadLine")) or found.headline,
        subheadline=text_of(child(lines, "SubHeadLine")) or found.subheadline,
        byline=" ".join(spaced_text(b) for b in children(lines, "ByLine")) or found.byline,
        dateline=_dateline(lines) or found.dateline,
        blocks=found.blocks,
        date=_date(item) or found.date,
        language=_language(story, lines) or found.language,
        item_id=story_id,
        version=_revision(item, name),
        agency=_agency(story) or found.agency,
    )


def _dateline(lines: etree._Element | None) -> str:
    """The DateLine; one that is only a date (ANA-MPA's "4/4/2018") says no place and is dropped."""
    text = text_of(child(lines, "DateLine"))
    return "" if _BARE_DATE.fullmatch(text) else text


def _date(item: etree._Element):
    for path in DATE_PLACES:
        found = parse_date(text_of(child(item, *path)))
        if found:
            return found
    return None


def _language(story: etree._Element, lines: etree._Element | None) -> str:
    """``DescriptiveMetadata/Language@FormalName``, else the headline's ``xml:lang``."""
    language = child(nearest(story, "DescriptiveMetadata"), "Language")
    tag = (language.get("FormalName", "") if language is not None else "").strip().lower()
    headline = child(lines, "HeadLine")
    fallback = headline.get(XML_LANG, "") if headline is not None else ""
    return tag or ("" if fallback == "x-default" else fallback)


def _agency(story: etree._Element) -> str:
    """The ``Party@FormalName`` of the item's ``Provider``, else of its ``Source``."""
    meta = nearest(story, "AdministrativeMetadata")
    for role in ("Provider", "Source"):
        party = child(meta, role, "Party")
        found = agency_name(party.get("FormalName")) if party is not None else ""
        if found:
            return found
    return ""


def item_urn(item: etree._Element) -> str:
    """``urn:newsml:provider:dateid:itemid``: the PublicIdentifier less its revision."""
    ids = child(item, "Identification", "NewsIdentifier")
    parts = [text_of(child(ids, n)) for n in ("ProviderId", "DateId", "NewsItemId")]
    return "urn:newsml:" + ":".join(parts) if parts[0] and parts[2] else ""


def story_ids(item: etree._Element, found: list[etree._Element]) -> list[str]:
    """The item's identity for its one story; a package's stories add ``#Duid`` (else ``#n``)."""
    urn = item_urn(item)
    if len(found) < 2 or not urn:
        return [urn] * len(found)
    return [f"{urn}#{s.get('Duid') or n}" for n, s in enumerate(found, 1)]


def _revision(item: etree._Element, name: str) -> int | None:
    """``RevisionId``: a higher one is a later revision of the same item."""
    value = text_of(child(item, "Identification", "NewsIdentifier", "RevisionId"))
    if not (value.isascii() and value.isdigit()):
        return None
    if len(value) > 12:  # far beyond MAX_NUMBER; int() of a huge string is slow as well
        reason = f"RevisionId {value[:12]}… ({len(value)} digits) is too large"
        raise IngestError(name, reason, path_of(item))
    return int(value)


def _content(story: etree._Element, name: str) -> WireItem:
    """The story's text content items as one: blocks in order, the first NITF head's fields."""
    found = [content_item(c, name) for c in text_items(story)]
    first = next((f for f in found if f.headline or f.byline or f.date), WireItem())
    first.blocks = [b for f in found for b in f.blocks]
    return first


def content_item(content: etree._Element, name: str) -> WireItem:
    """The inline text of a ContentItem: NITF, (X)HTML elements, or text (HTML or plain)."""
    data = child(content, "DataContent")
    assert data is not None  # _is_text checked it
    root = next((c for c in data if isinstance(c.tag, str)), None)
    if root is not None and local(root) == "nitf":
        return nitf_item(root, name)
    if root is not None:
        body = child(root, "body") if local(root) == "html" else None
        return WireItem(blocks=body_blocks(body if body is not None else data))
    return WireItem(blocks=text_blocks(_decoded(content, data.text or "", name)))


def _decoded(content: etree._Element, text: str, name: str) -> str:
    """Text as sent; content declared ``Encoding FormalName="base64"`` decoded to UTF-8 first."""
    encoding = child(content, "Encoding")
    if encoding is None or encoding.get("FormalName", "").lower() != "base64":
        return text
    try:
        return base64.b64decode(text, validate=False).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        reason = f"base64 content that is not UTF-8 text: {exc}"
        raise IngestError(name, reason, path_of(content)) from exc


class NewsMl1Format:
    name = "newsml1"
    container = False

    def sniff(self, source: Source) -> bool:
        return root_name(source.head()) == "NewsML"

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        return read_items(
            source, news_items, lambda item: self._records(item, source.name, options)
        )

    def _records(self, item, name: str, options: IngestOptions):
        found = stories(item)
        for story, story_id in zip(found, story_ids(item, found), strict=True):
            where = f"NewsItem {story_id or '(no identifier)'} (line {story.sourceline})"
            try:
                wire_item = story_item(item, story, name, story_id)
                if printable(story, wire_item):
                    yield item_record(wire_item, options, name, where)
                else:
                    yield SkippedSource(
                        name, "no text to print (a picture or metadata item)", where
                    )
            except IngestError as exc:
                yield exc
        if not found:
            yield SkippedSource(name, "a NewsItem without a NewsComponent", path_of(item))


def printable(story: etree._Element, item: WireItem) -> bool:
    """Text, or a headline alone (a flash) where no picture or other content stands instead."""
    return (
        bool(item.blocks)
        or bool(item.headline)
        and next(descendants(story, "ContentItem"), None) is None
    )
