"""What the METS-based formats share: the file section (``fileSec``) of a METS document.

Both library profiles read here name every file of an issue once, in a ``<file>``
with an ``ID``, a ``USE`` and a ``MIMETYPE``, and its place in an ``FLocat``'s
``xlink:href`` (relative to the METS file); the structMaps then point at files by
ID. NDNP batches (``ndnp``) and article-segmented issues (``mets_alto``) resolve
those paths each against their own folder with their own rules and messages;
what they share is reading the section and keeping a path inside its folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .xmltext import child, descendants


@dataclass(frozen=True)
class MetsFile:
    """One ``<file>`` of the file section, as written."""

    id: str
    use: str  # USE, lower-cased: "master", "service", "ocr"…
    mimetype: str  # MIMETYPE, lower-cased; empty when not given
    href: str  # its FLocat's href, stripped


def file_section(mets: etree._Element) -> Iterator[MetsFile]:
    """Each ``<file>`` with an ID and an FLocat href, in order (the others name no file)."""
    for el in descendants(mets, "file"):
        locat = child(el, "FLocat")
        href = "" if locat is None else locat_href(locat)
        if not href or not el.get("ID"):
            continue
        use, mimetype = (el.get("USE") or "").lower(), (el.get("MIMETYPE") or "").lower()
        yield MetsFile(el.get("ID", ""), use, mimetype, href)


def locat_href(locat: etree._Element) -> str:
    """The ``href`` of an ``FLocat`` or ``smLocatorLink``, whatever prefix its namespace has."""
    return next((v for k, v in locat.attrib.items() if str(k).endswith("href")), "").strip()


def resolved_inside(folder: Path, rel: str) -> Path | None:
    """``folder / rel`` with ``..`` and links resolved; None when that leads out of ``folder``."""
    path = (folder / rel).resolve()
    return path if path.is_relative_to(folder.resolve()) else None
