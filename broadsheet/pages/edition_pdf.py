"""The whole-edition PDF (全版PDF): every page PDF of an edition in page order, in one file.

Built on first request rather than at ingest: most editions are never asked
for whole, and an edition whose pages change (``--replace``, the admin) would
otherwise need rebuilding at every change. The file is kept in media storage
under a name derived from the page PDFs' storage names, which are content
hashes (``pages/ab/<sha256>.pdf``): a replaced edition asks for a new name and
gets a new file, and two editions made of the same pages share one.

A page without a PDF is left out; an edition without any has no whole PDF.
Two first requests may build the same file at once: each writes a temporary
file and renames it into place, so no reader ever sees half a PDF.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from broadsheet.editions.models import Page

from .pdftext import PDFIUM_LOCK

log = logging.getLogger(__name__)

FOLDER = "editions"


class NoPages(Exception):
    """None of the edition's page PDFs could be read."""


def cache_name(pdf_names: list[str]) -> str:
    """The storage name of the whole PDF made of these page PDFs, in this order."""
    digest = hashlib.sha256("\n".join(pdf_names).encode()).hexdigest()
    return f"{FOLDER}/{digest[:2]}/{digest}.pdf"


def edition_pdf(pages: Iterable[Page]) -> str:
    """The storage name of the edition's whole PDF, built now if missing; "" when no page has one.

    ``pages`` in page order. Raises ``NoPages`` when PDFs are named but none can be read.
    """
    names = [page.pdf.name for page in pages if page.pdf.name]
    if not names:
        return ""
    name = cache_name(names)
    if not default_storage.exists(name):
        store(name, join_pdfs(names))
    return name


def join_pdfs(names: list[str]) -> bytes:
    """One PDF of every page of the stored PDFs ``names``, in order; unreadable ones left out."""
    with PDFIUM_LOCK:  # PDFium is not thread-safe
        whole = pdfium.PdfDocument.new()
        try:
            for name in names:
                _append(whole, name)
            if len(whole) == 0:
                raise NoPages(", ".join(names))
            out = io.BytesIO()
            whole.save(out)
            return out.getvalue()
        finally:
            whole.close()


def _append(whole: pdfium.PdfDocument, name: str) -> None:
    """Import the pages of one stored page PDF (the caller holds ``PDFIUM_LOCK``)."""
    try:
        with default_storage.open(name, "rb") as f:
            data = f.read()
        page_pdf = pdfium.PdfDocument(data)
    except (OSError, pdfium.PdfiumError) as exc:
        log.warning("edition PDF: page PDF %s left out: %s", name, exc)
        return
    try:
        whole.import_pages(page_pdf)
    finally:
        page_pdf.close()


def store(name: str, data: bytes) -> None:
    """Put ``data`` at ``name`` whole or not at all: a temporary file renamed into place."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        # Object storage writes an object whole; a race only leaves a second copy to drop.
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            default_storage.delete(saved)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temporary, getattr(default_storage, "file_permissions_mode", None) or 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
