"""A page's files, stored before the edition's transaction: image, 2x image, thumbnail, PDF.

A page given with its image keeps it (and gets a thumbnail). A page given with
a scan browsers cannot show (a library's JP2 or TIFF) gets web images made from
it; one given with only its PDF gets its images rendered from the PDF
(``pages.render``). A page PDF's text layer is read here (``pages.pdftext``),
so placing and finding articles and the stored ``PageText`` need no second pass
over the file, unless the source gave the page's text itself (ALTO), which wins.

Rendered images are named after the PDF they come from and the width they have
(``pages/ab/<pdf sha256>-w1200.jpg``), like thumbnails after their image: a
re-ingest of the same PDF finds them stored and renders nothing. All of this
happens before the transaction opens, so it stays short, and a failure leaves
at most unreferenced files.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.editions.thumbnails import store_thumbnail, thumbnail_name
from broadsheet.pages.pdftext import PdfPages
from broadsheet.pages.render import (
    HIDPI_WIDTH,
    WEB_WIDTH,
    ImageRefused,
    PdfRefused,
    RenderedPage,
    check_size,
    render_loaded,
    scale_down,
    scan_images,
)
from broadsheet.pages.textlayer import PageText

from .errors import IngestError
from .limits import limits
from .records import Asset, PageRecord
from .sources import READ_ERRORS


@dataclass
class StoredPage:
    """The storage names of one page's files, its article bodies, and its PDF's text."""

    image: str = ""
    pdf: str = ""
    thumbnail: str = ""
    image_hidpi: str = ""
    bodies: list[list[dict]] = field(default_factory=list)
    text: PageText | None = None  # None: no PDF


def read_asset(asset: Asset, source: str) -> bytes:
    try:
        return asset.read()
    except (*READ_ERRORS, KeyError) as exc:
        raise IngestError(source, f"cannot read file {asset.name!r}: {exc}") from exc


def save_once(name: str, data: bytes) -> str:
    """Save ``data`` under ``name`` unless a file of that name is stored already."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


def rendered_name(pdf_name: str, width: int) -> str:
    stem = posixpath.splitext(posixpath.basename(pdf_name))[0]
    return f"pages/{stem[:2]}/{stem}-w{width}.jpg"


def store_page_files(page: PageRecord, pdf_name: str, image_name: str, source: str) -> StoredPage:
    """The page's files stored; a PDF-only page rendered (or found rendered), its text read.

    ``pdf_name`` and ``image_name`` are the stored names of the given files ('' if none).
    Sets ``page.width``/``height`` to the rendered image's size.
    """
    stored = StoredPage(image=image_name, pdf=pdf_name)
    if image_name and page.image:
        stored.thumbnail = store_thumbnail(image_name, page.image.read)
    elif page.scan is not None:
        _store_scan(stored, page, source)
    if not pdf_name or not page.pdf:
        stored.text = page.text
        return stored
    where = f"{source}: page {page.label}" if source else f"page {page.label}"
    render = not stored.image and not _rendered_before(pdf_name)
    text, rendered = read_pdf(read_asset(page.pdf, source), render, page.pdf.name, where)
    stored.text = page.text if page.text is not None else text
    if not stored.image:
        _store_rendered(stored, page, rendered, pdf_name)
    return stored


def _store_scan(stored: StoredPage, page: PageRecord, source: str) -> None:
    """Web images made from the page's scan, named after its content like rendered PDFs."""
    assert page.scan is not None
    data = read_asset(page.scan, source)
    key = hashlib.sha256(data).hexdigest()
    rendered = None
    if not _rendered_before(key):
        try:
            rendered = scan_images(data, limits().image_pixels)
        except ImageRefused as exc:
            where = f"{source}: page {page.label}" if source else f"page {page.label}"
            raise IngestError(where, f"{page.scan.name!r} {exc}") from exc
    _store_rendered(stored, page, rendered, key)


def read_pdf(
    data: bytes, render: bool, name: str, where: str
) -> tuple[PageText, RenderedPage | None]:
    """The first page's text layer and, if asked, its images: PDFium opened once."""
    try:
        with PdfPages(data) as pdf:
            assert pdf.document is not None  # opened by the context manager
            first = pdf.document[0]
            try:
                width, height = first.get_size()
                check_size(width, height, 1)
                text = pdf.text(0)
                bitmap = render_loaded(first) if render else None
            finally:
                first.close()
    except (pdfium.PdfiumError, PdfRefused) as exc:
        raise IngestError(where, f"{name!r} {_predicate(exc)}") from exc
    return text, (scale_down(*bitmap) if bitmap else None)


def _predicate(exc: Exception) -> str:
    return str(exc) if isinstance(exc, PdfRefused) else f"does not open: {exc}"


def _rendered_before(pdf_name: str) -> bool:
    names = (rendered_name(pdf_name, WEB_WIDTH), rendered_name(pdf_name, HIDPI_WIDTH))
    return all(default_storage.exists(n) for n in (*names, thumbnail_name(pdf_name)))


def _store_rendered(
    stored: StoredPage, page: PageRecord, rendered: RenderedPage | None, key: str
) -> None:
    """Store the rendered images (or take those stored before) and the page's pixel size.

    ``key`` names them: the stored PDF's name, or a scan's content hash.
    """
    stored.image = rendered_name(key, WEB_WIDTH)
    stored.image_hidpi = rendered_name(key, HIDPI_WIDTH)
    stored.thumbnail = thumbnail_name(key)
    if rendered is None:
        with default_storage.open(stored.image, "rb") as fh:
            page.width, page.height = Image.open(io.BytesIO(fh.read())).size
        return
    save_once(stored.image, rendered.image.data)
    save_once(stored.image_hidpi, rendered.hidpi.data)
    save_once(stored.thumbnail, rendered.thumbnail.data)
    page.width, page.height = rendered.image.width, rendered.image.height
