"""iArchives export XML: a vendor's article-segmented issue (not ALTO, though often called so).

iArchives digitised newspapers for American libraries (the University of Utah's
Digital Newspapers among them) and delivered each issue as a folder in its own
namespace, ``http://www.iarchives.com/schema/2002/export``:

- ``unit.xml`` (the issue): the collection title, header items (``volume``,
  ``number``, ``date``) and the pages and articles in order;
- ``pages/*.xml``: the page number and the page's word stream, each word a node
  ``<n>`` with its box(es) ``<r l t r b>`` (where the scan was measured) and its
  reading(s) ``<o>``; the page PDF it names (``image-file``), and its scan, when
  there is one, in ``pages/images/`` under the PDF's name;
- ``articles/*.xml``: the classification (article, advertising, masthead,
  unclassified) and one ``article-page`` per page it is printed on, each holding
  clippings (a rectangle of the page) whose elements are the headline, the
  subheadline and zones of text. A clipping's zones and words are placed from the
  clipping's own corner; the page's words from the page's corner.

Each issue becomes one edition. Only classification ``article`` becomes an
article: advertising, the masthead and unclassified clippings (running heads,
title blocks) are not stories, as METS/ALTO's adverts and mastheads are not; their
words stay searchable in the page's text. An article's first page holds it and
its hotspot (its zones' boxes); the pages it continues on are its jumps (转版).

Coordinates are in the units of the page's scan (pixels) or, for an issue without
scans, of its page PDF (points). A page's frame is therefore its scan's size, else
its PDF's size enlarged just enough to hold what the XML places on it, else that
extent alone; dividing by it gives the page-relative positions hotspots and the
text store use. A node with two readings (two OCR engines) is read by its first; a
word broken across two lines (two boxes) is placed whole on the line it starts on,
so it is found whole by search (docs/formats/iarchives.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import posixpath
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image

from broadsheet.editions import validate
from broadsheet.pages.textlayer import ALTO, SCALE, Line, PageText

from ..errors import IngestError
from ..limits import limits
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions, newspaper_slug
from .pdfs import checked_pdf
from .xmltext import child, children, clean, local, parse_xml, path_of, text_of

NAMESPACE = b"http://www.iarchives.com/schema/2002/export"
ORDINAL_OFFSET = 368  # the date header's value is date.toordinal() + 368
MAX_PAGES = 1000  # per issue: far above a real one, bounds on a hostile unit.xml
MAX_ARTICLES = 2000
MAX_COORDINATE = 1_000_000  # a scan 1,000,000 pixels across is no scan
_ARTICLE_CLASSES = {"article", ""}  # no classification given: the vendor's default, a story
_UNTITLED = {"", "untitled"}
_SCAN_SUFFIXES = (".tif", ".tiff", ".jp2", ".png", ".jpg")

Rect = tuple[float, float, float, float]  # l, t, r, b in the page's own units


@dataclass
class _Word:
    text: str
    boxes: list[Rect]


@dataclass
class _Page:
    """A page as read, before its frame is known: its record, words and where things lie."""

    xml: Path
    record: PageRecord
    words: list[_Word]
    scan_size: tuple[float, float] | None = None
    accuracy: float | None = None  # the vendor's measured word accuracy, 0..1
    image: str = ""  # the page image's name without extension, as reports name the page
    pdf_size: tuple[float, float] | None = None
    placed: list[Rect] = field(default_factory=list)  # every box the XML puts on the page

    def frame(self) -> tuple[float, float]:
        """The page's size in the units of its coordinates (see the module's docstring)."""
        extent = (
            max((b[2] for b in self.placed), default=0.0),
            max((b[3] for b in self.placed), default=0.0),
        )
        if self.scan_size is not None:
            return self.scan_size
        if self.pdf_size is not None:
            w, h = self.pdf_size
            k = max(1.0, extent[0] / w, extent[1] / h)
            return (w * k, h * k)
        return extent


@dataclass
class _Part:
    """Where an article is printed on one page: its zones' boxes and paragraphs."""

    page: _Page
    boxes: list[Rect] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class _Article:
    source: str
    headline: str = ""
    subheadline: str = ""
    parts: list[_Part] = field(default_factory=list)


# --- recognising an issue ----------------------------------------------------------------


