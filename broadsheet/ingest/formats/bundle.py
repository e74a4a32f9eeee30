"""The edition bundle: a folder or .zip holding ``edition.json`` and its files.

The reference format (docs/formats/edition-bundle.md). The JSON is validated
against ``schemas/edition-bundle.schema.json`` first, then every reference is
checked (page labels, files, and that images are images browsers show and PDFs
open), so a broken bundle is refused before anything is written, with the file
and the field in the message.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jsonschema
from PIL import Image, UnidentifiedImageError

from broadsheet.pages.render import PdfRefused, page_sizes

from ..errors import IngestError
from ..limits import limits, size_text
from ..records import ArticleRecord, Asset, EditionRecord, PageRecord
from ..sources import READ_ERRORS, check_archive, check_member, open_member, reading
from .base import IngestOptions

MANIFEST = "edition.json"
TOO_DEEP = "invalid JSON: arrays and objects nested too deeply"
# Image formats every browser shows: a page image or a photo in another format
# (TIFF, JPEG 2000, a PDF named .png) would be a broken <img> and thumbnail.
# Pillow's format name -> what it is called; MPO is a camera's multi-picture JPEG.
WEB_IMAGE_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WebP",
    "AVIF": "AVIF",
}
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "edition-bundle.schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))


def _json_path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _read_member(zip_path: Path, name: str) -> bytes:
    with zipfile.ZipFile(zip_path) as zf:
        check_member(str(zip_path), zf.getinfo(name), limits())
        with open_member(zf, name) as member:
            return member.read()


class _Container:
    """Files of one bundle, in a folder or a zip, addressed by relative path.

    A zip is opened for each read rather than held open, so no file handle
    outlives the ingest of its edition.
    """

    def __init__(self, path: Path):
        self.path = path
        self.members: dict[str, int] | None = None  # a zip's files and their unpacked sizes
        self.prefix = ""
        self.images: set[str] = set()  # article images already checked
        if path.is_dir():
            return
        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
        except READ_ERRORS as exc:
            raise IngestError(str(path), f"not a readable zip file: {exc}") from exc
        check_archive(str(path), infos, limits())
        self.members = {i.filename: i.file_size for i in infos}
        if MANIFEST not in self.members:
            tops = [n for n in self.members if n.endswith("/" + MANIFEST) and n.count("/") == 1]
            if len(tops) != 1:
                raise IngestError(str(path), f"no {MANIFEST} at the top of the zip")
            self.prefix = tops[0][: -len(MANIFEST)]

    @property
    def manifest_name(self) -> str:
        if self.members is not None:
            return f"{self.path}/{self.prefix}{MANIFEST}"
        return str(self.path / MANIFEST)

    def exists(self, rel: str) -> bool:
        if self.members is not None:
            return self.prefix + rel in self.members
        return (self.path / rel).is_file()

    def size(self, rel: str) -> int:
        if self.members is not None:
            return self.members[self.prefix + rel]
        return (self.path / rel).stat().st_size

    def escapes(self, rel: str) -> bool:
        """Whether a file of a folder bundle is, through a symbolic link, outside the folder.

        ``pages/01.pdf -> /home/editor/private.pdf`` would publish that file. A link
        inside the bundle (``pages/01.png -> ../scans/01.png``) is fine.
        """
        if self.members is not None:
            return False  # a zip holds no links: a link member is read as a small text file
        return not (self.path / rel).resolve().is_relative_to(self.path.resolve())

    def reader(self, rel: str) -> Callable[[], bytes]:
        """How to read a file of the bundle; a damaged one raises ``IngestError`` naming it."""
        if self.members is not None:
            zip_path, name = self.path, self.prefix + rel
            return _checked(lambda: _read_member(zip_path, name), str(zip_path), rel)
        return _checked((self.path / rel).read_bytes, str(self.path), rel)

    def read(self, rel: str) -> bytes:
        return self.reader(rel)()


def _checked(read: Callable[[], bytes], where: str, rel: str) -> Callable[[], bytes]:
    def checked() -> bytes:
        with reading(where, repr(rel)):
            return read()

    return checked


def _parse_manifest(box: _Container) -> dict:
    where = box.manifest_name
    if not box.exists(MANIFEST):
        raise IngestError(where, "file is missing")
    if box.escapes(MANIFEST):
        raise IngestError(where, "a link that leaves the bundle")
    bound = limits().json_bytes
    if box.size(MANIFEST) > bound:
        raise IngestError(
            where,
            f"{size_text(box.size(MANIFEST))}, more than the {size_text(bound)} an edition.json "
            "may have (the json_bytes limit of BROADSHEET_INGEST_LIMITS)",
        )
    raw = box.read(MANIFEST)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(where, f"not UTF-8 (byte offset {exc.start})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            where, f"invalid JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise IngestError(where, TOO_DEEP) from exc
    try:
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    except RecursionError as exc:
        raise IngestError(where, TOO_DEEP) from exc
    if errors:
        field, reason = _explain(errors[0])
        raise IngestError(where, reason, field)
    return data


SHORT = 40  # characters of a value quoted in a message; long text is cut
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "null",
}
_SCHEMA_TYPES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_PATTERNS = {  # what a pattern means, for people who do not read regular expressions
    "file": "must be a path inside the bundle (no leading '/', no '../')",
    "slug": "must be lower-case letters, digits and '-' (at most 64)",
    "label": "must be letters, digits and '-' as printed (at most 16), e.g. '01', 'A01'",
    "date": "must be a date YYYY-MM-DD",
    "language": "must be a BCP 47 language tag such as 'zh-hans' or 'en'",
}


def _short(value) -> str:
    """``repr`` of a value, cut to about ``SHORT`` characters: messages never quote whole texts."""
    text = repr(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _explain(err: jsonschema.ValidationError) -> tuple[str, str]:
    """The field and the reason for a schema error, in words, with values cut short."""
    return _json_path(err.absolute_path), _reason(err, list(err.absolute_path))


def _reason(err: jsonschema.ValidationError, path: list) -> str:
    # Any JSON value: the failed rule's kind says which (an object for "required", ...).
    value: Any = err.instance
    rule: Any = err.validator_value
    kind = err.validator
    in_block = len(path) >= 2 and path[-2] == "body"
    if kind == "required":
        missing = next((n for n in rule if n not in value), rule[0])
        block = f"{value['type']} block " if in_block and "type" in value else ""
        return f"{block}missing {missing!r}"
    if kind == "additionalProperties":
        allowed = err.schema.get("properties", {}) if isinstance(err.schema, Mapping) else {}
        extra = ", ".join(_short(k) for k in value if k not in allowed)
        return f"unknown field {extra}" + (f" (block type {value['type']!r})" if in_block else "")
    if kind == "enum" and len(path) >= 3 and path[-3] == "body" and path[-1] == "type":
        return f"unknown block type {_short(value)} (expected one of {'/'.join(rule)})"
    if kind == "enum":
        return f"{_short(value)} is not one of {', '.join(map(repr, rule))}"
    if kind == "const":
        return f"must be {rule!r}, not {_short(value)}"
    if kind == "type":
        wanted = [rule] if isinstance(rule, str) else rule
        given = _JSON_TYPES.get(type(value), type(value).__name__)
        return f"must be {' or '.join(_SCHEMA_TYPES.get(t, t) for t in wanted)}, not {given}"
    if kind == "maxLength":
        return f"longer than {rule} characters ({len(value)})"
    if kind == "minLength":
        return "must not be empty" if rule == 1 else f"shorter than {rule} characters"
    if kind == "pattern":
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        meaning = _PATTERNS.get("file" if name in {"image", "pdf", "src"} else name)
        return f"{_short(value)} {meaning or f'does not match {rule}'}"
    return err.message.replace(repr(value), _short(value))


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise IngestError(where, f"not a valid date: {value!r}", "date") from exc


def _asset(box: _Container, rel: str | None, field: str) -> Asset | None:
    if not rel:
        return None
    if box.escapes(rel):
        raise IngestError(
            box.manifest_name, f"file {rel!r} is a link that leaves the bundle", field
        )
    if not box.exists(rel):
        raise IngestError(box.manifest_name, f"file {rel!r} is not in the bundle", field)
    return Asset(rel, box.reader(rel))


class Named(Protocol):
    """What names a file's container in messages (a bundle, a folder of page PDFs)."""

    @property
    def manifest_name(self) -> str: ...


