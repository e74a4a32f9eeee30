"""Article-segmented METS/ALTO: a library's issue whose articles are linked to ALTO regions.

The common European profile (CCS docWORKS, used by the BnL, the British Library
and many others): one METS file per issue, one ALTO file per page. The METS
``PHYSICAL`` structMap orders the pages (``ORDERLABEL`` is the printed page
number) and names each page's files; the ``LOGICAL`` structMap holds the
articles, each linked to the regions of the pages that print it, in one of two
styles, both read here:

- nested divisions (``HEADING``/``TITLE``, ``BODY``/``PARAGRAPH``) whose ``area``
  names an ALTO block (``BEGIN="P1_TB00008"``): the BnL;
- an empty article division joined in ``structLink`` to page areas whose
  ``area`` names a range of ALTO words (``BEGIN="word000233" END="word000234"``):
  the British Library.

Each article becomes an ``ArticleRecord`` with its title (MODS ``titleInfo``, else
the division's ``LABEL``, else the text linked as its title), its paragraphs (the
ALTO text of its regions, hyphenated words joined), and a hotspot of its regions'
boxes on each page it covers: its first page holds it, the others are jumps (转版).
Advertisements, mastheads and title sections are not articles. Pages carry their
ALTO text with boxes and, where the issue holds them, their images and PDFs; a
missing file is listed in the summary like NDNP's (docs/formats/mets-alto.md).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from broadsheet.editions import validate
from broadsheet.pages.alto import AltoIndex, AltoRefused, Region
from broadsheet.pages.textlayer import SCALE, Box

from ..errors import IngestError
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions, newspaper_slug
from .mets import file_section, locat_href, resolved_inside
from .pdfs import checked_pdf
from .xmltext import child, descendants, local, parse_xml, text_of

_METS_NAME = re.compile(r".*mets.*\.xml", re.IGNORECASE)
_ARTICLE_TYPES = {"article"}
_TITLE_TYPES = {"title", "heading", "headline"}
_SCAN_TYPES = (("image/jp2", ".jp2"), ("image/tiff", ".tif"), ("image/png", ".png"))
MAX_ARTICLES = 2000  # per issue: far above a real one, a bound on a hostile METS


@dataclass
class _Link:
    """One place an article is printed: an ALTO file and a block or a range of words in it."""

    file_id: str
    begin: str
    end: str = ""
    title: bool = False


@dataclass
class _Article:
    title: str
    links: list[_Link] = field(default_factory=list)


@dataclass
class _PageFiles:
    label: str
    alto: Path | None = None
    scan: Path | None = None
    pdf: Path | None = None
    file_ids: set[str] = field(default_factory=set)


def mets_file(folder: Path) -> Path | None:
    """The issue's METS file in ``folder``: a ``*mets*.xml`` whose root is ``<mets>``."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and _METS_NAME.fullmatch(path.name) and _root_is_mets(path):
            return path
    return None


def _root_is_mets(path: Path) -> bool:
    """A METS document with a logical structure (an issue METS, not a reel's or a page's)."""
    if path.stat().st_size > 64 * 1024 * 1024:
        return False
    data = path.read_bytes()
    root = re.search(rb"<(?:[\w-]+:)?mets[\s>]", data[:8192]) is not None
    return root and re.search(rb"TYPE=[\"']LOGICAL[\"']", data) is not None


def read_issue(path: Path, options: IngestOptions) -> EditionRecord:
    where = str(path)
    mets = parse_xml(path.read_bytes(), where)
    files = _files(mets, path.parent, where)
    pages = _physical_pages(mets, files, where)
    record = EditionRecord(
        newspaper=options.newspaper
        or newspaper_slug(_issue_title(mets), where, "the METS's title"),
        newspaper_name=options.newspaper_name or _issue_title(mets) or path.parent.name,
        date=options.date or _date(mets, where),
        source=where,
        language=_language(mets),
    )
    indexes = {p.label: _alto(p, record) for p in pages}
    record.pages = [_page(p, i, indexes[p.label], record) for i, p in enumerate(pages, 1)]
    _attach_articles(mets, record, pages, indexes, where)
    return record