def unit_file(path: Path) -> Path | None:
    """The issue's ``unit.xml``: ``path`` itself or the one in folder ``path``."""
    found = path / "unit.xml" if path.is_dir() else path
    return found if found.is_file() and _is_unit(found) else None


def _is_unit(path: Path) -> bool:
    """Root ``<unit>`` in the iArchives namespace, read from the first bytes (broken XML too)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    return re.search(rb"<unit[\s>]", head) is not None and NAMESPACE in head


# --- the issue -----------------------------------------------------------------------------


def read_unit(path: Path, options: IngestOptions) -> EditionRecord:
    where = str(path)
    unit = parse_xml(path.read_bytes(), where)
    if local(unit) != "unit":
        raise IngestError(where, f"not an iArchives unit: its root is <{local(unit)}>")
    headers = _headers(unit)
    title = clean(unit.get("collection-title") or "")[:200]
    title = "" if title.lower() in _UNTITLED else title
    record = EditionRecord(
        newspaper=options.newspaper or newspaper_slug(title, where, "the unit's title"),
        newspaper_name=options.newspaper_name or title or path.parent.name,
        date=options.date or _date(headers.get("date"), where),
        issue_number=_issue_number(headers.get("number")),
        source=where,
        language="en",
    )
    pages = _pages(unit, path.parent, record, where)
    _measured(pages, path.parent / "accuracy-report.csv")
    articles = _articles(unit, path.parent, pages, record, where)
    _finish_pages(pages)
    _attach(record, articles)
    return record


def _headers(el: etree._Element) -> dict[str, etree._Element]:
    """Header items by name (the first of each)."""
    out: dict[str, etree._Element] = {}
    for item in children(el, "header-item"):
        out.setdefault(item.get("name") or "", item)
    return out


def _date(item: etree._Element | None, where: str) -> dt.date:
    """The issue date: the header's text (``13-DEC-1944``) and its value (an ordinal) agreeing."""
    if item is None:
        raise IngestError(where, "the unit has no date header item: give --date")
    written = _written_date(text_of(item))
    counted = _counted_date(item.get("value") or "")
    if written and counted and written != counted:
        raise IngestError(
            where,
            f"the date header says {text_of(item)!r} but its value {item.get('value')!r} "
            f"means {counted.isoformat()}: give --date",
        )
    date = written or counted
    if date is None:
        raise IngestError(where, f"the date header {text_of(item)!r} is not a date: give --date")
    problem = validate.date_problem(date)
    if problem is not None:
        raise IngestError(where, problem)
    return date


def _written_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%d-%b-%Y").date()
    except ValueError:
        return None


def _counted_date(value: str) -> dt.date | None:
    if not value.isdigit() or len(value) > 7:
        return None
    try:
        return dt.date.fromordinal(int(value) - ORDINAL_OFFSET)
    except ValueError:
        return None


def _issue_number(item: etree._Element | None) -> int | None:
    value = "" if item is None else (item.get("value") or text_of(item))
    return int(value) if value.isdigit() and len(value) < 9 else None


def _inside(folder: Path, href: str, base: Path, where: str) -> Path:
    """``href`` from ``base``, refused when it leads out of the issue folder."""
    rel = posixpath.normpath(href.strip())
    path = (base / rel).resolve()
    if not href.strip() or rel.startswith("/") or not path.is_relative_to(folder.resolve()):
        raise IngestError(where, f"the file {href!r} lies outside the issue folder; refused")
    return path


def _refs(el: etree._Element, group: str, name: str) -> list[str]:
    return [r.get("href") or "" for r in children(child(el, group), name)]


# --- pages ---------------------------------------------------------------------------------


def _pages(unit, folder: Path, record: EditionRecord, where: str) -> dict[Path, _Page]:
    """Each page the unit lists and the issue holds, by its file, in the unit's order."""
    refs = _refs(unit, "pages", "page-ref")
    if not refs:
        raise IngestError(where, "the unit lists no page")
    if len(refs) > MAX_PAGES:
        raise IngestError(where, f"{len(refs)} pages in one issue; at most {MAX_PAGES}")
    pages: dict[Path, _Page] = {}
    for href in refs:
        path = _inside(folder, href, folder, where)
        if path in pages:  # listed twice: one page
            continue
        if not path.is_file():
            record.missing.append(f"page {href}")
            continue
        page = _page(path, folder, len(pages) + 1, [p.record for p in pages.values()], record)
        pages[path] = page
    if not pages:
        raise IngestError(where, "none of the pages the unit lists is here")
    record.pages = [p.record for p in pages.values()]
    return pages