def image_size(box: Named, asset: Asset, field: str) -> tuple[int, int]:
    """The size of a real image in a format browsers show, else an error naming the field.

    Cheap: Pillow reads the header and ``verify`` walks the file (chunks and
    checksums for PNG) without decoding the pixels.
    """
    where, data = box.manifest_name, asset.read()
    try:
        with _quiet_bombs(), Image.open(io.BytesIO(data)) as img:
            kind, size = img.format, img.size
            check_pixels(where, asset.name, size, field)
            img.verify()
    except UnidentifiedImageError as exc:
        raise IngestError(where, f"{asset.name!r} is not an image", field) from exc
    except Image.DecompressionBombError as exc:
        raise IngestError(where, f"{asset.name!r} is too large: {exc}", field) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as exc:
        raise IngestError(where, f"{asset.name!r} is a broken image: {exc}", field) from exc
    if kind not in WEB_IMAGE_FORMATS:
        shown = ", ".join(dict.fromkeys(WEB_IMAGE_FORMATS.values()))
        raise IngestError(
            where, f"{asset.name!r} is a {kind} image; browsers show only {shown}", field
        )
    return size


@contextmanager
def _quiet_bombs() -> Iterator[None]:
    """Pillow's own warning for large images: ``check_pixels`` says it better, as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def check_pixels(where: str, name: str, size: tuple[int, int], field: str) -> None:
    """Refuse an image whose header declares more pixels than decoding it may cost.

    Read from the header before any pixel is decoded: a 17 KB PNG declaring
    12000x12000 took 765 MB to make its thumbnail.
    """
    bound = limits().image_pixels
    if size[0] * size[1] > bound:
        raise IngestError(
            where,
            f"{name!r} is {size[0]}x{size[1]} pixels, more than {bound} "
            "(the image_pixels limit of BROADSHEET_INGEST_LIMITS)",
            field,
        )


def check_pdf(box: _Container, asset: Asset, field: str) -> None:
    """A page PDF must open and hold pages of a printable size (``pages.render.page_sizes``:
    PDFium parses its structure and loads each page, nothing is rendered)."""
    try:
        page_sizes(asset.read())
    except PdfRefused as exc:
        raise IngestError(box.manifest_name, f"{asset.name!r} {exc}", field) from exc


def _page(box: _Container, i: int, data: dict) -> PageRecord:
    page = PageRecord(
        label=data["label"],
        order=i + 1,
        name=data.get("name", ""),
        image=_asset(box, data.get("image"), f"pages[{i}].image"),
        pdf=_asset(box, data.get("pdf"), f"pages[{i}].pdf"),
        width=data.get("width"),
        height=data.get("height"),
    )
    if page.pdf:
        check_pdf(box, page.pdf, f"pages[{i}].pdf")
    if page.image:
        width, height = image_size(box, page.image, f"pages[{i}].image")
        for name, declared, real in (("width", page.width, width), ("height", page.height, height)):
            if declared is not None and declared != real:
                raise IngestError(
                    box.manifest_name,
                    f"{declared} does not match {page.image.name!r}, "
                    f"which is {width}x{height} pixels (leave it out to take the real size)",
                    f"pages[{i}].{name}",
                )
        page.width, page.height = width, height
    return page


def _article(box: _Container, i: int, data: dict, order: int) -> ArticleRecord:
    assets: dict[str, Asset] = {}
    for j, block in enumerate(data["body"]):
        if block["type"] == "image" and block["src"] not in assets:
            src, field = block["src"], f"articles[{i}].body[{j}].src"
            asset = _asset(box, src, field)
            assert asset is not None  # the schema requires a non-empty src
            assets[src] = asset
            if src not in box.images:
                image_size(box, asset, field)
                box.images.add(src)
    return article_record(data, order, assets, f"{box.manifest_name}: articles[{i}]")


def article_record(data: dict, order: int, assets: dict[str, Asset], source: str) -> ArticleRecord:
    """An article in the bundle's fields (checked by its schema) as a record; also read from
    the ``articles.jsonl`` beside page PDFs, which takes the same fields."""
    return ArticleRecord(
        order=data.get("order", order),
        kicker=data.get("kicker", ""),
        headline=data.get("headline", ""),
        subheadline=data.get("subheadline", ""),
        byline=data.get("byline", ""),
        blocks=list(data["body"]),
        hotspot=data.get("hotspot", []),
        assets=assets,
        source=source,
    )


def read_bundle(path: Path) -> EditionRecord:
    box = _Container(path)
    data = _parse_manifest(box)
    where = box.manifest_name
    pages: dict[str, PageRecord] = {}
    for i, p in enumerate(data["pages"]):
        if p["label"] in pages:
            raise IngestError(
                where, f"page label {p['label']!r} appears twice", f"pages[{i}].label"
            )
        pages[p["label"]] = _page(box, i, p)
    for i, a in enumerate(data["articles"]):
        page = pages.get(a["page"])
        if page is None:
            raise IngestError(where, f"unknown page {a['page']!r}", f"articles[{i}].page")
        article = _article(box, i, a, len(page.articles) + 1)
        if any(x.order == article.order for x in page.articles):
            raise IngestError(
                where,
                f"order {article.order} used twice on page {a['page']!r}",
                f"articles[{i}].order",
            )
        page.articles.append(article)
    paper = data["newspaper"]
    publisher = paper.get("publisher", {})
    return EditionRecord(
        newspaper=paper["slug"],
        newspaper_name=paper["name"],
        language=paper.get("language", ""),
        publisher=publisher.get("name", ""),
        copyright=publisher.get("copyright", ""),
        tech_support=publisher.get("tech_support", ""),
        date=_date(data["date"], where),
        issue_number=data.get("issue_number"),
        pages=list(pages.values()),
        source=where,
        newspaper_details=True,
    )


class BundleFormat:
    name = "bundle"

    def sniff(self, path: Path) -> bool:
        if path.is_dir():
            return (path / MANIFEST).is_file()
        if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as zf:
                    names = zf.namelist()
            except READ_ERRORS:
                return False  # a damaged zip: expanding it reports what is wrong
            return any(n == MANIFEST or n.endswith("/" + MANIFEST) for n in names)
        return path.name == MANIFEST

    def read(self, path: Path, options: IngestOptions) -> Iterator[EditionRecord]:
        if path.name == MANIFEST and path.is_file():
            path = path.parent
        yield read_bundle(path)