def _files(mets: etree._Element, folder: Path, where: str) -> dict[str, tuple[str, Path]]:
    """Each ``<file>`` by ID: its MIME type (or extension) and its path in the issue folder."""
    out = {}
    for f in file_section(mets):
        rel = posixpath.normpath(re.sub(r"^file://", "", f.href))
        path = None if rel.startswith("/") else resolved_inside(folder, rel)
        if path is None:
            raise IngestError(where, f"the file {f.href!r} lies outside the issue folder; refused")
        out[f.id] = (f.mimetype or posixpath.splitext(rel)[1].lower(), path)
    return out


def _struct_map(mets: etree._Element, kind: str) -> etree._Element | None:
    return next(
        (m for m in descendants(mets, "structMap") if (m.get("TYPE") or "").upper() == kind), None
    )


def _physical_pages(mets, files: dict[str, tuple[str, Path]], where: str) -> list[_PageFiles]:
    physical = _struct_map(mets, "PHYSICAL")
    divs = (
        []
        if physical is None
        else [d for d in descendants(physical, "div") if (d.get("TYPE") or "").lower() == "page"]
    )
    if not divs:
        raise IngestError(where, "the METS has no PHYSICAL structMap with pages")
    pages: list[_PageFiles] = []
    for order, div in enumerate(divs, 1):
        label = _label(div.get("ORDERLABEL") or "", order, pages)
        page = _PageFiles(label)
        for pointer in _pointers(div):
            if pointer in files:
                _assign(page, *files[pointer], pointer)
        pages.append(page)
    return pages


def _pointers(div: etree._Element) -> list[str]:
    """The file IDs a page division points at, directly (``fptr``) or through its ``area``s."""
    ids = [f.get("FILEID", "") for f in div if local(f) == "fptr" and f.get("FILEID")]
    areas = [a.get("FILEID", "") for f in div if local(f) == "fptr" for a in descendants(f, "area")]
    return ids + [a for a in areas if a]


def _assign(page: _PageFiles, kind: str, path: Path, file_id: str) -> None:
    page.file_ids.add(file_id)
    if kind in ("text/xml", "application/xml", ".xml"):
        page.alto = page.alto or path
    elif kind in ("application/pdf", ".pdf"):
        page.pdf = page.pdf or path
    elif kind.startswith("image/") or kind in (".jp2", ".tif", ".tiff", ".png", ".jpg"):
        page.scan = _better_scan(page.scan, path)


def _better_scan(current: Path | None, new: Path) -> Path:
    """Of a page's images prefer one that is present, then the service JP2 over a TIFF master."""
    if current is None or (not current.is_file() and new.is_file()):
        return new
    rank = {".jp2": 0, ".tif": 1, ".tiff": 1, ".png": 2, ".jpg": 3}
    if new.is_file() and rank.get(new.suffix.lower(), 9) < rank.get(current.suffix.lower(), 9):
        return new
    return current


def _label(given: str, order: int, pages: list[_PageFiles]) -> str:
    taken = {p.label for p in pages}
    given = given.strip()
    if given and validate.label_problem(given) is None and given not in taken:
        return given
    return str(order) if str(order) not in taken else f"p{order}"


def _dmd_ids(div: etree._Element | None) -> list[str]:
    return [] if div is None else (div.get("DMDID") or "").split()


def _mods_by_id(mets: etree._Element) -> dict[str, etree._Element]:
    return {sec.get("ID", ""): sec for sec in descendants(mets, "dmdSec")}


def _issue_title(mets: etree._Element) -> str:
    """The newspaper's title: from the MODS the logical issue points at, else any MODS title."""
    logical = _struct_map(mets, "LOGICAL")
    mods = _mods_by_id(mets)
    for div in [] if logical is None else list(descendants(logical, "div"))[:4]:
        for dmd in _dmd_ids(div):
            title = _mods_title(mods.get(dmd))
            if title:
                return title[:200]
    return ""


