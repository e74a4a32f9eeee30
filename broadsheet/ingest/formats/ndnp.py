"""NDNP batches: the Library of Congress's profile for digitised newspapers (Chronicling America).

A batch is a folder (a BagIt bag keeps it under ``data/``) whose batch file
(``BATCH.xml``, ``<name>_batch.xml``) lists issues: each an LCCN, a date, an
edition order and the path of the issue's METS. The issue METS holds MODS for
the issue (volume, issue number, edition) and each page (its printed page
number), a ``fileSec`` naming each page's files by use — ``master`` (TIFF),
``service`` (JPEG 2000), ``derivative`` (PDF), ``ocr`` (ALTO) — and a
``structMap`` whose page divisions give the page order. File names say nothing
about order (the Park Record's page 1 is ``1292``, page 2 ``1289``).

Each issue becomes an edition of the newspaper named by its LCCN, its pages in
``structMap`` order, labelled with their printed page numbers. A page's web
images are made from its JPEG 2000 (or its TIFF master when that is what the batch
holds), its text with boxes comes from its ALTO (``pages.alto``), and its PDF is
kept for download. Batches are delivered without their largest files as often as
with them: a page loads with whatever of its files are present, and the summary
names the ones missing. Issues hold no articles: the page is the unit
(docs/formats/ndnp.md).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from broadsheet.editions import validate
from broadsheet.pages.alto import AltoRefused, alto_text

from ..errors import IngestError
from ..records import Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .mets import file_section, resolved_inside
from .pdfs import checked_pdf
from .xmltext import child, descendants, local, parse_xml, text_of

_BATCH_FILE = re.compile(r"(?:.*_)?batch(?:_1)?\.xml", re.IGNORECASE)
_TITLE_END = re.compile(r",\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\b.*$")
# Which of a page's files serves as what; a scan from the service JP2, else the master.
_SCAN_USES = ("service", "master")


@dataclass(frozen=True)
class IssueEntry:
    """One ``<issue>`` of the batch file."""

    lccn: str
    date: str
    edition_order: str
    mets: Path


def batch_file(folder: Path) -> Path | None:
    """The batch file of a batch folder or bag (the current one when an older ``_1`` is there)."""
    for place in (folder, folder / "data"):
        if not place.is_dir():
            continue
        found = sorted(
            (p for p in place.iterdir() if p.is_file() and _BATCH_FILE.fullmatch(p.name)),
            key=lambda p: (p.stem.lower().endswith("_1"), p.name),
        )
        for path in found:
            if _root_is_batch(path):
                return path
    return None


def _root_is_batch(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096)
    return re.search(rb"<(?:[\w-]+:)?batch[\s>]", head) is not None


def issues(batch: Path) -> list[IssueEntry]:
    root = parse_xml(batch.read_bytes(), str(batch))
    if local(root) != "batch":
        raise IngestError(str(batch), f"not an NDNP batch file: its root is <{local(root)}>")
    return [
        IssueEntry(
            lccn=(el.get("lccn") or "").strip(),
            date=(el.get("issueDate") or "").strip(),
            edition_order=(el.get("editionOrder") or "1").strip(),
            mets=_inside(batch.parent, (el.text or "").strip(), str(batch)),
        )
        for el in root
        if local(el) == "issue"
    ]


def _inside(folder: Path, rel: str, where: str) -> Path:
    """``folder / rel``, refusing a path that leads out of the batch (``../``, absolute)."""
    path = resolved_inside(folder, rel)
    if not rel or path is None:
        raise IngestError(where, f"the path {rel!r} leads outside the batch; refused")
    return path


def read_issue(entry: IssueEntry, batch_root: Path, options: IngestOptions) -> EditionRecord:
    where = str(entry.mets)
    if not entry.mets.is_file():
        raise IngestError(where, "the batch lists this issue's METS, but the file is missing")
    mets = parse_xml(entry.mets.read_bytes(), where)
    _check_edition_order(entry, where)
    files = _file_index(mets, entry.mets.parent, batch_root, where)
    record = EditionRecord(
        newspaper=options.newspaper or _slug(entry.lccn, where),
        newspaper_name=options.newspaper_name or _title(mets) or entry.lccn,
        date=_date(entry, mets, where),
        issue_number=_issue_number(mets),
        source=where,
        language="en",
    )
    record.pages = _pages(mets, files, record, where)
    return record


def _check_edition_order(entry: IssueEntry, where: str) -> None:
    if entry.edition_order.lstrip("0") not in ("", "1"):
        raise IngestError(
            where,
            f"edition {entry.edition_order} of {entry.date}: only a day's first edition loads "
            "(a newspaper has one edition a day here)",
        )


def _slug(lccn: str, where: str) -> str:
    slug = lccn.lower()
    problem = validate.slug_problem(slug)
    if problem is not None:
        raise IngestError(where, f"the LCCN cannot name a newspaper here: {problem}")
    return slug


def _title(mets: etree._Element) -> str:
    """The title from the METS label, "The Park Record (Park City, UT), 1935-08-02, …"."""
    return _TITLE_END.sub("", mets.get("LABEL") or "").strip()[:200]


def _date(entry: IssueEntry, mets: etree._Element, where: str) -> dt.date:
    issued = next((text_of(el) for el in descendants(mets, "dateIssued")), "")
    given = entry.date or issued
    try:
        date = dt.date.fromisoformat(given)
    except ValueError as exc:
        raise IngestError(where, f"the issue date {given!r} is not a date (YYYY-MM-DD)") from exc
    problem = validate.date_problem(date)
    if problem is not None:
        raise IngestError(where, problem)
    return date


def _issue_number(mets: etree._Element) -> int | None:
    for detail in descendants(mets, "detail"):
        if detail.get("type") == "issue":
            number = text_of(child(detail, "number"))
            return int(number) if number.isdigit() and len(number) < 9 else None
    return None


@dataclass(frozen=True)
class _File:
    use: str
    path: Path
    rel: str


def _file_index(mets: etree._Element, folder: Path, root: Path, where: str) -> dict[str, _File]:
    """Each ``<file>`` by ID: its use and its path inside the batch."""
    index = {}
    for f in file_section(mets):
        rel = posixpath.normpath(posixpath.join(_rel(folder, root), f.href))
        index[f.id] = _File(f.use, _inside(root, rel, where), f.href)
    return index


def _rel(folder: Path, root: Path) -> str:
    return folder.resolve().relative_to(root.resolve()).as_posix()


def _pages(mets, files: dict[str, _File], record: EditionRecord, where: str) -> list[PageRecord]:
    divs = [d for d in descendants(mets, "div") if (d.get("TYPE") or "").endswith("page")]
    if not divs:
        raise IngestError(where, "the METS structMap lists no page")
    numbers = _page_numbers(mets)
    pages: list[PageRecord] = []
    for order, div in enumerate(divs, 1):
        label = _label(numbers.get(div.get("DMDID", ""), ""), order, pages)
        page_files = [files[f.get("FILEID", "")] for f in div if f.get("FILEID") in files]
        pages.append(_page(label, order, page_files, record))
    return pages


def _page_numbers(mets: etree._Element) -> dict[str, str]:
    """Each page's printed number (MODS ``detail type="page number"``), by its dmdSec ID."""
    numbers = {}
    for sec in descendants(mets, "dmdSec"):
        for detail in descendants(sec, "detail"):
            if (detail.get("type") or "").replace("-", " ") == "page number":
                numbers[sec.get("ID", "")] = text_of(child(detail, "number"))
    return numbers


