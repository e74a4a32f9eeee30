"""JSON Lines of articles: one article per line (docs/formats/jsonl.md).

Every line is checked against ``schemas/jsonl-article.schema.json``. Lines that
follow each other with the same newspaper and date form one edition, read
and loaded before the next one is read, so the file is streamed. An edition
whose lines are not together is refused at the line where it comes back:
merging would need the whole file in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jsonschema

from ..encoding import TextLine, iter_lines
from ..errors import IngestError
from ..records import ArticleRecord, EditionRecord, PageRecord
from ..sources import Source
from .base import IngestOptions
from .grouping import Run, group_lines, run_failed
from .layout import order_pages

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "jsonl-article.schema.json"
_SNIFF = re.compile(rb'^\s*\{\s*"[a-z_]+"\s*:')
_KEYS = (b'"paragraphs"', b'"date"', b'"page"')


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))


def parse_article(line: TextLine, name: str, options: IngestOptions) -> dict:
    """One line as a checked dict with ``newspaper`` filled in; raises naming the line."""
    where = f"line {line.number}"
    data = _json(line, name)
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
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
    return data


def _json(line: TextLine, name: str):
    try:
        return json.loads(line.text)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise IngestError(name, msg, f"line {line.number}") from exc


def edition_key(line: TextLine, options: IngestOptions) -> tuple[str, str] | None:
    """The (newspaper, date) a line names, even when the line is bad; None if unreadable."""
    try:
        data = json.loads(line.text)
    except json.JSONDecodeError:
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
        lines = iter_lines(stream, source.name)
        yield from group_lines(lines, parse, source.name, "keep each edition's lines together")


def edition_of(run: Run[tuple[str, str]], options: IngestOptions, name: str) -> EditionRecord:
    slug, date_text = run.key
    first_line, first = run.items[0]
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError as exc:
        raise IngestError(name, f"not a valid date: {date_text}", f"line {first_line}") from exc
    names = [d["newspaper_name"] for _, d in run.items if d.get("newspaper_name")]
    return EditionRecord(
        newspaper=slug,
        newspaper_name=(names[0] if names else options.newspaper_name) or slug,
        date=date,
        pages=_pages(run.items, name),
        source=f"{name}: line {first_line}",
    )


def _pages(items: list[tuple[int, dict]], name: str) -> list[PageRecord]:
    pages: dict[str, PageRecord] = {}
    for number, data in items:
        label = f"{data['page']:02d}" if isinstance(data["page"], int) else data["page"]
        page = pages.setdefault(label, PageRecord(label=label, order=0))
        page.name = page.name or data.get("page_name", "")
        article = _article(data, len(page.articles) + 1, f"{name}: line {number}")
        if any(a.order == article.order for a in page.articles):
            raise IngestError(
                name, f"order {article.order} used twice on page {label!r}", f"line {number}"
            )
        page.articles.append(article)
    return order_pages(list(pages.values()))


def _article(data: dict, position: int, source: str) -> ArticleRecord:
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
        source=source,
    )


class JsonLinesFormat:
    name = "jsonl"
    container = False

    def sniff(self, source: Source) -> bool:
        head = source.head().lstrip(b"\xef\xbb\xbf")
        first = head.split(b"\n", 1)[0]
        return _SNIFF.match(first) is not None and all(k in first for k in _KEYS[:1])

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        for run in read_editions(source, options):
            if isinstance(run, IngestError):
                yield run
            elif run.error is not None:
                yield run_failed(run, " ".join(run.key))
            else:
                try:
                    yield edition_of(run, options, source.name)
                except IngestError as exc:
                    yield exc