def _mods_title(sec: etree._Element | None) -> str:
    if sec is None:
        return ""
    info = next(descendants(sec, "titleInfo"), None)
    if info is None:
        return ""
    parts = [text_of(child(info, "nonSort")), text_of(child(info, "title"))]
    return " ".join(p for p in parts if p)


def _date(mets: etree._Element, where: str) -> dt.date:
    issued = next((text_of(el) for el in descendants(mets, "dateIssued") if text_of(el)), "")
    try:
        date = dt.date.fromisoformat(issued[:10])
    except ValueError as exc:
        raise IngestError(where, f"the issue date {issued!r} is not a date: give --date") from exc
    problem = validate.date_problem(date)
    if problem is not None:
        raise IngestError(where, problem)
    return date


def _language(mets: etree._Element) -> str:
    term = next((text_of(el) for el in descendants(mets, "languageTerm") if text_of(el)), "")
    return term[:16]


def _alto(page: _PageFiles, record: EditionRecord) -> AltoIndex | None:
    if page.alto is None:
        return None
    if not page.alto.is_file():
        record.missing.append(f"page {page.label}: ALTO file {page.alto.name}")
        return None
    try:
        return AltoIndex(parse_xml(page.alto.read_bytes(), str(page.alto)))
    except AltoRefused as exc:
        raise IngestError(str(page.alto), f"the page's ALTO file {exc}") from exc


def _page(files: _PageFiles, order: int, index: AltoIndex | None, record) -> PageRecord:
    page = PageRecord(label=files.label, order=order, text=index.text if index else None)
    if files.scan is not None:
        if files.scan.is_file():
            page.scan = Asset(files.scan.name, files.scan.read_bytes)
        else:
            record.missing.append(f"page {files.label}: image {files.scan.name}")
    if files.pdf is not None:
        if files.pdf.is_file():
            checked_pdf(files.pdf.read_bytes(), str(files.pdf), files.pdf.name)
            page.pdf = Asset(files.pdf.name, files.pdf.read_bytes)
        else:
            record.missing.append(f"page {files.label}: PDF {files.pdf.name}")
    return page


def _attach_articles(mets, record: EditionRecord, pages, indexes, where: str) -> None:
    """Each logical article, placed on the first page it is printed on (jumps to the rest)."""
    by_file = {fid: p.label for p in pages for fid in p.file_ids}
    records = {p.label: p for p in record.pages}
    articles = _articles(mets)
    if len(articles) > MAX_ARTICLES:
        raise IngestError(where, f"{len(articles)} articles in one issue; at most {MAX_ARTICLES}")
    for article in articles:
        built = _article_record(article, by_file, indexes, where)
        if built is None:
            continue
        label, made = built
        made.order = len(records[label].articles) + 1
        records[label].articles.append(made)


def _articles(mets: etree._Element) -> list[_Article]:
    logical = _struct_map(mets, "LOGICAL")
    if logical is None:
        return []
    mods = _mods_by_id(mets)
    links = _struct_links(mets)
    out = []
    for div in descendants(logical, "div"):
        if (div.get("TYPE") or "").lower() not in _ARTICLE_TYPES:
            continue
        title = next((t for d in _dmd_ids(div) if (t := _mods_title(mods.get(d)))), "")
        found = _nested_links(div) + links.get(div.get("ID", ""), [])
        out.append(_Article(title or (div.get("LABEL") or "").strip(), found))
    return out


def _nested_links(div: etree._Element) -> list[_Link]:
    """Areas inside the article's own divisions; those under a title division are its title."""
    links = []
    for area in descendants(div, "area"):
        if area.get("BEGIN") and area.get("FILEID"):
            titled = any(
                (a.get("TYPE") or "").lower() in _TITLE_TYPES for a in area.iterancestors()
            )
            links.append(
                _Link(area.get("FILEID", ""), area.get("BEGIN", ""), area.get("END", ""), titled)
            )
    return links


