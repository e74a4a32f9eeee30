"""One PDF of a whole edition, a page per 版: split into page PDFs labelled 01, 02, ...

Some publishers (and archives, like the NDNP's ``1856051001.pdf``) hand over
one PDF per edition. Each of its pages becomes a page of the edition with its
own one-page PDF (PDFium imports the page into a new document), so the reader
offers each 版 for download like any page PDF, and the loader renders it and
reads its text like any other (docs/formats/pdf-pages.md). The newspaper comes
from ``--newspaper``, the date from ``--date`` or the file's name.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import PurePosixPath

import pypdfium2 as pdfium

from broadsheet.pages.pdftext import PDFIUM_LOCK

from ..errors import IngestError
from ..records import Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .pdfs import checked_pdf, edition_date, newspaper

MAX_PAGES = 999  # labels have room for three digits


def split_pages(data: bytes) -> list[bytes]:
    """Each page of a PDF as a PDF of its own."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            return [_one_page(document, i) for i in range(len(document))]
        finally:
            document.close()


def _one_page(document: pdfium.PdfDocument, index: int) -> bytes:
    page = pdfium.PdfDocument.new()
    try:
        page.import_pages(document, [index])
        out = io.BytesIO()
        page.save(out)
        return out.getvalue()
    finally:
        page.close()


def _label(number: int, count: int) -> str:
    return str(number).zfill(2 if count < 100 else 3)


def read_edition_pdf(source: Source, options: IngestOptions) -> EditionRecord:
    where, path = source.name, PurePosixPath(source.name.replace(":", "/"))
    paper, date = newspaper(options, where), edition_date(options, path, where)
    with source.open() as stream:
        data = stream.read()
    sizes = checked_pdf(data, where, path.name)
    if len(sizes) > MAX_PAGES:
        raise IngestError(where, f"{len(sizes)} pages; an edition has at most {MAX_PAGES}")
    pages = []
    for number, page_pdf in enumerate(split_pages(data), 1):
        label = _label(number, len(sizes))
        asset = Asset(f"{path.stem}-{label}.pdf", _constant(page_pdf))
        pages.append(PageRecord(label=label, order=number, pdf=asset))
    return EditionRecord(
        newspaper=paper,
        newspaper_name=options.newspaper_name,
        date=date,
        pages=pages,
        source=where,
    )


def _constant(data: bytes):
    return lambda: data


class EditionPdfFormat:
    name = "edition-pdf"
    container = False

    def sniff(self, source: Source) -> bool:
        return source.stem.endswith(".pdf") and b"%PDF-" in source.head(1024)

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        try:
            yield read_edition_pdf(source, options)
        except IngestError as exc:
            yield exc
