"""A folder or .zip of page PDFs named by page label, with optional article text beside them.

What a layout system (方正飞腾, 华光, InDesign) exports: one PDF per page,
``01.pdf``, ``A01.pdf`` or ``01-要闻.pdf`` (label ``01``, page name 要闻). An
optional ``articles.jsonl`` beside them gives the articles' text, one article
per line in the edition bundle's article fields, each with its ``page``; the
loader places each on its page (``pages.placement``), and pages given no
articles have theirs found on the page (docs/formats/pdf-pages.md).

The newspaper comes from ``--newspaper``, the date from ``--date`` or the
folder's name (``formats.pdfs``). Everything is checked before anything is
written: every PDF opens and is of a printable size, no label appears twice,
no zip member points outside the zip, every article line is valid.
"""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import jsonschema

from broadsheet.editions import validate

from ..errors import IngestError
from ..limits import limits
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import READ_ERRORS, Source, check_archive
from .base import IngestOptions
from .bundle import (
    MANIFEST,
    SCHEMA_PATH,
    _checked,
    _explain,
    _read_member,
    article_record,
    image_size,
)
from .pdfs import checked_pdf, edition_date, newspaper

ARTICLES = "articles.jsonl"
# A label is letters, digits and '-' (at most 16); the page name starts after '_' or a
# space, after a '-' not followed by a letter or digit ("01-要闻"), or at the first
# character that is not ASCII ("01要闻").
_FILE_NAME = re.compile(
    r"(?P<label>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*)"
    r"(?:(?:[-_ ]+|(?=[^\x00-\x7f]))(?P<name>.*))?"
)
_NAME_LENGTH = 100


def page_label(file_name: str) -> tuple[str, str]:
    """The page label and page name a PDF's file name gives: ``01-要闻.pdf`` -> ('01', '要闻').

    Raises ``ValueError`` with the reason when the name gives no label.
    """
    stem = posixpath.splitext(posixpath.basename(file_name))[0].strip()
    match = _FILE_NAME.fullmatch(stem)
    if match is None:
        raise ValueError("does not start with a page label (letters, digits, '-'), e.g. 01.pdf")
    label, name = match["label"], (match["name"] or "").strip()
    problem = validate.label_problem(label)  # the one rule every door keeps
    if problem is not None:
        raise ValueError(f"gives a page label that breaks the rule: {problem}")
    if len(name) > _NAME_LENGTH:
        raise ValueError(f"gives a page name longer than {_NAME_LENGTH} characters")
    return label, name


def _label_order(label: str) -> list:
    """Sort key: labels in printed order, numbers by value (A2 before A10)."""
    return [int(p) if p.isdigit() else p for p in re.split(r"([0-9]+)", label.upper())]


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]


class _Files:
    """The PDFs and other files of one folder or zip, by name relative to it.

    Offers what the bundle's file checks use (``exists``, ``reader``,
    ``manifest_name``), so article pictures are checked as in a bundle.
    A zip may hold its files at the top or inside one top folder.
    """

    def __init__(self, path: Path):
        self.path, self.prefix = path, ""
        self.images: set[str] = set()
        self.members: set[str] | None = None
        self.manifest_name = str(path / ARTICLES)
        if path.is_dir():
            self.names = sorted(p.name for p in path.iterdir() if p.is_file())
            for name in self.names:
                self.check_inside(name)
            return
        self.members = set(_zip_names(path))
        tops = {n.split("/", 1)[0] for n in self.members}
        if len(tops) == 1 and all("/" in n for n in self.members):
            self.prefix = f"{tops.pop()}/"
        self.names = sorted(
            n[len(self.prefix) :] for n in self.members if "/" not in n[len(self.prefix) :]
        )
        self.manifest_name = f"{path}:{self.prefix}{ARTICLES}"

    def exists(self, rel: str) -> bool:
        if self.members is not None:
            return self.prefix + rel in self.members
        return (self.path / rel).is_file() and self.check_inside(rel)

    def check_inside(self, rel: str) -> bool:
        """A file of a folder must lie in it: a symbolic link out of it would publish any file."""
        if not (self.path / rel).resolve().is_relative_to(self.path.resolve()):
            raise IngestError(self.where(rel), "a symbolic link to a file outside the folder")
        return True

    def reader(self, rel: str) -> Callable[[], bytes]:
        if self.members is not None:
            zip_path, member = self.path, self.prefix + rel
            return _checked(lambda: _read_member(zip_path, member), str(zip_path), rel)
        return _checked((self.path / rel).read_bytes, str(self.path), rel)

    def where(self, rel: str) -> str:
        return (
            f"{self.path}:{self.prefix}{rel}" if self.members is not None else str(self.path / rel)
        )

    @property
    def pdfs(self) -> list[str]:
        return [n for n in self.names if n.lower().endswith(".pdf")]


