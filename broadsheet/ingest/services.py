"""Load edition records into the database: one edition, one transaction.

``load_edition`` is the only code that writes editions from outside sources; the
CLI, the admin upload and (later) the API call it. Files (page images, PDFs,
article images) are stored first under content-addressed names, so a failed
or interrupted transaction leaves at most unreferenced files behind, never a
half-edition in the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from broadsheet.editions import filetypes, media, revisions
from broadsheet.editions.lead import compute_lead
from broadsheet.editions.models import Article, ArticleJump, Edition, Newspaper, Page, Publisher
from broadsheet.pages.models import PageCorrection, PageText

from .errors import CorrectedEditionError, DuplicateEditionError, IngestError
from .fingerprint import record_content, stored_content
from .identity import Former, carry_over, read_former, record_old_urls
from .indexing import enqueue
from .pagearticles import PageReport, settle_articles
from .pagefiles import StoredPage, read_asset, save_once, store_page_files
from .records import ArticleRecord, Asset, EditionRecord
from .text import scrub_record
from .validation import check_record

CREATED, REPLACED, UNCHANGED, UPDATED = "created", "replaced", "unchanged", "updated"


@dataclass
class LoadResult:
    """What one load did: ``outcome`` is created, replaced, unchanged or updated.

    From page PDFs: ``needs_ocr`` lists the labels of pages whose PDF has no text
    layer (a scan); ``unplaced`` names the articles given without a hotspot whose
    place on their page was not found ("page 01 article 3 《headline》"); ``found``
    counts the articles found on pages given without any. ``missing`` names the
    files an archive batch lists but does not hold.
    """

    edition: Edition
    pages: int
    articles: int
    outcome: str
    needs_ocr: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    found: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def replaced(self) -> bool:
        return self.outcome == REPLACED


def store_asset(asset: Asset, folder: str, source: str) -> str:
    """Store a file under a name derived from its content; returns the storage name.

    The extension is the one of the type read from the bytes (``filetypes``),
    never the bundle's: a file named ``x.html`` is stored as the image it is,
    or refused, so the media door can never answer it as a page.
    """
    data = read_asset(asset, source)
    digest = hashlib.sha256(data).hexdigest()
    return save_once(f"{folder}/{digest[:2]}/{digest}{_extension(asset, data, source)}", data)


def _extension(asset: Asset, data: bytes, source: str) -> str:
    try:
        return filetypes.extension(data)
    except filetypes.UnknownType as exc:
        shown = "JPEG, PNG, GIF, WebP, AVIF or PDF"
        raise IngestError(source, f"{asset.name!r} is {exc}; only {shown} files are kept") from exc
    except Image.DecompressionBombError as exc:
        raise IngestError(source, f"{asset.name!r} is too large: {exc}") from exc


def _newspaper(record: EditionRecord) -> Newspaper:
    paper = Newspaper.objects.filter(slug=record.newspaper).first()
    if paper is not None:
        return paper
    # A source naming no publisher (a JSONL file, a wire item without its agency) gets the
    # newspaper's own name: a made-up one would show in the header and footer.
    name = record.publisher or record.newspaper_name or record.newspaper
    publisher, _ = Publisher.objects.get_or_create(
        name=name, defaults=_publisher_lines(record, name)
    )
    is_first = not Newspaper.objects.exists()
    return Newspaper.objects.create(
        slug=record.newspaper,
        name=record.newspaper_name or record.newspaper,
        publisher=publisher,
        is_default=is_first,
        **({"language": record.language} if record.language else {}),
    )


def _publisher_lines(record: EditionRecord, name: str) -> dict[str, str]:
    """The copyright and 技术支持 lines a record gives its publisher (a default copyright)."""
    return {
        "copyright": record.copyright or f"版权所有 © {name}",
        "tech_support": record.tech_support,
    }


def update_newspaper(paper: Newspaper, record: EditionRecord) -> None:
    """``--replace`` with a bundle: the newspaper's details become what the bundle says.

    Name and language when given; with a ``publisher``, the newspaper's
    publisher is the one of that name (created if new) and its copyright and
    技术支持 lines are set as the bundle gives them, as on creation. A bundle
    without ``publisher`` or ``language`` leaves those alone.
    """
    fields: dict[str, str | Publisher] = {
        "name": record.newspaper_name,
        "language": record.language,
    }
    if record.publisher:
        publisher, _ = Publisher.objects.get_or_create(name=record.publisher)
        lines = _publisher_lines(record, publisher.name)
        changed = [k for k, v in lines.items() if getattr(publisher, k) != v]
        if changed:
            for name in changed:
                setattr(publisher, name, lines[name])
            publisher.save(update_fields=changed)
        fields["publisher"] = publisher
    changed = [k for k, v in fields.items() if v and getattr(paper, k) != v]
    for name in changed:
        setattr(paper, name, fields[name])
    if changed:
        paper.save(update_fields=changed)


def _article_body(article: ArticleRecord, source: str) -> list[dict]:
    body = []
    for block in article.blocks:
        if block.get("type") == "image" and block.get("src") in article.assets:
            stored = store_asset(article.assets[block["src"]], "images", source)
            block = {**block, "src": stored}
        body.append(block)
    return body


def load_edition(
    record: EditionRecord,
    *,
    replace: bool = False,
    publish: bool = False,
    find_articles: bool = True,
    discard_corrections: bool = False,
) -> LoadResult:
    """Write one edition whole, or nothing at all.

    An edition that exists with the same content is left alone (``unchanged``;
    ``publish`` still publishes it), so re-running an ingest is safe. With
    different content it raises ``DuplicateEditionError`` unless ``replace``
    is given; then the old edition is deleted in the same transaction, so
    readers see either the old or the new one, never a mix. An edition whose
    articles editors corrected is not replaced unless ``discard_corrections``
    (``CorrectedEditionError`` names them); then each new article at a corrected
    one's place goes on with its history (``keep_history``).
    """
    stored, report = _store_files(record, find_articles)
    with refused_by_database(record), transaction.atomic():
        paper = _newspaper(record)
        if replace and record.newspaper_details:
            update_newspaper(paper, record)
        old = Edition.objects.filter(newspaper=paper, date=record.date).first()
        if old is not None and stored_content(old) == record_content(record, stored):
            _publish_unchanged(old, publish)
            return _result(old, record, UNCHANGED, report)
        if old is not None and not replace:
            raise DuplicateEditionError(
                record.source,
                f"edition {paper.slug} {record.date.isoformat()} exists already with "
                "different content (use --replace to replace it)",
            )
        corrected = corrected_articles(old, record, discard_corrections) if old else {}
        held = held_back(old) if old else {}
        edition = _create_edition(record, paper, old, publish, stored)
        keep_history(edition, corrected, held)
    return _result(edition, record, CREATED if old is None else REPLACED, report)


def _result(edition: Edition, record: EditionRecord, outcome: str, report) -> LoadResult:
    return LoadResult(
        edition,
        len(record.pages),
        record.article_count,
        outcome,
        needs_ocr=report.needs_ocr,
        unplaced=report.unplaced,
        found=report.found,
        missing=record.missing,
    )


def corrected_articles(old: Edition, record: EditionRecord, discard: bool) -> dict:
    """Where the articles of ``old`` that editors corrected sit, (page label, order) -> id;
    refused unless ``discard``."""
    articles = Article.objects.filter(page__edition=old).select_related("page")
    corrected = revisions.corrected(articles.order_by("page__order", "order"))
    names = [_named(a) for a in corrected] + _corrected_pages(old)
    if names and not discard:
        raise CorrectedEditionError(
            record.source,
            f"edition {old.newspaper.slug} {old.date.isoformat()} has articles corrected by "
            f"editors: {'; '.join(names)}. Replacing it would discard their corrections; use "
            "--discard-corrections to replace it anyway (their history keeps both versions)",
        )
    return {(a.page.label, a.order): a.pk for a in corrected}


def _corrected_pages(old: Edition) -> list[str]:
    """Pages whose machine-read text an editor corrected (``pages.corrections``): a
    replacement would drop the correction with the page (its revisions stay)."""
    pages = PageCorrection.objects.filter(page__edition=old).order_by("page__order")
    return [f"page {label} text" for label in pages.values_list("page__label", flat=True)]


def _named(article: Article) -> str:
    return f"page {article.page.label} article {article.order} 《{article.headline[:20]}》"


def held_back(old: Edition) -> dict:
    """Articles an editor held back (draft, scheduled, withdrawn): (page label, order) -> state.

    A replacement keeps them held back, as it keeps the edition's own state: a withdrawn
    article must not come back because the print system sent the edition again.
    """
    rows = Article.objects.filter(page__edition=old).exclude(status=Edition.Status.PUBLISHED)
    fields = ("page__label", "order", "status", "publish_at")
    return {(label, order): (s, at) for label, order, s, at in rows.values_list(*fields)}


def keep_history(edition: Edition, places: dict, held: dict) -> None:
    """Each new article at a corrected one's place (page label, order) continues its history:
    ``replaces`` points back, and a revision keeps the re-ingested version (the corrected
    version stays in the old article's revisions, which outlive its row); one at a held-back
    article's place is held back alike."""
    if not places and not held:
        return
    for article in Article.objects.filter(page__edition=edition).select_related("page"):
        place = (article.page.label, article.order)
        if place in held:
            article.status, article.publish_at = held[place]
            article.save(update_fields=["status", "publish_at"])
        if place in places:
            article.replaces = places[place]
            article.save(update_fields=["replaces"])
            revisions.keep(article, "re-ingested with --discard-corrections")
    if held:
        media.refresh([edition.pk])  # a held-back article's pictures stay off line


@contextmanager
def refused_by_database(record: EditionRecord) -> Iterator[None]:
    """A constraint the records broke (two articles with one order) as an ingest error.

    Used outside ``atomic()``, so the transaction has rolled back before the
    error is raised.
    """
    try:
        yield
    except (IntegrityError, DataError) as exc:
        raise IngestError(record.source, f"the database refused the edition: {exc}") from exc


def _create_edition(record, paper, old, publish, stored) -> Edition:
    status, publish_at = _status(old, publish)
    stale, former = [], None
    if old is not None:
        stale.append(old.pk)
        former = read_former(old)  # the old stories' permanent ids and URLs (``identity``)
        old.delete()
    edition = Edition.objects.create(
        newspaper=paper,
        date=record.date,
        issue_number=record.issue_number,
        status=status,
        publish_at=publish_at,
    )
    _create_pages(edition, record, stored, former)
    media.record(edition.pk, _stored_names(stored))  # the old edition's went with it
    enqueue([*stale, edition.pk])
    return edition


def _stored_names(stored) -> Iterator[str]:
    """Every media name the new edition uses: page files and article pictures."""
    for page in stored.values():
        yield from (page.image, page.image_hidpi, page.pdf, page.thumbnail)
        for body in page.bodies:
            yield from media.body_names(body)


def _publish_unchanged(edition: Edition, publish: bool) -> None:
    """``--publish`` on an edition already loaded publishes it without rewriting it."""
    if publish and edition.status != Edition.Status.PUBLISHED:
        edition.status, edition.publish_at = _status(edition, publish)
        edition.save(update_fields=["status", "publish_at", "updated_at"])
        enqueue([edition.pk])


def _status(old: Edition | None, publish: bool) -> tuple[str, dt.datetime | None]:
    if publish:
        return Edition.Status.PUBLISHED, timezone.now()
    if old is not None:  # a replacement keeps the visibility the editors gave it
        return old.status, old.publish_at
    return Edition.Status.DRAFT, None


LIMITS = {"kicker": 300, "headline": 300, "subheadline": 300, "byline": 300}
PAGE_LIMITS = {"label": 16, "name": 100}


def check_lengths(record: EditionRecord) -> None:
    """Refuse text longer than its column before writing, naming the article."""
    for page in record.pages:
        for name, limit in PAGE_LIMITS.items():
            if len(getattr(page, name)) > limit:
                raise IngestError(
                    record.source,
                    f"page {name} longer than {limit} characters",
                    f"page {page.label[:20]!r}",
                )
        for article in page.articles:
            for name, limit in LIMITS.items():
                if len(getattr(article, name)) > limit:
                    raise IngestError(
                        article.source or record.source, f"{name} longer than {limit} characters"
                    )


def _store_files(
    record: EditionRecord, find_articles: bool = False
) -> tuple[dict[int, StoredPage], PageReport]:
    """Check the text, then store page files and article images before the transaction opens.

    A page given with only its PDF gets its images rendered here, and every page
    PDF's text layer is read here (``pagefiles``); then the articles of PDF pages
    are placed or found (``pagearticles``), before their bodies' pictures are stored.
    """
    scrub_record(record)
    check_record(record)
    check_lengths(record)
    stored = {}
    for page in record.pages:
        image = store_asset(page.image, "pages", record.source) if page.image else ""
        pdf = store_asset(page.pdf, "pages", record.source) if page.pdf else ""
        stored[page.order] = store_page_files(page, pdf, image, record.source)
    texts = {order: page.text for order, page in stored.items()}
    report = settle_articles(record, texts, find_articles)
    for page in record.pages:
        stored[page.order].bodies = [_article_body(a, record.source) for a in page.articles]
    return stored, report


def _create_pages(edition: Edition, record: EditionRecord, stored, former: Former | None) -> int:
    pages = Page.objects.bulk_create(
        Page(
            edition=edition,
            label=p.label,
            name=p.name,
            order=p.order,
            image=stored[p.order].image,
            image_hidpi=stored[p.order].image_hidpi,
            thumbnail=stored[p.order].thumbnail,
            pdf=stored[p.order].pdf,
            width=p.width,
            height=p.height,
        )
        for p in record.pages
    )
    _create_texts(pages, record, stored)
    rows = []
    for page, page_record in zip(pages, record.pages, strict=True):
        bodies = stored[page_record.order].bodies
        for article, body in zip(page_record.articles, bodies, strict=True):
            rows.append(
                Article(
                    page=page,
                    order=article.order,
                    kicker=article.kicker,
                    headline=article.headline,
                    subheadline=article.subheadline,
                    byline=article.byline,
                    body=body,
                    lead=compute_lead(body),
                    hotspot=article.hotspot,
                    source_id=article.source_id,
                    source_version=article.source_version,
                    machine_found=article.machine_found,
                )
            )
    carry_over(former, rows, pages, edition)
    Article.objects.bulk_create(rows, batch_size=500)
    record_old_urls(record, edition, pages, rows)
    _create_jumps(pages, record, rows)
    return len(rows)


def _create_jumps(pages: list[Page], record: EditionRecord, rows: list[Article]) -> None:
    """The pages where articles continue (转版), with their areas there."""
    by_label = {page.label: page for page in pages}
    given = (a for p in record.pages for a in p.articles)
    ArticleJump.objects.bulk_create(
        ArticleJump(article=row, page=by_label[label], order=order, hotspot=hotspot)
        for article, row in zip(given, rows, strict=True)
        for order, (label, hotspot) in enumerate(article.jumps, 1)
    )


def _create_texts(pages: list[Page], record: EditionRecord, stored) -> None:
    """The text layers of the page PDFs that have one (scans have none until OCR)."""
    texts = [stored[r.order].text for r in record.pages]
    PageText.objects.bulk_create(
        PageText.of(page.pk, text)
        for page, text in zip(pages, texts, strict=True)
        if text is not None and text.has_text
    )