def _label(number: str, order: int, pages: list[PageRecord]) -> str:
    """The printed page number when it is a usable label not used yet, else the page's order."""
    taken = {p.label for p in pages}
    if number and validate.label_problem(number) is None and number not in taken:
        return number
    fallback = str(order)
    return fallback if fallback not in taken else f"p{order}"


def _page(label: str, order: int, files: list[_File], record: EditionRecord) -> PageRecord:
    page = PageRecord(label=label, order=order)
    by_use = {f.use: f for f in files}
    for use in _SCAN_USES:
        if use in by_use and _present(by_use[use], record, label):
            page.scan = Asset(by_use[use].rel, by_use[use].path.read_bytes)
            break
    for f in files:
        if f.use == "derivative" and _present(f, record, label):
            checked_pdf(f.path.read_bytes(), str(f.path), f.rel)
            page.pdf = Asset(f.rel, f.path.read_bytes)
        elif f.use == "ocr" and _present(f, record, label):
            page.text = _alto(f.path)
    return page


def _present(f: _File, record: EditionRecord, label: str) -> bool:
    """Whether the file is there; a missing one is noted (a master only when no scan is)."""
    if f.path.is_file():
        return True
    if f.use != "master":
        record.missing.append(f"page {label}: {f.use} file {f.rel}")
    return False


def _alto(path: Path):
    try:
        return alto_text(parse_xml(path.read_bytes(), str(path)))
    except AltoRefused as exc:
        raise IngestError(str(path), f"the page's OCR file {exc}") from exc


def read_batch(folder: Path, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
    batch = batch_file(folder)
    if batch is None:
        yield IngestError(str(folder), "no NDNP batch file here (BATCH.xml or *_batch.xml)")
        return
    try:
        entries = issues(batch)
    except IngestError as exc:
        yield exc
        return
    for entry in entries:
        try:
            yield read_issue(entry, batch.parent, options)
        except IngestError as exc:
            yield exc


class NdnpFormat:
    name = "ndnp"
    container = True

    def sniff(self, source: Source) -> bool:
        return (
            source.path is not None and source.path.is_dir() and batch_file(source.path) is not None
        )

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        if source.path is None or not source.path.is_dir():
            yield IngestError(source.name, "an NDNP batch must be a folder (unpack a .tar first)")
            return
        yield from read_batch(source.path, options)
