"""``broadsheet export jsonl``: the public editions as the JSON Lines ingest reads them.

One schema, not two: every line is a line of ``ingest/formats/jsonl.py`` (its
schema, ``jsonl-article.schema.json``), so loading the export into an empty
database gives back the same newspapers, editions, pages, articles, hotspots
and 转版 (docs/formats/export-jsonl.md). Edition details (newspaper name,
language, publisher, 期次) ride on an edition's first line, page details (版名,
image, PDF) on a page's first line; a page without articles gets a line of its
own without ``paragraphs``.

Without ``with_files`` the export is text only: page files and pictures are
left out (a picture needs its file). With it, files are copied beside the
lines under ``files/`` and named relative to them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.pagefiles import rendered_name
from broadsheet.pages.render import WEB_WIDTH

from . import files, selection
from .progress import bar

LINES = "export.jsonl"  # the lines' file inside an export folder (--with-files)
FILES = "files"


@dataclass
class JsonlExport:
    """Where the lines go and whether files go with them."""

    folder: Path | None  # None: text only
    count_editions: int = 0
    count_articles: int = 0
    errors: list[str] = field(default_factory=list)  # editions left out, and why

    def file(self, name: str) -> str:
        """Copy one stored file into the export; its path relative to the lines."""
        assert self.folder is not None
        return f"{FILES}/{files.copy_out(name, self.folder / FILES)}"


def export_jsonl(out: Path, with_files: bool = False, progress: bool = False) -> JsonlExport:
    """Write every public edition to ``out`` (a file, or with files a folder); never half.

    The lines are written to a ``.part`` file renamed at the end, so an
    interrupted export leaves no file that looks whole.
    """
    export = JsonlExport(out if with_files else None)
    target = out / LINES if with_files else out
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    found = selection.editions()
    with partial.open("w", encoding="utf-8") as stream:
        for edition in bar(found, progress, "editions", total=found.count()):
            _export_edition(stream, edition, export)
    partial.replace(target)
    return export


def _export_edition(stream, edition: Edition, export: JsonlExport) -> None:
    """Write one edition's lines, or none of them: a file missing from storage leaves the
    edition out, named in ``export.errors``, and the export goes on with the next one."""
    try:
        lines = list(edition_lines(edition, export))
    except OSError as exc:
        label = f"{edition.newspaper.slug} {edition.date.isoformat()}"
        export.errors.append(f"{label} not exported: a file cannot be read: {exc}")
        return
    _write(stream, lines)
    export.count_editions += 1
    export.count_articles += sum("paragraphs" in line for line in lines)


def _write(stream, lines: Iterable[dict]) -> None:
    for line in lines:
        stream.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


def edition_lines(edition: Edition, export: JsonlExport) -> Iterator[dict]:
    """The edition's lines: its pages in order, each page's articles in order."""
    head = _edition_fields(edition)
    for page in selection.pages(edition):
        articles = list(page.articles.all())
        page_head = {**head, **_page_fields(page, export)}
        if not articles:
            yield page_head
        for article in articles:
            yield {**page_head, **article_fields(article, export)}
            page_head = {"newspaper": head["newspaper"], "date": head["date"], "page": page.label}
        head = {"newspaper": head["newspaper"], "date": head["date"]}


def _edition_fields(edition: Edition) -> dict:
    paper, publisher = edition.newspaper, edition.newspaper.publisher
    fields: dict[str, object] = {
        "newspaper": paper.slug,
        "newspaper_name": paper.name,
        "language": paper.language,
        "publisher": {
            "name": publisher.name,
            "copyright": publisher.copyright,
            "tech_support": publisher.tech_support,
        },
        "date": edition.date.isoformat(),
    }
    if edition.issue_number is not None:
        fields["issue_number"] = edition.issue_number
    return fields


def _page_fields(page: Page, export: JsonlExport) -> dict:
    fields: dict[str, str] = {"page": page.label}
    if page.name:
        fields["page_name"] = page.name
    if export.folder is None:
        return fields
    # Images rendered from the page PDF are made again from it by ingest, under the same
    # names; an image given with the page is carried itself.
    image, pdf = page.image.name or "", page.pdf.name or ""
    if image and not (pdf and image == rendered_name(pdf, WEB_WIDTH)):
        fields["page_image"] = export.file(image)
    if pdf:
        fields["page_pdf"] = export.file(pdf)
    return fields


def article_fields(article: Article, export: JsonlExport) -> dict:
    fields: dict = {"order": article.order}
    for name in ("kicker", "headline", "subheadline", "byline"):
        if getattr(article, name):
            fields[name] = getattr(article, name)
    fields["paragraphs"] = list(_paragraphs(article.body, export))
    if article.hotspot:
        fields["hotspot"] = article.hotspot
    jumps = [{"page": j.page.label, "hotspot": j.hotspot} for j in article.jumps.all()]
    if jumps:
        fields["jumps"] = jumps
    if article.machine_found:
        fields["machine_found"] = True
    return fields


def _paragraphs(body: list[dict], export: JsonlExport) -> Iterator[str | dict]:
    """The body as ``paragraphs``: a paragraph as its text; a picture only with its file."""
    for block in body:
        kind = block.get("type")
        if kind == "paragraph":
            yield block.get("text", "")
        elif kind == "subheading":
            yield {"type": "subheading", "text": block.get("text", "")}
        elif kind == "image" and export.folder is not None and block.get("src"):
            picture = {"type": "image", "src": export.file(block["src"])}
            yield picture | {k: block[k] for k in ("caption", "alt") if k in block}
