"""Olive Software's ActivePaper / XMD repository (PRXML): an article-segmented issue.

Many e-paper vendors and library digitisers (the Swiss impresso papers among
them) delivered issues in Olive's repository layout, one folder per issue:

- ``TOC.xml`` (root ``<Xmd_toc>``): the publication code, the issue date, the
  pages in order (``<Page PAGE_LABEL ... HREF="/1/Pg001">``) and on each page its
  entities, ``Article`` or ``Ad`` (``<Entity ID="Ar00100" HREF="/1/Ar00100"
  CONTINUATION_TO="Ar00200">``);
- ``Document/N/PgNNN.xml``: the page's size and the files the producer made;
- ``Document/N/ArNNNNN.xml`` / ``AdNNNNN.xml``: one entity, its headline
  (``HedLine_hl1``) and body (``Content``) as ``Primitive`` blocks of lines
  (``<L>``, a paragraph starts where it has ``P``) and words (``<W>``, ``NS="y"``:
  no space after it; a word printed in pieces, or broken across lines, is
  ``<Q>``/``<q>`` pieces followed by the whole word ``<QW>``);
- ``Res/PDF/PgNNNN_s_NNNN.pdf`` page PDFs and ``Document/N/Img/`` page images,
  which deliveries often leave out.

Files are windows-1252 as their XML declarations say, read through the safe
parser that honours the declaration.

The page size is given in page units (``PAGE_WIDTH`` at the default resolution
of ``<Resolutions>``, 57 dpi in the sample), while every box of an entity file
is in pixels at ``IMAGES_RESOLUTION`` (144 dpi): 144/57 times the page units,
not twice them. The grid those boxes live on is taken from the scanned page
(``PAGE_IMG`` width at its dpi, brought to ``IMAGES_RESOLUTION``), else from the
page size at its resolution; a box far outside it means the scale is wrong and
is refused rather than drawn somewhere else.

Each ``Article`` becomes an ``ArticleRecord`` (headline from ``HedLine_hl1``,
paragraphs from the words, a hotspot from its blocks); a part continued on a
later page (``CONTINUATION_TO``/``CONTINUATION_FROM``) joins it as a 转版. Ads
are not articles; their words, like every entity's, go into the page's text
with boxes (docs/formats/olive.md).
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from broadsheet.editions import validate
from broadsheet.pages.textlayer import ALTO, SCALE, Box, Line, PageText

from ..errors import IngestError
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions, newspaper_slug
from .pdfs import checked_pdf
from .xmltext import clean, local, parse_xml

TOC = "TOC.xml"
MAX_ENTITIES = 2000  # per issue: far above a real one, a bound on a hostile TOC
MAX_XML = 64 * 1024 * 1024  # bytes of one XML file
MAX_NUMBER = 1_000_000  # page sizes, resolutions: anything larger is not a page
SLACK = 1.05  # a box may overrun its page grid by this much (clamped); more is refused
_HREF = re.compile(r"/?(\d{1,4})/([A-Za-z]{1,4}\d{1,12})")
_ISO_DATE = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})")
_PARAGRAPH_STARTS = {"S", "SA"}
_SOFT_HYPHENS = {"-", "¬", "\u00ad"}
_WEB_IMAGES = (".png", ".jpg", ".jpeg", ".gif")
_TOKENS = ("L", "W", "Q", "q", "QW")
_LANGUAGES = {
    "french": "fr",
    "german": "de",
    "english": "en",
    "italian": "it",
    "dutch": "nl",
    "spanish": "es",
    "portuguese": "pt",
    "luxembourgish": "lb",
    "hebrew": "he",
    "chinese": "zh",
}

SourceBox = tuple[float, float, float, float]


@dataclass
class _Grid:
    """The pixel grid of an entity file's boxes on one page, and the file being read."""

    width: float
    height: float
    file: str = ""

    def box(self, el: etree._Element) -> Box:
        """``BOX="x0 y0 x1 y1"`` in ``SCALE`` units; a box far off the page is refused."""
        x0, y0, x1, y1 = _source_box(el, self.file)
        if x1 > self.width * SLACK or y1 > self.height * SLACK:
            raise IngestError(
                self.file,
                f"the box {' '.join(f'{v:g}' for v in (x0, y0, x1, y1))} lies far outside "
                f"its page ({self.width:.0f} x {self.height:.0f} pixels)",
                _at(el),
            )
        return (self._x(x0), self._y(y0), self._x(x1), self._y(y1))

    def _x(self, value: float) -> int:
        return min(max(round(value * SCALE / self.width), 0), SCALE)

    def _y(self, value: float) -> int:
        return min(max(round(value * SCALE / self.height), 0), SCALE)


