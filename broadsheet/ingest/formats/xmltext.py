"""XML helpers shared by the wire formats: safe parsing and text of elements.

Parsing never resolves entities nor fetches DTDs (``<!DOCTYPE nitf SYSTEM ...>``
is common in NITF). Elements are matched by local name, so NITF with or
without its namespace, XHTML with a prefix (``html:p``) and NewsML-G2 read alike.
Whitespace is collapsed the way a browser would, except that no space is left
between two CJK characters (a line break inside Chinese text is not a space).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ..encoding import GB18030, decode_document, document_encoding
from ..errors import IngestError

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=")
_COMMENTS = re.compile(rb"<!--.*?-->", re.S)
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_SPACE = re.compile(r"\s+")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_CJK_GAP = re.compile(f"(?<={_CJK}) (?={_CJK})")


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element; an undeclared GB18030 document is decoded first."""
    if not _DECLARED_ENCODING.match(data) and document_encoding(data) == GB18030:
        text = decode_document(_DECLARATION.sub(b"", data), name)
        data = text.encode("utf-8")
    try:
        return etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else ""
        raise IngestError(name, f"not well-formed XML: {exc.msg}", where) from exc


def root_name(head: bytes) -> str:
    """Local name of the first element in a document's first bytes, for sniffing."""
    match = _FIRST_ELEMENT.search(_COMMENTS.sub(b"", head))
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1] if match else ""


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if el is None else [c for c in el if local(c) == name]


def child(el: etree._Element | None, *path: str) -> etree._Element | None:
    """The first element down ``path`` of local names, or None."""
    for name in path:
        found = children(el, name)
        el = found[0] if found else None
    return el


def descendants(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (d for d in el.iter() if local(d) == name)


def clean(text: str) -> str:
    return _CJK_GAP.sub("", _SPACE.sub(" ", text)).strip()


def text_of(el: etree._Element | None) -> str:
    """All text inside ``el``, whitespace collapsed; empty for None."""
    return "" if el is None else clean("".join(el.itertext()))


def path_of(el: etree._Element) -> str:
    """Where an element is, for messages: ``newsItem/contentSet (line 40)``."""
    names = [local(a) for a in reversed(list(el.iterancestors()))] + [local(el)]
    return f"{'/'.join(names)} (line {el.sourceline})"
