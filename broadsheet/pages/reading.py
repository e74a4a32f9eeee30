"""Which pages need OCR, and reading one: the service behind ``broadsheet ocr``.

A page needs OCR when it has no text with boxes: a scanned PDF (its text layer
is empty) or a library scan without ALTO. A page whose text came from its PDF
or an ALTO file is never OCR'd — that text is the publisher's or the library's
and better than ours — and a page already OCR'd is read again only when asked
(``force``, e.g. after an engine upgrade).

The page's 2x image is read (2400 px wide: Chinese body type is 20 px high
there), else its web image. The new text replaces the old in one transaction.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from PIL import Image

from broadsheet.editions.models import Article, ArticleJump, Page

from . import corrections, ocr
from .models import PageText

MAX_PIXELS = 80_000_000  # a stored page image is ours, but a hand-placed file may not be


def pages_to_read(
    newspaper: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    force: bool = False,
    label: str | None = None,
) -> QuerySet[Page]:
    """Pages with an image and no text (or OCR text, with ``force``), in edition and page order."""
    pages = Page.objects.exclude(image="", image_hidpi="")
    if newspaper:
        pages = pages.filter(edition__newspaper__slug=newspaper)
    if date_from:
        pages = pages.filter(edition__date__gte=date_from)
    if date_to:
        pages = pages.filter(edition__date__lte=date_to)
    if label:
        pages = pages.filter(label=label)
    unread = Q(text_layer__isnull=True)
    if force:
        unread |= Q(text_layer__source=PageText.Source.OCR)
    return pages.filter(unread).order_by("edition__date", "edition__newspaper__slug", "order")


def read_page(page: Page) -> PageText:
    """OCR the page's image and store its text; returns the stored row.

    Only the machine's text is replaced: an editor's correction of the page
    (``PageCorrection``) is a row of its own and stays as it is.
    """
    field = page.image_hidpi if page.image_hidpi else page.image
    with field.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as image:
        if image.width * image.height > MAX_PIXELS:
            raise ValueError(f"{field.name}: {image.width} x {image.height} pixels, too large")
        text = ocr.read_image(image)
    row = PageText.of(page.pk, text, engine=str(ocr.engine_info()))
    with transaction.atomic():
        PageText.objects.filter(page=page, source=PageText.Source.OCR).delete()
        if PageText.objects.filter(page=page).exists():  # a PDF's or ALTO's text came meanwhile
            return PageText.objects.get(page=page)
        row.save()
    return row


def new_summary() -> dict:
    """What a run of OCR tells: the engine, each page read, each page that failed."""
    return {"engine": str(ocr.engine_info()), "pages": [], "errors": []}


def read_into(summary: dict, page: Page) -> None:
    """Read one page and note it in ``summary``: a page that fails is named, the run goes on."""
    name = f"{page.edition.newspaper.slug} {page.edition.date} page {page.label}"
    try:
        row = read_page(page)
    except (OSError, ValueError) as exc:
        summary["errors"].append(f"{name}: {exc}")
        return
    confidence = None if row.confidence is None else round(row.confidence, 3)
    summary["pages"].append({"page": name, "characters": row.characters, "confidence": confidence})


def searchable_text(page: Page) -> str:
    """The page's searchable text as plain lines: the corrected text (an editor's
    ``PageCorrection``), then the machine's lines (OCR, ALTO, or the PDF's own text) that
    differ from every corrected line — as Trove indexes both, so a word the machine read
    right and a person mistyped, or a name only the correction spells right, is found
    either way. A page never corrected gives its machine text; a page with no text "".
    The search index takes the same texts (``corrections.searchable_texts``) and joins
    their lines as hit boxes do (``search.documents.page_text``)."""
    texts = corrections.searchable_texts(page)
    return "\n".join(line.text for text in texts for line in text.lines)


def page_only_q(prefix: str = "") -> Q:
    """Pages read as pages: text stored, and no article, of any state, starting or going on
    there. Search makes each one a document and the reader shows its text beside the
    image; a page with articles never does, so a withdrawn article's words cannot come
    back as page text."""
    own = Article.objects.filter(page=OuterRef(f"{prefix}pk"))
    continued = ArticleJump.objects.filter(page=OuterRef(f"{prefix}pk"))
    return Q(**{f"{prefix}text_layer__characters__gt": 0}) & ~Exists(own) & ~Exists(continued)
