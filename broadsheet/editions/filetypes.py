"""What a media file really is, read from its bytes, never from the name it came with.

A bundle names its files as it likes: a GIF followed by ``<script>`` named
``pages/01.html`` is still a GIF to Pillow. Stored under the bundle's name
and served with a type guessed from it, it would be HTML from the site's own
origin (stored XSS). So ingest stores every file under the extension of the
type detected here, and refuses anything that is not one of these types; the
media door answers only these extensions, each with its one Content-Type.

Detection is cheap: Pillow reads the header only (no pixels are decoded) and
PDFium parses a PDF's structure without rendering it.
"""

from __future__ import annotations

import io
import struct
import threading
import warnings

import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

# Extension → the one Content-Type the media door sends for it.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".pdf": "application/pdf",
}
# Pillow's format name → extension (MPO is a JPEG with extra frames: browsers show it).
IMAGE_EXTENSIONS = {
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "PNG": ".png",
    "GIF": ".gif",
    "WEBP": ".webp",
    "AVIF": ".avif",
}
PDF_MAGIC = b"%PDF-"
# PDFium is not thread-safe: every PDFium call in the process holds this one lock (reentrant,
# so a holder may call code that takes it again). pages.pdftext re-exports it.
PDFIUM_LOCK = threading.RLock()


class UnknownType(ValueError):
    """The bytes are neither an image browsers show nor a PDF."""


def extension(data: bytes) -> str:
    """The extension (``.jpg``, ``.png``, ``.gif``, ``.webp``, ``.avif``, ``.pdf``) of ``data``.

    Raises ``UnknownType``. A PDF must start with ``%PDF-`` (PDFium itself would
    accept junk before it, which is how HTML/PDF polyglots begin) and open.
    """
    if data.startswith(PDF_MAGIC):
        if _opens_as_pdf(data):
            return ".pdf"
        raise UnknownType("a broken PDF")
    kind = _image_format(data)
    if kind not in IMAGE_EXTENSIONS:
        raise UnknownType(f"a {kind} image" if kind else "neither an image nor a PDF")
    return IMAGE_EXTENSIONS[kind]


def content_type(name: str) -> str | None:
    """The Content-Type served for a stored name, or None for any other extension."""
    dot = name.rfind(".")
    return CONTENT_TYPES.get(name[dot:].lower()) if dot > name.rfind("/") else None


def _image_format(data: bytes) -> str | None:
    """Pillow's name for the image format, from the header alone; None if no image."""
    try:
        with warnings.catch_warnings():
            # A huge pixel count is the ingest limits' business, not the type's.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                return img.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError,
            struct.error):  # fmt: skip
        return None


def _opens_as_pdf(data: bytes) -> bool:
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return False
        document.close()
    return True