def _zip_names(path: Path) -> list[str]:
    """The zip's file names, refusing one that points outside it (``../x.pdf``, ``/etc/x``)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.filename.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(str(path), f"not a readable zip file: {exc}") from exc
    check_archive(str(path), infos, limits())  # each member is checked as it is read
    names = [i.filename for i in infos]
    for name in names:
        if _unsafe(name):
            raise IngestError(str(path), f"member {name!r} points outside the zip; refused")
    return names


def _file(box: _Files, rel: str, field: str) -> Asset:
    if not box.exists(rel):
        raise IngestError(box.manifest_name, f"file {rel!r} is not beside the page PDFs", field)
    return Asset(rel, box.reader(rel))


def _pages(box: _Files) -> list[PageRecord]:
    """One page per PDF, in label order; refuses a label given twice and any bad PDF."""
    seen: dict[str, str] = {}
    pages = []
    for file_name in box.pdfs:
        try:
            label, name = page_label(file_name)
        except ValueError as exc:
            raise IngestError(box.where(file_name), f"the file name {exc}") from exc
        if label in seen:
            raise IngestError(
                str(box.path),
                f"page label {label!r} appears twice: {seen[label]!r} and {file_name!r}",
            )
        seen[label] = file_name
        checked_pdf(box.reader(file_name)(), box.where(file_name), file_name)
        pages.append(PageRecord(label=label, name=name, order=0, pdf=_file(box, file_name, "")))
    if not pages:
        raise IngestError(str(box.path), "no page PDF here (name them by page label: 01.pdf)")
    pages.sort(key=lambda p: _label_order(p.label))
    for order, page in enumerate(pages, 1):
        page.order = order
    return pages


@cache
def _article_validator() -> jsonschema.Draft202012Validator:
    """The edition bundle's schema for one article: the same fields, the same rules."""
    bundle = json.loads(SCHEMA_PATH.read_text("utf-8"))
    schema = {**bundle["properties"]["articles"]["items"], "$defs": bundle["$defs"]}
    return jsonschema.Draft202012Validator(schema)


def _article_lines(box: _Files) -> Iterator[tuple[int, dict]]:
    """Each line of ``articles.jsonl`` as a checked dict, with its line number."""
    where = box.manifest_name
    try:
        text = box.reader(ARTICLES)().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(where, f"not UTF-8 (byte offset {exc.start})") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(where, f"invalid JSON: {exc.msg}", f"line {number}") from exc
        error = jsonschema.exceptions.best_match(_article_validator().iter_errors(data))
        if error is not None:
            field, reason = _explain(error)
            raise IngestError(where, reason, f"line {number} {field}")
        yield number, data


def _attach_articles(box: _Files, pages: list[PageRecord]) -> None:
    if not box.exists(ARTICLES):
        return
    by_label = {p.label: p for p in pages}
    for number, data in _article_lines(box):
        page = by_label.get(data["page"])
        if page is None:
            where = f"line {number} page"
            raise IngestError(box.manifest_name, f"no page PDF for page {data['page']!r}", where)
        article = _article(box, number, data, len(page.articles) + 1)
        if any(a.order == article.order for a in page.articles):
            where = f"line {number} order"
            reason = f"order {article.order} used twice on page {page.label!r}"
            raise IngestError(box.manifest_name, reason, where)
        page.articles.append(article)


def _article(box: _Files, number: int, data: dict, order: int) -> ArticleRecord:
    assets: dict[str, Asset] = {}
    for j, block in enumerate(data["body"]):
        if block["type"] == "image" and block["src"] not in assets:
            src, field = block["src"], f"line {number} body[{j}].src"
            assets[src] = _file(box, src, field)
            if src not in box.images:
                image_size(box, assets[src], field)
                box.images.add(src)
    return article_record(data, order, assets, f"{box.manifest_name}: line {number}")


def read_pdf_pages(path: Path, options: IngestOptions) -> EditionRecord:
    where = str(path)
    paper, date = newspaper(options, where), edition_date(options, path, where)
    box = _Files(path)
    pages = _pages(box)
    _attach_articles(box, pages)
    return EditionRecord(
        newspaper=paper,
        newspaper_name=options.newspaper_name,
        date=date,
        pages=pages,
        source=where,
    )


def _looks_like_pages(names: list[str]) -> bool:
    """Page PDFs and no edition.json; every PDF named by a label with a digit (01, A01)."""
    pdfs = [n for n in names if n.lower().endswith(".pdf")]
    if not pdfs or any(posixpath.basename(n) == MANIFEST for n in names):
        return False
    try:
        return all(any(c.isdigit() for c in page_label(n)[0]) for n in pdfs)
    except ValueError:
        return False


class PdfPagesFormat:
    name = "pdf-pages"
    container = True

    def sniff(self, source: Source) -> bool:
        path = source.path
        if path is None:
            return False
        if path.is_dir():
            return _looks_like_pages([p.name for p in path.iterdir() if p.is_file()])
        if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
            return False
        try:
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if not n.endswith("/")]
        except READ_ERRORS:
            return False  # a damaged zip: expanding it reports what is wrong
        return _looks_like_pages([posixpath.basename(n) for n in names])

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        if source.path is None:
            yield IngestError(source.name, "page PDFs must be a folder or a .zip on disk")
            return
        try:
            yield read_pdf_pages(source.path, options)
        except IngestError as exc:
            yield exc
