"""Control characters never reach the database, whatever the format and the database.

NUL in a paragraph was stored on SQLite (and served in HTML) and refused by
PostgreSQL with a driver error. Every format's records pass one scrub before
loading; this file runs in the SQLite suite and in ``scripts/test-postgres.sh``.
"""

from __future__ import annotations

import json

import pytest

from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.ingest.runner import run_ingest
from broadsheet.ingest.text import scrub
from tests.builders import read_manifest, write_bundle, write_manifest

from .corpus_io import rmrb_articles, stored_articles, write
from .test_jsonl import rmrb_as_jsonl

pytestmark = pytest.mark.django_db
UNWANTED = "\x00\x01\x07\x0b\x0c\x1b\x1f\ufffe\uffff\ud800\udfff"


def stored_with_unwanted() -> list[str]:
    """Every stored text value that still holds an unwanted character.

    Each field's value is searched, down into the article body's blocks: a repr of
    the rows would escape a control character and never contain it.
    """
    rows = [
        *Article.objects.values_list("kicker", "headline", "subheadline", "byline", "body", "lead"),
        *Page.objects.values_list("label", "name"),
        *Newspaper.objects.values_list("name", "publisher__name", "publisher__copyright"),
    ]
    return [text for text in _texts(rows) if any(c in text for c in UNWANTED)]


def _texts(value):
    """The strings inside ``value``: rows, tuples, lists and dicts (keys and values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


def test_scrub_keeps_tabs_and_line_breaks():
    assert scrub(f"新年{UNWANTED}讲话\t一\r\n二\x7f") == "新年讲话\t一\r\n二\x7f"


def test_jsonl_with_nul_and_controls_loads_without_them(tmp_path):
    records = rmrb_as_jsonl(1)
    for i, record in enumerate(records):
        mark = UNWANTED[i % len(UNWANTED)]
        record["headline"] = mark + record["headline"]
        record["paragraphs"] = [p[:3] + mark + p[3:] for p in record["paragraphs"]]
    records[0]["byline"] = "\x00"
    text = "\n".join(json.dumps(r) for r in records)  # \u0000, \ud800: escapes, as JSON allows
    summary = run_ingest([write(tmp_path / "nul.jsonl", text.encode())])
    assert summary.errors == [] and summary.articles == len(records)
    assert stored_articles() == {k: v for k, v in rmrb_articles().items() if k[0] == "1998-01-01"}
    assert stored_with_unwanted() == []
    assert Article.objects.get(page__label="01", order=1).byline == ""
    path = tmp_path / "nul.jsonl"
    assert (run_ingest([path]).skipped, run_ingest([path]).errors) == (1, [])  # still idempotent


def test_bundle_with_nul_loads_without_it(tmp_path):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    manifest["newspaper"]["name"] = "晨\x00报"
    manifest["pages"][0]["name"] = "要\x1b闻"
    article = manifest["articles"][0]
    article["headline"] = "\x00" + article["headline"]
    article["body"][0]["text"] += "\x00"
    photo = next(a for a in manifest["articles"] if a["body"][0]["type"] == "image")
    photo["body"][0]["caption"] = "晨光\x00中的老街"
    write_manifest(folder, manifest)
    assert run_ingest([folder]).errors == []
    assert Newspaper.objects.get().name == "晨报"
    assert Page.objects.get(label="01").name == "要闻"
    assert Article.objects.get(page__label="01", order=3).body[0]["caption"] == "晨光中的老街"
    assert stored_with_unwanted() == []
    assert Edition.objects.count() == 1