@dataclass
class _Entity:
    """An entity as the TOC lists it."""

    id: str
    kind: str  # "Article" or "Ad"
    name: str
    path: Path
    reading: int  # INDEX_IN_DOC: its place in the reading order of the issue
    after: str = ""  # the entity it continues (CONTINUATION_FROM)
    before: str = ""  # the entity continuing it (CONTINUATION_TO)


@dataclass
class _Page:
    label: str
    order: int
    name: str
    el: etree._Element  # the TOC's <Page>
    xml: Path
    toc: str  # the TOC's path, for messages about what it says
    entities: list[_Entity] = field(default_factory=list)


@dataclass
class _Part:
    """One article entity read: its page, texts and areas there."""

    entity: _Entity
    label: str
    headline: str
    subheadline: str
    paragraphs: list[str]
    polygons: list[list[list[float]]]


def toc_file(folder: Path) -> Path | None:
    """The issue's ``TOC.xml`` when ``folder`` is an Olive issue (beside a ``Document`` folder)."""
    toc = folder / TOC
    if not toc.is_file() or not (folder / "Document").is_dir():
        return None
    with toc.open("rb") as fh:
        head = fh.read(4096)
    return toc if re.search(rb"<Xmd_toc[\s>]", head) else None


def read_issue(toc_path: Path, options: IngestOptions) -> EditionRecord:
    where = str(toc_path)
    toc = _parse(toc_path)
    if toc.tag != "Xmd_toc":
        raise IngestError(where, f"is not an Olive TOC: its root is <{local(toc)}>, not <Xmd_toc>")
    meta = toc.find("Head_np/Meta")
    code = (toc.get("PUBLICATION") or "").strip()
    name = clean(toc.get("PUBLICATION_DESCRIPTION") or "") or code
    record = EditionRecord(
        newspaper=options.newspaper
        or newspaper_slug(code, where, f"the TOC's PUBLICATION {code!r}"),
        newspaper_name=options.newspaper_name or name[:200] or toc_path.parent.name,
        date=options.date or _date(toc, meta, where),
        source=where,
        language=_LANGUAGES.get((toc.get("LANGUAGE") or "").strip().lower(), ""),
    )
    pages = _pages(toc, toc_path.parent, where)
    parts: list[_Part] = []
    for page in pages:
        built, part_list = _page_record(page, toc_path.parent, meta, record)
        record.pages.append(built)
        parts += part_list
    _attach(record, parts)
    return record


def _parse(path: Path) -> etree._Element:
    if path.stat().st_size > MAX_XML:
        raise IngestError(str(path), f"is larger than {MAX_XML // 2**20} MB; refused")
    return parse_xml(path.read_bytes(), str(path))


def _date(toc: etree._Element, meta: etree._Element | None, where: str) -> dt.date:
    """The issue date, from the year-first paths the issue is filed under where they are.

    ``ISSUE_DATE`` is day-first (``02/01/1900``) in European deliveries and may be
    month-first in others, so a date both ways is taken only when ``BASE_HREF`` or
    ``RELEASE_NO`` (``GDL/1900/01/02``, ``103-GDL-1900-01-02-0001``) settles it.
    """
    issued = (toc.get("ISSUE_DATE") or "").strip()
    readings = _readings(issued)
    filed = _filed_date(meta, toc)
    if filed is not None and (not readings or filed in readings):
        date = filed
    elif len(readings) == 1:
        date = readings.pop()
    else:
        why = "is not a date" if not readings else "reads two ways and nothing settles it"
        raise IngestError(where, f"the ISSUE_DATE {issued!r} {why}: give --date")
    problem = validate.date_problem(date)
    if problem is not None:
        raise IngestError(where, problem)
    return date


