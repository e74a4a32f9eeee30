"""Page images from a page PDF: the web image, its 2x twin and the thumbnail.

The reader shows a page ``WEB_WIDTH`` pixels wide and offers ``HIDPI_WIDTH``
(twice that) to high-DPI screens through ``srcset``; 版面导航 shows
``THUMB_WIDTH`` thumbnails. PDFium renders the page once, at the 2x width;
the 1x image is that bitmap halved by a 2x2 box filter (exact, since the widths
are 2:1) and the thumbnail is scaled from it, which costs less than asking PDFium
for three renderings (bench/pages.py). All three are JPEG: every browser shows
it, it encodes five to eight times faster than WebP at the same setting, and a
rendered newspaper page (text, halftone photos) is 200-300 KB at 1x.

Coordinates are those of the page's crop box, like ``pdftext``: a hotspot point
``[x, y]`` in 0..1 is the same place on every image.

Pages too large to be a printed page are refused before anything is rendered
(``check_size``): a side over the PDF specification's 14,400 points (200 inches),
under 72 points, or a side more than ``MAX_ASPECT`` times the other. The
rendered bitmap is therefore at most ``HIDPI_WIDTH`` x ``HIDPI_WIDTH * MAX_ASPECT``
pixels, whatever a PDF claims.

The caller need not hold ``PDFIUM_LOCK``: ``render_page`` takes it for the
PDFium calls and lets it go while the images are scaled and encoded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from broadsheet.editions.thumbnails import THUMB_WIDTH

from .pdftext import PDFIUM_LOCK

WEB_WIDTH = 1200  # pixels: the page image the reader shows
HIDPI_WIDTH = 2 * WEB_WIDTH  # pixels: the same page for high-DPI screens (srcset 2x)
JPEG_QUALITY = 85  # page images; thumbnails keep editions.thumbnails' setting
THUMB_QUALITY = 80
MAX_SIDE = 14400.0  # points: the PDF specification's largest page (200 inches)
MIN_SIDE = 72.0  # points: one inch; smaller is no printed page
MAX_ASPECT = 4.0  # the longer side at most this many times the shorter

PASSWORD_ERROR = 4  # PDFium's FPDF_ERR_PASSWORD


class PdfRefused(ValueError):
    """A PDF that cannot be a page PDF: damaged, encrypted, empty or absurdly sized.

    The message is a predicate in words ("is encrypted: ..."); the caller puts the
    file's name before it.
    """


@dataclass(frozen=True)
class PageImage:
    data: bytes  # JPEG
    width: int
    height: int


@dataclass(frozen=True)
class RenderedPage:
    """A page rendered for the web: ``image`` (1x), ``hidpi`` (2x) and ``thumbnail``."""

    image: PageImage
    hidpi: PageImage
    thumbnail: PageImage
    points: tuple[float, float]  # the page's size in PDF points (width, height)


def open_document(data: bytes) -> pdfium.PdfDocument:
    """The document, or ``PdfRefused`` saying in words why it does not open (hold the lock)."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfRefused(_why_not(data, exc.err_code)) from exc


def _why_not(data: bytes, code: int | None) -> str:
    """Why a PDF did not open. PDFium keeps its last error code until the next failure that
    sets one, and some failures (an empty page tree) set none, so the code alone misleads:
    a password error counts only when the file has an ``/Encrypt`` dictionary."""
    if code == PASSWORD_ERROR and b"/Encrypt" in data:
        return "is encrypted: it needs a password to open (export it without one)"
    if b"%PDF-" not in data[:1024]:
        return "is not a PDF"
    return "is a damaged PDF, or one that holds no page: PDFium cannot read it"