def _struct_links(mets: etree._Element) -> dict[str, list[_Link]]:
    """``structLink`` groups: article division ID -> the page areas it is joined to."""
    areas = {}
    physical = _struct_map(mets, "PHYSICAL")
    for div in [] if physical is None else descendants(physical, "div"):
        found = [a for a in descendants(div, "area") if a.get("BEGIN") and a.get("FILEID")]
        if found and div.get("ID"):
            areas[div.get("ID", "")] = [
                _Link(a.get("FILEID", ""), a.get("BEGIN", ""), a.get("END", "")) for a in found
            ]
    out: dict[str, list[_Link]] = {}
    for group in descendants(mets, "smLinkGrp"):
        targets = [locat_href(loc).lstrip("#") for loc in group if local(loc) == "smLocatorLink"]
        if len(targets) > 1:
            out.setdefault(targets[0], []).extend(
                link for t in targets[1:] for link in areas.get(t, [])
            )
    return out


def _article_record(article: _Article, by_file, indexes, where: str):
    """The article as (label of its first page, ArticleRecord), or None when nothing is printed."""
    regions: list[tuple[str, _Link, Region]] = []
    for link in article.links:
        label = by_file.get(link.file_id)
        index = indexes.get(label) if label else None
        region = index.region(link.begin, link.end) if index else None
        if region is not None and region.lines:
            regions.append((label, link, region))
    if not regions:
        return None
    title = article.title or " ".join(r.text for _, link, r in regions if link.title)
    paragraphs = _paragraphs([(label, r) for label, link, r in regions if not link.title])
    record = ArticleRecord(
        order=0,
        headline=" ".join(title.split())[:300],
        blocks=[{"type": "paragraph", "text": p} for p in paragraphs if p.strip()],
        source=where,
    )
    hotspots = _hotspots(regions)
    first = regions[0][0]
    record.hotspot = hotspots.pop(first)
    record.jumps = list(hotspots.items())
    return first, record


def _paragraphs(regions: list[tuple[str, Region]]) -> list[str]:
    """One paragraph per ALTO block: word ranges linked one by one (BL) join up again."""
    out: list[str] = []
    last: tuple[str, str] | None = None
    for label, region in regions:
        key = (label, region.block)
        if out and key == last and region.block:
            out[-1] += " " + region.text
        else:
            out.append(region.text)
        last = key
    return out


def _hotspots(regions) -> dict[str, list]:
    """Per page (in the order first met), the article's boxes as polygons, stacked boxes merged."""
    boxes: dict[str, list[Box]] = {}
    for label, _, region in regions:
        boxes.setdefault(label, []).extend(region.boxes)
    return {label: [_polygon(b) for b in _merged(found)] for label, found in boxes.items()}


def _merged(boxes: list[Box]) -> list[Box]:
    """Boxes of one column stacked one under the other become one box."""
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[0], b[1])):
        last = out[-1] if out else None
        if (
            last
            and abs(box[0] - last[0]) < 150
            and abs(box[2] - last[2]) < 150
            and box[1] - last[3] < 150
        ):
            out[-1] = (
                min(last[0], box[0]),
                min(last[1], box[1]),
                max(last[2], box[2]),
                max(last[3], box[3]),
            )
        else:
            out.append(box)
    return out


def _polygon(box: Box) -> list[list[float]]:
    x0, y0, x1, y1 = (v / SCALE for v in box)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


class MetsAltoFormat:
    name = "mets-alto"
    container = True

    def sniff(self, source: Source) -> bool:
        path = source.path
        return path is not None and path.is_dir() and mets_file(path) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        path = source.path
        found = mets_file(path) if path is not None and path.is_dir() else None
        if found is None:
            yield IngestError(
                source.name, "no issue METS here (a *mets*.xml with a LOGICAL structMap)"
            )
            return
        try:
            yield read_issue(found, options)
        except IngestError as exc:
            yield exc
