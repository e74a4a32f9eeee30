"""XML helpers shared by the wire formats: safe parsing and text of elements.

Parsing never resolves entities nor fetches DTDs (``<!DOCTYPE nitf SYSTEM ...>``
is common in NITF). Elements are matched by local name, so NITF with or
without its namespace, XHTML with a prefix (``html:p``) and NewsML-G2 read alike.
Whitespace is collapsed the way a browser would, except that no space is left
between two CJK characters (a line break inside Chinese text is not a space).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from lxml import etree

from ..encoding import GB18030, decode_document, document_encoding
from ..errors import IngestError

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=")
_ENCODING_NAME = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._:-]+)\2")
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_COMMENTS = re.compile(rb"<!--.*?-->", re.S)
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_SPACE = re.compile(r"\s+")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_CJK_GAP = re.compile(f"(?<={_CJK}) (?={_CJK})")


def _parser() -> etree.XMLParser:
    """A parser that resolves no entity and loads no DTD, from disk or network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element; an undeclared GB18030 document is decoded first.

    A declared single-byte encoding (ISO-8859-1, windows-1252, ASCII) is not
    trusted when the bytes say otherwise: a file that is valid UTF-8 and holds
    multi-byte sequences is read as UTF-8, since Latin-1 text almost never
    forms them (it takes pairs like ``Ã¸``) while a feed re-encoded to UTF-8
    without fixing its declaration is common. Read as declared, it would
    store mojibake: "KÃ¸benhavn", "Â£25 million".
    """
    if not _DECLARED_ENCODING.match(data) and document_encoding(data) == GB18030:
        text = decode_document(_DECLARATION.sub(b"", data), name)
        data = text.encode("utf-8")
    elif utf8_despite_declaration(data):
        data = _ENCODING_NAME.sub(rb"\1\2UTF-8\2", data, count=1)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else ""
        raise IngestError(name, f"not well-formed XML: {exc.msg}", where) from exc


def utf8_despite_declaration(data: bytes) -> bool:
    """Whether a document declaring a single-byte encoding is really UTF-8, by its bytes."""
    match = _ENCODING_NAME.match(data)
    if match is None or not _single_byte(match.group(3).decode("ascii")):
        return False
    if not _MULTIBYTE_UTF8.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _single_byte(encoding: str) -> bool:
    """ISO-8859-*, windows-125x and ASCII: encodings in which UTF-8 bytes read as mojibake."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name == "ascii" or name.startswith(("iso8859-", "cp125"))


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


def spaced_text(el: etree._Element | None) -> str:
    """Text of ``el`` with a space between child elements, whitespace collapsed.

    For fields whose parts are elements of their own, such as a byline
    ``By<person>Staff Reporter</person><byttl>BusinessDesk</byttl>``, which
    ``text_of`` would run together as "ByStaff ReporterBusinessDesk".
    """
    if el is None:
        return ""
    text = el.text or ""
    for c in el:
        text = _spaced(_spaced(text, spaced_text(c) if isinstance(c.tag, str) else ""), c.tail)
    return clean(text)


_NO_SPACE_BEFORE = frozenset(",.;:!?)]}、，。；：！？）」』")
_NO_SPACE_AFTER = frozenset("([{（「『")


def _spaced(left: str, right: str | None) -> str:
    """``left`` and ``right`` with one space between, unless space or punctuation is there."""
    if not left or not right:
        return left + (right or "")
    if left[-1].isspace() or right[0].isspace():
        return left + right
    if right[0] in _NO_SPACE_BEFORE or left[-1] in _NO_SPACE_AFTER:
        return left + right
    return f"{left} {right}"


def path_of(el: etree._Element) -> str:
    """Where an element is, for messages: ``newsItem/contentSet (line 40)``."""
    names = [local(a) for a in reversed(list(el.iterancestors()))] + [local(el)]
    return f"{'/'.join(names)} (line {el.sourceline})"