def check_size(width: float, height: float, page: int) -> None:
    """Refuse a page no printer prints (see the module's docstring for the limits)."""
    size = f"has page {page} of {width:,.0f} x {height:,.0f} pt"
    if max(width, height) > MAX_SIDE:
        raise PdfRefused(f"{size}, larger than {MAX_SIDE:,.0f} pt (200 in), the most a PDF allows")
    if min(width, height) < MIN_SIDE:
        raise PdfRefused(f"{size}, smaller than {MIN_SIDE:.0f} pt (1 in)")
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise PdfRefused(f"{size}: one side is more than {MAX_ASPECT:.0f} times the other")


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Every page's size in points, after checking that each loads and is of a sane size.

    Cheap (nothing is rendered); the formats call it on every PDF they are
    given, so a bad file is refused before anything is stored or written.
    """
    with PDFIUM_LOCK:
        document = open_document(data)
        try:
            sizes = [_page_size(document, i) for i in range(len(document))]
        finally:
            document.close()
    if not sizes:
        raise PdfRefused("is a PDF with no page")
    return sizes


def _page_size(document: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise PdfRefused(f"has a page {index + 1} that does not load: {exc}") from exc
    try:
        width, height = page.get_size()
    finally:
        page.close()
    check_size(width, height, index + 1)
    return width, height


def render_page(pdf_bytes: bytes, index: int = 0) -> RenderedPage:
    """Render page ``index`` (0-based) of a PDF as the web, 2x and thumbnail images."""
    with PDFIUM_LOCK:
        document = open_document(pdf_bytes)
        try:
            if not 0 <= index < len(document):
                raise PdfRefused(f"has no page {index + 1}")
            bitmap, points = _render(document, index)
        finally:
            document.close()
    return scale_down(bitmap, points)


def render_loaded(page: pdfium.PdfPage) -> tuple[Image.Image, tuple[float, float]]:
    """An open page (the caller holds the lock) rendered ``HIDPI_WIDTH`` wide, and its size."""
    width, height = page.get_size()
    scale = HIDPI_WIDTH / width
    bitmap = page.render(scale=scale, may_draw_forms=True)
    try:
        image = bitmap.to_pil().convert("RGB")  # a copy: the bitmap's buffer is freed next
    finally:
        bitmap.close()
    return image, (width, height)


def _render(document: pdfium.PdfDocument, index: int) -> tuple[Image.Image, tuple[float, float]]:
    page = document[index]
    try:
        width, height = page.get_size()
        check_size(width, height, index + 1)
        return render_loaded(page)
    finally:
        page.close()


def scale_down(hidpi: Image.Image, points: tuple[float, float]) -> RenderedPage:
    """The three encoded images from the 2x bitmap (no lock needed: PDFium is done)."""
    web = hidpi.reduce(2)  # 2x2 box filter: exact for a 2:1 ratio, and fast
    thumb_height = max(1, round(web.height * THUMB_WIDTH / web.width))
    thumb = web.resize((THUMB_WIDTH, thumb_height), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return RenderedPage(
        image=_jpeg(web, JPEG_QUALITY),
        hidpi=_jpeg(hidpi, JPEG_QUALITY),
        thumbnail=_jpeg(thumb, THUMB_QUALITY),
        points=points,
    )


def _jpeg(image: Image.Image, quality: int) -> PageImage:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return PageImage(out.getvalue(), image.width, image.height)


class ImageRefused(ValueError):
    """A page scan that cannot be made into web images (message: why, as a predicate)."""


def scan_images(data: bytes, max_pixels: int) -> RenderedPage:
    """The web, 2x and thumbnail images of a page scan browsers cannot show (JP2, TIFF).

    Library masters are JPEG 2000 or TIFF (bitonal CCITT G4 too) at 300-400 dpi:
    7200 x 9600 pixels for a broadsheet. The scan is decoded once, made
    ``HIDPI_WIDTH`` wide (never enlarged) and then treated like a rendered PDF
    page. The pixel count is checked from the header before any pixel is decoded
    (``max_pixels``, the ingest limit), so a 17 KB file claiming 100,000 x 100,000
    pixels is refused, not decoded. ``points`` is the scan's own size in pixels.
    """
    try:
        with Image.open(io.BytesIO(data)) as scan:
            width, height = scan.size
            if width * height > max_pixels:
                raise ImageRefused(
                    f"is a {width} x {height} pixel image, more than the limit of "
                    f"{max_pixels:,} pixels (BROADSHEET_INGEST_LIMITS image_pixels)"
                )
            hidpi = _hidpi(scan)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, ImageRefused):
            raise
        raise ImageRefused(f"is not an image Pillow can decode: {exc}") from exc
    return scale_down(hidpi, (float(width), float(height)))


def _hidpi(scan: Image.Image) -> Image.Image:
    """The scan in greyscale or RGB, at most ``HIDPI_WIDTH`` wide (an even width: ``reduce``)."""
    mode = "L" if scan.mode in ("1", "L", "I;16", "I", "LA") else "RGB"
    image = scan.convert(mode)
    width = min(HIDPI_WIDTH, image.width - image.width % 2) or 2
    height = max(2, round(image.height * width / image.width))
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image
