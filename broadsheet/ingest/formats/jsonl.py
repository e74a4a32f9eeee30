"""JSON Lines of articles: one article per line (docs/formats/jsonl.md).

Every line is checked against ``schemas/jsonl-article.schema.json``. Lines that
follow each other with the same newspaper and date form one edition, read
and loaded before the next one is read, so the file is streamed. An edition
whose lines are not together is refused at the line where it comes back:
merging would need the whole file in memory.

The same lines are what ``broadsheet export jsonl`` writes, so they carry
everything an edition holds (issue number, page files, hotspots, 转版,
pictures): files are named relative to the JSON Lines file's folder and
checked as a bundle's are. A line without ``paragraphs`` names a page only,
for pages with no article.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jsonschema

from broadsheet.editions import validate

from ..encoding import TextLine, iter_lines
from ..errors import IngestError
from ..limits import limits
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .bundle import _Container, check_pdf, image_size
from .grouping import Run, group_lines, run_failed
from .layout import order_pages

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "jsonl-article.schema.json"
_SNIFF = re.compile(rb'^\s*\{\s*"[a-z_]+"\s*:')
_KEYS = (b'"paragraphs"', b'"date"', b'"page"')
TOO_DEEP = "invalid JSON: arrays and objects nested too deeply"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))


def parse_article(line: TextLine, name: str, options: IngestOptions) -> dict:
    """One line as a checked dict with ``newspaper`` filled in; raises naming the line."""
    where = f"line {line.number}"
    data = _json(line, name)
    try:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    except RecursionError as exc:
        raise IngestError(name, TOO_DEEP, where) from exc
    if error is not None:
        field_path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
        raise IngestError(name, error.message, f"{where}{' ' + field_path if field_path else ''}")
    if "article" in data:
        if "order" in data:
            raise IngestError(name, "give order or article (its other name), not both", where)
        data["order"] = data.pop("article")
    data.setdefault("newspaper", options.newspaper)
    if not data["newspaper"]:
        raise IngestError(name, "no newspaper: give it in the line or with --newspaper", where)
    _check_values(data, name, where)
    return data


def _check_values(data: dict, name: str, where: str) -> None:
    """The rules every door keeps (``editions.validate``), checked here to name the line."""
    problems = [
        ("newspaper", validate.slug_problem(data["newspaper"])),
        ("page", validate.label_problem(_label(data["page"]))),
        ("order", validate.order_problem(data["order"]) if "order" in data else None),
    ]
    for field, problem in problems:
        if problem is not None:
            raise IngestError(name, problem, f"{where} .{field}")


def _label(page: int | str) -> str:
    """The page label a line names: an integer n stands for "0n"."""
    return f"{page:02d}" if isinstance(page, int) else page


def _json(line: TextLine, name: str):
    try:
        return json.loads(line.text)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise IngestError(name, msg, f"line {line.number}") from exc
    except RecursionError as exc:
        raise IngestError(name, TOO_DEEP, f"line {line.number}") from exc


def edition_key(line: TextLine, options: IngestOptions) -> tuple[str, str] | None:
    """The (newspaper, date) a line names, even when the line is bad; None if unreadable."""
    try:
        data = json.loads(line.text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    paper, date = data.get("newspaper", options.newspaper), data.get("date")
    return (paper, date) if isinstance(paper, str) and paper and isinstance(date, str) else None


def read_editions(
    source: Source, options: IngestOptions
) -> Iterator[Run[tuple[str, str]] | IngestError]:
    def parse(line: TextLine) -> tuple[tuple[str, str], tuple[int, dict] | IngestError] | None:
        if not line.text.strip():
            return None
        try:
            data = parse_article(line, source.name, options)
        except IngestError as exc:
            key = edition_key(line, options)
            if key is None:
                raise
            return key, exc
        return (data["newspaper"], data["date"]), (line.number, data)

    with source.open() as stream:
        lines = iter_lines(stream, source.name, limits().json_bytes)
        yield from group_lines(lines, parse, source.name, "keep each edition's lines together")


class _Files(_Container):
    """The files a JSON Lines file names, in its folder, checked as a bundle's are.

    A file that is not on disk (a zip member, a ``.gz``) has no folder: naming a
    file there is an error at that line.
    """

    def __init__(self, folder: Path | None, name: str):
        self.folder, self.name, self.line = folder, name, 0
        if folder is not None:
            super().__init__(folder)

    @property
    def manifest_name(self) -> str:
        return f"{self.name}: line {self.line}"

    def asset(self, rel: str, field: str, line: int) -> Asset:
        """A file the line names, which must be in the folder (a link must not leave it)."""
        self.line = line
        if self.folder is None:
            raise IngestError(self.name, "files are named only in a file on disk", f"line {line}")
        if self.escapes(rel):
            raise IngestError(
                self.manifest_name, f"file {rel!r} is a link that leaves the folder", field
            )
        if not self.exists(rel):
            raise IngestError(self.manifest_name, f"no file {rel!r} beside this file", field)
        return Asset(rel, self.reader(rel))


def _first(items: list[tuple[int, dict]], key: str):
    """The value the first line of an edition (or page) that gives one gives."""
    return next((d[key] for _, d in items if key in d), None)


def edition_of(
    run: Run[tuple[str, str]], options: IngestOptions, name: str, folder: Path | None = None
) -> EditionRecord:
    slug, date_text = run.key
    first_line, first = run.items[0]
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError as exc:
        raise IngestError(name, f"not a valid date: {date_text}", f"line {first_line}") from exc
    publisher = _first(run.items, "publisher") or {}
    return EditionRecord(
        newspaper=slug,
        newspaper_name=_first(run.items, "newspaper_name") or options.newspaper_name or slug,
        language=_first(run.items, "language") or "",
        publisher=publisher.get("name", ""),
        copyright=publisher.get("copyright", ""),
        tech_support=publisher.get("tech_support", ""),
        issue_number=_first(run.items, "issue_number"),
        date=date,
        pages=_pages(run.items, _Files(folder, name)),
        source=f"{name}: line {first_line}",
    )


def _pages(items: list[tuple[int, dict]], files: _Files) -> list[PageRecord]:
    pages: dict[str, PageRecord] = {}
    for number, data in items:
        label = _label(data["page"])
        page = pages.setdefault(label, PageRecord(label=label, order=0))
        page.name = page.name or data.get("page_name", "")
        _page_files(page, data, files, number)
        if "paragraphs" not in data:
            continue  # a line naming a page only
        article = _article(data, len(page.articles) + 1, files, number)
        if any(a.order == article.order for a in page.articles):
            raise IngestError(
                files.name, f"order {article.order} used twice on page {label!r}", f"line {number}"
            )
        page.articles.append(article)
    return order_pages(list(pages.values()))


def _page_files(page: PageRecord, data: dict, files: _Files, number: int) -> None:
    """The page image and PDF the first line of a page that names them names, checked."""
    if page.pdf is None and data.get("page_pdf"):
        page.pdf = pdf = files.asset(data["page_pdf"], "page_pdf", number)
        check_pdf(files, pdf, "page_pdf")
    if page.image is None and data.get("page_image"):
        page.image = image = files.asset(data["page_image"], "page_image", number)
        page.width, page.height = image_size(files, image, "page_image")


def _article(data: dict, position: int, files: _Files, number: int) -> ArticleRecord:
    blocks = [
        {"type": "paragraph", "text": p} if isinstance(p, str) else dict(p)
        for p in data["paragraphs"]
    ]
    return ArticleRecord(
        order=data.get("order", position),
        kicker=data.get("kicker", ""),
        headline=data.get("headline", ""),
        subheadline=data.get("subheadline", ""),
        byline=data.get("byline", ""),
        blocks=blocks,
        hotspot=data.get("hotspot", []),
        jumps=[(j["page"], j["hotspot"]) for j in data.get("jumps", [])],
        machine_found=data.get("machine_found", False),
        assets=_pictures(blocks, files, number),
        source=f"{files.name}: line {number}",
    )


def _pictures(blocks: list[dict], files: _Files, number: int) -> dict[str, Asset]:
    """The article's pictures, each checked once as an image browsers show."""
    assets: dict[str, Asset] = {}
    for j, block in enumerate(blocks):
        src = block.get("src") if block["type"] == "image" else None
        if src and src not in assets:
            field = f"paragraphs[{j}].src"
            asset = files.asset(src, field, number)
            image_size(files, asset, field)
            assets[src] = asset
    return assets


class JsonLinesFormat:
    name = "jsonl"
    container = False

    def sniff(self, source: Source) -> bool:
        head = source.head().lstrip(b"\xef\xbb\xbf")
        first = head.split(b"\n", 1)[0]
        # An export's first line may name a page with no article: a date and a page then.
        keys = _KEYS[:1] if _KEYS[0] in first else _KEYS[1:]
        return _SNIFF.match(first) is not None and all(k in first for k in keys)

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        for run in read_editions(source, options):
            if isinstance(run, IngestError):
                yield run
            elif run.error is not None:
                yield run_failed(run, " ".join(run.key))
            else:
                try:
                    folder = source.path.parent if source.path is not None else None
                    yield edition_of(run, options, source.name, folder)
                except IngestError as exc:
                    yield exc