def _readings(issued: str) -> set[dt.date]:
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", issued)
    if match is None:
        return set()
    first, second, year = (int(v) for v in match.groups())
    return {d for d in (_day(year, second, first), _day(year, first, second)) if d}


def _filed_date(meta: etree._Element | None, toc: etree._Element) -> dt.date | None:
    for value in ((meta.get("BASE_HREF") if meta is not None else ""), toc.get("RELEASE_NO")):
        match = _ISO_DATE.search(value or "")
        if match and (date := _day(*(int(v) for v in match.groups()))):
            return date
    return None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pages(toc: etree._Element, folder: Path, where: str) -> list[_Page]:
    """The TOC's pages in order, each with its entities; paths checked to stay in the issue."""
    pages: list[_Page] = []
    count = 0
    for el in toc.iterfind("Body_np/Section/Page"):
        parent = el.getparent()
        section = (parent.get("NAME") or "").strip() if parent is not None else ""
        page = _Page(
            label=_label(el.get("PAGE_LABEL") or "", len(pages) + 1, pages),
            order=len(pages) + 1,
            name=clean(el.get("NAME") or "") or ("" if section in ("", "None") else section),
            el=el,
            xml=_href(folder, el.get("HREF") or "", where, el),
            toc=where,
        )
        page.entities = [_entity(e, folder, where) for e in el.iterfind("Entity")]
        count += len(page.entities)
        pages.append(page)
    if not pages:
        raise IngestError(where, "the TOC lists no pages (Body_np/Section/Page)")
    if count > MAX_ENTITIES:
        raise IngestError(where, f"{count} entities in one issue; at most {MAX_ENTITIES}")
    return pages


def _label(given: str, order: int, pages: list[_Page]) -> str:
    taken = {p.label for p in pages}
    given = given.strip()
    if given and validate.label_problem(given) is None and given not in taken:
        return given
    return str(order) if str(order) not in taken else f"p{order}"


def _href(folder: Path, href: str, where: str, el: etree._Element) -> Path:
    """``HREF="/1/Ar00100"`` as ``Document/1/Ar00100.xml``; anything else is refused."""
    match = _HREF.fullmatch(href.strip())
    if match is None:
        raise IngestError(
            where, f"HREF {href[:80]!r} is not a page or entity of the issue", _at(el)
        )
    return folder / "Document" / match.group(1) / f"{match.group(2)}.xml"


def _entity(el: etree._Element, folder: Path, where: str) -> _Entity:
    reading = el.get("INDEX_IN_DOC") or ""
    return _Entity(
        id=el.get("ID") or "",
        kind=(el.get("ENTITY_TYPE") or "").strip(),
        name=clean(html.unescape(el.get("NAME") or "")),
        path=_href(folder, el.get("HREF") or "", where, el),
        reading=int(reading) if reading.isdigit() else MAX_ENTITIES,
        after=el.get("CONTINUATION_FROM") or "",
        before=el.get("CONTINUATION_TO") or "",
    )


def _at(el: etree._Element) -> str:
    return f"<{local(el)}> (line {el.sourceline})"


def _page_record(
    page: _Page, folder: Path, toc_meta: etree._Element | None, record: EditionRecord
) -> tuple[PageRecord, list[_Part]]:
    """The page with its text and files, and the article entities printed on it."""
    page_xml = _page_xml(page, record)
    grid = _grid(page, page_xml, toc_meta)
    built = PageRecord(label=page.label, order=page.order, name=page.name[:100])
    built.width, built.height = _size(page, page_xml)
    lines: list[tuple[int, list[Line]]] = []
    figures: list[Box] = []
    parts: list[_Part] = []
    for entity in page.entities:
        root = _entity_xml(entity, page, record)
        if root is None:
            continue
        grid.file = str(entity.path)
        lines.append((entity.reading, _entity_lines(root, grid)))
        figures += [grid.box(img) for img in root.iter("Img") if img.get("BOX")]
        if entity.kind == "Article":
            parts.append(_part(entity, root, grid, page.label))
    ordered = [line for _, found in sorted(lines, key=lambda item: item[0]) for line in found]
    built.text = PageText(ALTO, ordered, figures, width=grid.width, height=grid.height)
    _files(built, page, folder, page_xml, record)
    return built, parts