def _page(path: Path, folder: Path, order: int, done: list[PageRecord], record) -> _Page:
    """One page file: its label, words, PDF and scan (words and boxes placed later)."""
    where = str(path)
    root = parse_xml(path.read_bytes(), where)
    if local(root) != "page":
        raise IngestError(where, f"not an iArchives page: its root is <{local(root)}>")
    label = _label(_headers(root).get("page"), order, done)
    page = _Page(path, PageRecord(label=label, order=order), _words(child(root, "nodes"), where))
    page.accuracy = _percent(root.get("predicted-word-accuracy") or "")
    page.placed = [b for w in page.words for b in w.boxes]
    named = (root.get("image-file") or "").strip()
    pdf = _inside(folder, named, path.parent, where) if named else None
    page.image = pdf.stem if pdf is not None else path.stem
    if pdf is not None:
        _attach_pdf(page, pdf, record)
    images = (pdf.parent.parent if pdf is not None else path.parent) / "images"
    _attach_scan(page, images, page.image)
    return page


def _label(item: etree._Element | None, order: int, done: list[PageRecord]) -> str:
    """The printed page number (``value="1"``, else the text) unless unusable or taken."""
    taken = {p.label for p in done}
    for given in ("" if item is None else item.get("value") or "", text_of(item)):
        given = given.strip()
        if given and validate.label_problem(given) is None and given not in taken:
            return given
    return str(order) if str(order) not in taken else f"p{order}"


def _attach_pdf(page: _Page, pdf: Path, record: EditionRecord) -> None:
    if not pdf.is_file():
        record.missing.append(f"page {page.record.label}: PDF {pdf.name}")
        return
    sizes = checked_pdf(pdf.read_bytes(), str(pdf), pdf.name)
    page.pdf_size = sizes[0]
    page.record.pdf = Asset(pdf.name, pdf.read_bytes)


def _attach_scan(page: _Page, folder: Path, stem: str) -> None:
    """The page's scan, found beside the PDFs by the PDF's name (the XML names no scan)."""
    found = next((p for s in _SCAN_SUFFIXES if (p := folder / f"{stem}{s}").is_file()), None)
    if found is None:
        return
    page.scan_size = _scan_size(found)
    page.record.scan = Asset(found.name, found.read_bytes)


def _scan_size(path: Path) -> tuple[float, float]:
    """The scan's size in pixels, from its header; a scan past the ingest limit refused."""
    bound = limits().image_pixels
    try:
        with Image.open(path) as scan:  # reads the header only
            width, height = scan.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise IngestError(str(path), f"is not an image Pillow can decode: {exc}") from exc
    if width * height > bound:
        raise IngestError(
            str(path),
            f"is a {width} x {height} pixel image, more than the limit of {bound:,} pixels "
            "(BROADSHEET_INGEST_LIMITS image_pixels)",
        )
    return (float(width), float(height))