def _page_xml(page: _Page, record: EditionRecord) -> etree._Element | None:
    missing = f"page {page.label}: page file {_shown(page.xml)}"
    return _part_xml(page.xml, "XMD-PAGE", "an Olive page", missing, record)


def _entity_xml(entity: _Entity, page: _Page, record: EditionRecord) -> etree._Element | None:
    kind = "ad" if entity.kind == "Ad" else "article"
    missing = f"page {page.label}: {kind} file {_shown(entity.path)}"
    return _part_xml(entity.path, "XMD-entity", "an Olive entity", missing, record)


def _part_xml(
    path: Path, root_tag: str, what: str, missing: str, record: EditionRecord
) -> etree._Element | None:
    """One of the issue's files, parsed; an absent one is reported missing (None)."""
    if not path.is_file():
        record.missing.append(missing)
        return None
    root = _parse(path)
    if root.tag != root_tag:
        raise IngestError(str(path), f"is not {what}: its root is <{local(root)}>")
    return root


def _shown(path: Path) -> str:
    """A file's path from the issue folder, as the summary names it."""
    parts = path.parts
    return "/".join(parts[parts.index("Document") :]) if "Document" in parts else path.name


def _page_meta(page: _Page, page_xml: etree._Element | None) -> list[etree._Element]:
    """Where the page's size may be stated: its own file's Meta, then the TOC's Page."""
    meta = page_xml.find("Meta") if page_xml is not None else None
    return [m for m in (meta, page.el) if m is not None]


def _size(page: _Page, page_xml: etree._Element | None) -> tuple[int, int]:
    width = height = None
    for el in _page_meta(page, page_xml):
        width = width or _number(el, "PAGE_WIDTH", _where(page, el))
        height = height or _number(el, "PAGE_HEIGHT", _where(page, el))
    if not width or not height:
        raise IngestError(page.toc, f"page {page.label} has no PAGE_WIDTH and PAGE_HEIGHT")
    return round(width), round(height)


def _where(page: _Page, el: etree._Element) -> str:
    """The file an element of the page's XML or of the TOC is in, for messages."""
    return str(page.xml) if el.getroottree().getroot().tag == "XMD-PAGE" else page.toc


def _grid(page: _Page, page_xml: etree._Element | None, toc_meta) -> _Grid:
    """The pixel grid entity boxes are on (see the module docstring)."""
    metas = _page_meta(page, page_xml) + ([toc_meta] if toc_meta is not None else [])
    res = next((r for m in metas if (r := _number(m, "IMAGES_RESOLUTION", _where(page, m)))), None)
    scan = page_xml.find("DataFiles/Files[@TYPE='PAGE_IMG']") if page_xml is not None else None
    if res and scan is not None:
        where = str(page.xml)
        width, height = (_number(scan, n, where) for n in ("IMAGE_WIDTH", "IMAGE_HEIGHT"))
        x_dpi, y_dpi = (_number(scan, n, where) for n in ("XRESOLUTION_DPI", "YRESOLUTION_DPI"))
        if width and height and x_dpi and y_dpi:
            return _Grid(width * res / x_dpi, height * res / y_dpi)
    size = _size(page, page_xml)
    base = next((b for m in metas if (b := _default_resolution(m, _where(page, m)))), None)
    scale = res / base if res and base else 1.0
    return _Grid(size[0] * scale, size[1] * scale)


def _default_resolution(meta: etree._Element, where: str) -> float | None:
    found = meta.find("Resolutions/Resolution[@DEFAULT='true']")
    if found is None:
        return None
    return _value((found.text or "").strip(), "Resolution", where, found)


def _number(el: etree._Element, name: str, where: str) -> float | None:
    """A positive number attribute; absent is None, anything absurd an error naming it."""
    raw = el.get(name)
    return None if raw is None or not raw.strip() else _value(raw, name, where, el)


def _value(raw: str, name: str, where: str, el: etree._Element) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_NUMBER):
        raise IngestError(where, f"{name}={raw[:40]!r} is not a sensible number", _at(el))
    return value


def _source_box(el: etree._Element, file: str) -> SourceBox:
    raw = el.get("BOX")
    try:
        x0, y0, x1, y1 = (float(v) for v in (raw or "").split())
    except ValueError:
        x0 = y0 = x1 = y1 = math.nan
    if not all(math.isfinite(v) and 0 <= v <= MAX_NUMBER for v in (x0, y0, x1, y1)) or (
        x1 < x0 or y1 < y0
    ):
        raise IngestError(file, f"BOX={(raw or '')[:60]!r} is not a box (x0 y0 x1 y1)", _at(el))
    return (x0, y0, x1, y1)


def _files(
    built: PageRecord, page: _Page, folder: Path, page_xml: etree._Element | None, record
) -> None:
    """The page's image and PDF where present; named as missing where the producer made them."""
    made = _made(page_xml if page_xml is not None else page.el.getroottree().getroot())
    image = _page_image(folder, page)
    if image is not None:
        built.scan = Asset(image.name, image.read_bytes)
    elif made.get("PAGE_IMG"):
        record.missing.append(f"page {page.label}: image {_expected_image(page, page_xml)}")
    pdf = _page_pdf(folder, page, page_xml)
    if pdf is not None and pdf.is_file():
        checked_pdf(pdf.read_bytes(), str(pdf), pdf.name)
        built.pdf = Asset(pdf.name, pdf.read_bytes)
    elif pdf is not None and made.get("PAGE_PDF"):
        shown = pdf.relative_to(folder.resolve()).as_posix()
        record.missing.append(f"page {page.label}: PDF {shown}")


def _made(root: etree._Element) -> dict[str, bool]:
    """Which files the producer says it made (``<Files TYPE="PAGE_PDF" PRESENT="1">``)."""
    files = root.find("DataFiles")
    if files is None:
        files = root.find("Head_np/DataFiles")
    found = [] if files is None else files.iterfind("Files")
    return {f.get("TYPE") or "": f.get("PRESENT") == "1" for f in found}


def _page_image(folder: Path, page: _Page) -> Path | None:
    """A page image where the issue holds one: the sharpest ``Img/PgNNN[_dpi].png``, else TIFF."""
    stem = page.xml.stem
    images = page.xml.parent / "Img"
    found = [p for p in images.iterdir() if _is_page_image(p, stem)] if images.is_dir() else []
    tiff = folder / "Res" / "PageImg" / f"Page{page.order:04d}.tif"
    found = found or ([tiff] if tiff.is_file() else [])
    inside = [p for p in found if p.resolve().is_relative_to(folder.resolve())]  # no links out
    return max(inside, key=lambda p: (_dpi(p.stem), p.suffix.lower() == ".png"), default=None)


def _is_page_image(path: Path, stem: str) -> bool:
    named = re.fullmatch(rf"{re.escape(stem)}(_\d{{1,4}})?", path.stem) is not None
    return named and path.suffix.lower() in _WEB_IMAGES and path.is_file()


def _dpi(stem: str) -> int:
    return int(stem.rsplit("_", 1)[1]) if "_" in stem else 0


def _expected_image(page: _Page, page_xml: etree._Element | None) -> str:
    meta = page_xml.find("Meta") if page_xml is not None else None
    ext = (meta.get("IMG_EXT") if meta is not None else None) or "png"
    return f"{_shown(page.xml.parent)}/Img/{page.xml.stem}.{ext.strip('.')[:8]}"


def _page_pdf(folder: Path, page: _Page, page_xml: etree._Element | None) -> Path | None:
    """The page PDF the XML names (``SINGLE_PAGE_PDF_NAME="/Res/PDF/Pg0001_s_0001.pdf"``)."""
    named = page.el.get("SINGLE_PAGE_PDF_NAME") or ""
    if not named and page_xml is not None and (meta := page_xml.find("Meta")) is not None:
        named = meta.get("SINGLE_PAGE_PDF_NAME") or ""
    if not named.strip():
        return None
    path = (folder / named.strip().lstrip("/\\")).resolve()
    if not path.is_relative_to(folder.resolve()) or path.suffix.lower() != ".pdf":
        raise IngestError(str(page.xml), f"the page PDF {named[:80]!r} is refused", _at(page.el))
    return path