def _percent(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number / 100 if 0 <= number <= 100 else None


def _measured(pages: dict[Path, _Page], report: Path) -> None:
    """Each page's computed OCR accuracy from the delivery's ``accuracy-report.csv``.

    The vendor measured it page by page; it becomes the confidence of the page's
    lines, which the reader shows beside machine-read text. A report that is absent,
    too large or not as expected changes nothing: it is a note, not the issue.
    """
    if not report.is_file() or report.stat().st_size > 1024 * 1024:
        return
    by_image = {p.image: p for p in pages.values()}
    text = report.read_bytes().decode("utf-8", "replace")
    for row in csv.DictReader(io.StringIO(text)):
        page = by_image.get((row.get("Image") or "").strip())
        accuracy = _percent((row.get("Page Accuracy (Computed)") or "").strip())
        if page is not None and accuracy is not None:
            page.accuracy = accuracy


# --- words ---------------------------------------------------------------------------------


def _words(nodes: etree._Element | None, where: str, origin=(0.0, 0.0)) -> list[_Word]:
    """The nodes' words in order: each node's first reading, its boxes moved by ``origin``."""
    words = []
    for node in children(nodes, "n"):
        reading = next(
            (clean(o.text or "") for o in children(node, "o") if clean(o.text or "")), ""
        )
        if reading:
            boxes = [_moved(_rect(r, where), origin) for r in children(node, "r")]
            words.append(_Word(reading, boxes))
    return words


def _rect(el: etree._Element, where: str) -> Rect:
    """The element's ``l t r b``; a missing, negative or absurd number is an error here."""
    values = []
    for name in ("l", "t", "r", "b"):
        raw = el.get(name) or ""
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not 0 <= value <= MAX_COORDINATE:
            raise IngestError(where, f"{name}={raw!r} is not a position on the page", path_of(el))
        values.append(value)
    left, top, right, bottom = values
    return (min(left, right), min(top, bottom), max(left, right), max(top, bottom))


def _moved(rect: Rect, origin: tuple[float, float]) -> Rect:
    x, y = origin
    return (rect[0] + x, rect[1] + y, rect[2] + x, rect[3] + y)


def _page_text(page: _Page, frame: tuple[float, float]) -> PageText | None:
    """The page's words as lines with boxes (the text store's ALTO-like shape), or None."""
    placed = [(w.text, w.boxes[0]) for w in page.words if w.boxes]
    if not placed or not frame[0] or not frame[1]:
        return None
    lines = [_line(group, frame) for group in _grouped(placed)]
    for line in lines:
        line.conf = page.accuracy
    return PageText(source=ALTO, lines=lines, width=frame[0], height=frame[1])


def _grouped(placed: list[tuple[str, Rect]]) -> list[list[tuple[str, Rect]]]:
    """Words into lines, in the stream's order: a word off the line's height or left of its
    last word's start begins a new line."""
    lines: list[list[tuple[str, Rect]]] = []
    for word in placed:
        box = word[1]
        middle = (box[1] + box[3]) / 2
        last = lines[-1][-1][1] if lines else None
        if last is None or not last[1] <= middle <= last[3] or box[0] < last[0] - 2:
            lines.append([word])
        else:
            lines[-1].append(word)
    return lines


def _line(words: list[tuple[str, Rect]], frame: tuple[float, float]) -> Line:
    """One line: each word's characters spread over its box, a space over the gap after it."""

    def x(v: float) -> int:
        return min(max(round(v * SCALE / frame[0]), 0), SCALE)

    def y(v: float) -> int:
        return min(max(round(v * SCALE / frame[1]), 0), SCALE)

    edges: list[int] = []
    for i, (text, box) in enumerate(words):
        step = (box[2] - box[0]) / len(text)
        edges.extend(x(box[0] + k * step) for k in range(len(text)))
        if i + 1 < len(words):
            edges.append(x(box[2]))  # the space after the word runs to the next one
    edges.append(x(words[-1][1][2]))
    edges = list(itertools.accumulate(edges, max))  # overlapping boxes never run back
    boxes = [b for _, b in words]
    return Line(
        text=" ".join(t for t, _ in words),
        box=(
            x(min(b[0] for b in boxes)),
            y(min(b[1] for b in boxes)),
            x(max(b[2] for b in boxes)),
            y(max(b[3] for b in boxes)),
        ),
        edges=edges,
        size=y(statistics.median(b[3] - b[1] for b in boxes)),
    )


# --- articles ------------------------------------------------------------------------------


def _articles(unit, folder: Path, pages: dict[Path, _Page], record, where: str) -> list[_Article]:
    refs = _refs(unit, "articles", "article-ref")
    if len(refs) > MAX_ARTICLES:
        raise IngestError(where, f"{len(refs)} articles in one issue; at most {MAX_ARTICLES}")
    out, seen = [], set()
    for href in sorted(refs, key=_numbered):
        path = _inside(folder, href, folder, where)
        if path in seen:  # listed twice: one article
            continue
        seen.add(path)
        if not path.is_file():
            record.missing.append(f"article {href}")
            continue
        article = _article(path, folder, pages)
        if article is not None:
            out.append(article)
    return out


def _numbered(href: str) -> int:
    """Article files are numbered ``0.xml`` … ``N.xml``: in number order (10 after 9, not 1).

    A name that is no number keeps its place after the numbered ones (a stable sort).
    """
    stem = posixpath.splitext(posixpath.basename(href))[0]
    return int(stem) if stem.isdigit() and len(stem) < 9 else MAX_ARTICLES * 10


def _article(path: Path, folder: Path, pages: dict[Path, _Page]) -> _Article | None:
    """A story's headline and parts; None for advertising, mastheads and unclassified."""
    where = str(path)
    root = parse_xml(path.read_bytes(), where)
    if local(root) != "article":
        raise IngestError(where, f"not an iArchives article: its root is <{local(root)}>")
    classification = (root.get("classification") or "").strip().lower()
    article = _Article(where)
    for part in children(root, "article-page"):
        page = pages.get(_inside(folder, part.get("href") or "", path.parent, where))
        if page is not None:  # a page the issue lacks is in the summary already
            article.parts.append(_part(part, page, article, where))
    article.parts = [p for p in article.parts if p.boxes]
    if classification not in _ARTICLE_CLASSES or not article.parts:
        return None
    article.headline = article.headline or text_of(_headers(root).get("headline"))
    return article


def _part(el: etree._Element, page: _Page, article: _Article, where: str) -> _Part:
    part = _Part(page)
    for clipping in children(el, "article-clipping"):
        clip = _rect(clipping, where)
        zones = 0
        for element in children(clipping, "article-element"):
            zones += _element(element, clip, part, article, where)
        if not zones:
            part.boxes.append(clip)
        page.placed.append(clip)
    return part


def _element(el: etree._Element, clip: Rect, part: _Part, article: _Article, where: str) -> int:
    """One headline, subheadline or text element of a clipping; returns its zone count."""
    kind = (el.get("type") or "").lower()
    zones = children(el, "zone")
    texts = [text_of(child(el, "text"))] + [_zone(z, clip, part, where) for z in zones]
    text = " ".join(t for t in texts if t)
    if kind == "headline":
        article.headline = article.headline or text[:300]
    elif kind == "subheadline":
        article.subheadline = article.subheadline or text[:300]
    elif text:
        part.paragraphs.extend(t for t in texts if t)
    return len(zones)


def _zone(zone: etree._Element, clip: Rect, part: _Part, where: str) -> str:
    """The zone's box on the page and its text (its words, else its ``zone-text``)."""
    origin = (clip[0], clip[1])
    box = _moved(_rect(zone, where), origin)
    inside = (
        max(box[0], clip[0]),
        max(box[1], clip[1]),
        min(box[2], clip[2]),
        min(box[3], clip[3]),
    )
    if inside[0] < inside[2] and inside[1] < inside[3]:
        part.boxes.append(inside)
    words = _words(child(zone, "nodes"), where, origin)
    return " ".join(w.text for w in words) or text_of(child(zone, "zone-text"))


# --- into records --------------------------------------------------------------------------


def _finish_pages(pages: dict[Path, _Page]) -> None:
    for page in pages.values():
        frame = page.frame()
        page.record.text = _page_text(page, frame)


def _attach(record: EditionRecord, articles: list[_Article]) -> None:
    """Each story on the first page it is printed on, continuing (转版) on the others."""
    for article in articles:
        by_page: dict[str, list] = {}
        for part in article.parts:
            polygons = by_page.setdefault(part.page.record.label, [])
            polygons.extend(_polygon(b, part.page.frame()) for b in part.boxes)
        first = article.parts[0].page.record
        made = ArticleRecord(
            order=len(first.articles) + 1,
            headline=article.headline,
            subheadline=article.subheadline,
            blocks=[
                {"type": "paragraph", "text": t} for part in article.parts for t in part.paragraphs
            ],
            hotspot=by_page.pop(first.label),
            source=article.source,
        )
        made.jumps = list(by_page.items())
        first.articles.append(made)


def _polygon(box: Rect, frame: tuple[float, float]) -> list[list[float]]:
    w, h = frame
    x0, x1 = (min(max(v / w, 0.0), 1.0) for v in (box[0], box[2]))
    y0, y1 = (min(max(v / h, 0.0), 1.0) for v in (box[1], box[3]))
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


class IArchivesFormat:
    name = "iarchives"
    container = True

    def sniff(self, source: Source) -> bool:
        return source.path is not None and unit_file(source.path) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        found = unit_file(source.path) if source.path is not None else None
        if found is None:
            yield IngestError(
                source.name, "no iArchives unit.xml here (root <unit> in its namespace)"
            )
            return
        try:
            yield read_unit(found, options)
        except IngestError as exc:
            yield exc