# --- the words of an entity ------------------------------------------------------------


def _entity_lines(root: etree._Element, grid: _Grid) -> list[Line]:
    """Every printed line of the entity, in order, as the page's text with boxes."""
    out: list[Line] = []
    for primitive in root.iter("Primitive"):
        words: list[etree._Element] = []
        for el in primitive.iter("L", "W", "Q", "q"):
            if el.tag == "L":
                out += _line(words, grid)
                words = []
            else:
                words.append(el)
        out += _line(words, grid)
    return out


def _line(words: list[etree._Element], grid: _Grid) -> list[Line]:
    """One line: its words spaced as printed, each character placed along the word's box.

    A hyphen ending the line inside a broken word (a ``Q`` piece, not ``LH="y"``, the
    hard hyphen) is left out, as ALTO's ``HYP``: the word's halves read as one.
    """
    if words and words[-1].tag == "Q" and _soft_hyphen(words[-1]):
        words = words[:-1]
    pieces: list[tuple[str, Box]] = []
    glued = True
    for el in words:
        text = " ".join((el.text or "").split())
        if not text:
            continue
        box = grid.box(el)
        if not glued:
            pieces.append((" ", (pieces[-1][1][2], box[1], box[0], box[3])))
        pieces.append((text, box))
        glued = el.tag == "Q" or el.get("NS") == "y"
    return [_as_line(pieces)] if pieces else []


def _soft_hyphen(el: etree._Element) -> bool:
    return (el.text or "").strip() in _SOFT_HYPHENS and el.get("LH") != "y"


def _as_line(pieces: list[tuple[str, Box]]) -> Line:
    words = [box for text, box in pieces if text != " "]
    edges: list[int] = []
    for text, (x0, _, x1, _) in pieces:
        step = max(x1 - x0, 0) / len(text)
        edges += [round(x0 + i * step) for i in range(len(text))]
    edges.append(words[-1][2])
    for i in range(1, len(edges)):  # overlapping boxes never make edges run backwards
        edges[i] = max(edges[i], edges[i - 1])
    box = (
        min(b[0] for b in words),
        min(b[1] for b in words),
        max(b[2] for b in words),
        max(b[3] for b in words),
    )
    size = round(statistics.median(b[3] - b[1] for b in words))
    return Line(text="".join(text for text, _ in pieces), box=box, edges=edges, size=size)


def _part(entity: _Entity, root: etree._Element, grid: _Grid, label: str) -> _Part:
    """An article entity's headline, paragraphs and hotspot on its page."""
    headline = subheadline = ""
    paragraphs: list[str] = []
    for section in root:
        if not isinstance(section.tag, str) or section.find(".//Primitive") is None:
            continue
        if section.tag == "HedLine_hl1":
            headline = " ".join([headline, *_paragraphs(section)]).strip()
        elif section.tag.startswith("HedLine_"):
            subheadline = " ".join([subheadline, *_paragraphs(section)]).strip()
        else:
            paragraphs += _paragraphs(section)
    if not headline and not entity.name.lower().startswith("untitled"):
        headline = entity.name
    boxes = [grid.box(p) for p in root.iter("Primitive") if p.get("BOX")]
    boxes = boxes or [grid.box(root)]
    polygons = [_polygon(b) for b in _merged(boxes)]
    return _Part(entity, label, headline[:300], subheadline[:300], paragraphs, polygons)


def _paragraphs(section: etree._Element) -> list[str]:
    """The section's words as paragraphs: a new one where a line starts one (``P``).

    A word printed in pieces (``Q``/``q``) is read as its whole word (``QW``), so a
    word broken across lines by a hyphen comes out joined and ``l'année`` whole.
    """
    out: list[str] = []
    text, glue = "", True
    pieces: list[etree._Element] = []
    for el in section.iter(*_TOKENS):
        if el.tag == "L" and el.get("P") in _PARAGRAPH_STARTS and text:
            out.append(text)
            text, glue = "", True
        elif el.tag in ("Q", "q"):
            pieces.append(el)
        elif el.tag == "QW":
            word = " ".join((el.text or "").split()) or _joined(pieces)
            text, glue = _add(text, word, glue), _no_space(pieces[-1] if pieces else el)
            pieces = []
        elif el.tag == "W":
            if pieces:  # pieces no whole word closed: read as printed
                text, glue = _add(text, _joined(pieces), glue), _no_space(pieces[-1])
                pieces = []
            text, glue = _add(text, " ".join((el.text or "").split()), glue), _no_space(el)
    if pieces:
        text = _add(text, _joined(pieces), glue)
    return [p for p in (*out, text) if p]


def _no_space(el: etree._Element) -> bool:
    return el.get("NS") == "y"


def _joined(pieces: list[etree._Element]) -> str:
    kept = [p for p in pieces if not _soft_hyphen(p)]
    return "".join(" ".join((p.text or "").split()) for p in kept)


def _add(text: str, word: str, glue: bool) -> str:
    if not word:
        return text
    return text + word if glue or not text else f"{text} {word}"


def _merged(boxes: list[Box]) -> list[Box]:
    """Blocks of one column stacked one under the other become one box."""
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[0], b[1])):
        last = out[-1] if out else None
        if last and abs(box[0] - last[0]) < 150 and abs(box[2] - last[2]) < 150:
            if box[1] - last[3] < 150:
                out[-1] = (
                    min(last[0], box[0]),
                    min(last[1], box[1]),
                    max(last[2], box[2]),
                    max(last[3], box[3]),
                )
                continue
        out.append(box)
    return out


def _polygon(box: Box) -> list[list[float]]:
    x0, y0, x1, y1 = (v / SCALE for v in box)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


# --- articles, with their continuations ------------------------------------------------


def _attach(record: EditionRecord, parts: list[_Part]) -> None:
    """Each article on the page where it starts; a continued part joins it as a 转版."""
    by_id = {p.entity.id: p for p in parts}
    following = _continuations(parts, by_id)
    tails = set(following.values())
    pages = {p.label: p for p in record.pages}
    for part in parts:
        if part.entity.id in tails:
            continue
        article = _article(part)
        seen = {part.entity.id}
        nxt = following.get(part.entity.id)
        while nxt and nxt not in seen and nxt in by_id:
            seen.add(nxt)
            _continue(article, part.label, by_id[nxt])
            nxt = following.get(nxt)
        if article.headline or article.blocks:
            page = pages[part.label]
            article.order = len(page.articles) + 1
            page.articles.append(article)


def _continuations(parts: list[_Part], by_id: dict[str, _Part]) -> dict[str, str]:
    """Entity ID -> the ID of the part continuing it, stated on either side."""
    following: dict[str, str] = {}
    for part in parts:
        if part.entity.before in by_id and part.entity.before != part.entity.id:
            following[part.entity.id] = part.entity.before
    for part in parts:
        if part.entity.after in by_id and part.entity.after != part.entity.id:
            following.setdefault(part.entity.after, part.entity.id)
    return following


def _article(part: _Part) -> ArticleRecord:
    return ArticleRecord(
        order=0,
        headline=part.headline,
        subheadline=part.subheadline,
        blocks=[{"type": "paragraph", "text": p} for p in part.paragraphs],
        hotspot=list(part.polygons),
        source=str(part.entity.path),
        source_id=part.entity.id,
    )


def _continue(article: ArticleRecord, first: str, part: _Part) -> None:
    article.blocks += [{"type": "paragraph", "text": p} for p in part.paragraphs]
    if part.label == first:
        article.hotspot += part.polygons
        return
    for label, polygons in article.jumps:
        if label == part.label:
            polygons += part.polygons
            return
    article.jumps.append((part.label, list(part.polygons)))


class OliveFormat:
    name = "olive"
    container = True

    def sniff(self, source: Source) -> bool:
        path = source.path
        return path is not None and path.is_dir() and toc_file(path) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        path = source.path
        found = toc_file(path) if path is not None and path.is_dir() else None
        if found is None:
            yield IngestError(
                source.name, "no Olive issue here (a TOC.xml beside a Document folder)"
            )
            return
        try:
            yield read_issue(found, options)
        except IngestError as exc:
            yield exc
