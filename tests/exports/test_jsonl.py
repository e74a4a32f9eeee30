"""``broadsheet export jsonl``: ingest → export → ingest into an emptied database → the same.

The comparison is field by field: newspapers and publishers, editions, pages with
their stored file names (content hashes, so equal names are equal files),
articles with their bodies, leads and hotspots, and 转版.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from broadsheet.editions.models import Article, ArticleJump, Edition, Newspaper, Page, Publisher
from broadsheet.ingest.formats.jsonl import SCHEMA_PATH
from tests.builders import ingest_json
from tests.exports.helpers import HIDDEN, hidden_files

pytestmark = pytest.mark.django_db

PAGE_FIELDS = ("label", "name", "order", "width", "height")
FILE_FIELDS = ("image", "image_hidpi", "thumbnail", "pdf")
ARTICLE_FIELDS = (
    *("order", "kicker", "headline", "subheadline", "byline", "body", "lead", "hotspot"),
    "machine_found",
)


def snapshot() -> dict:
    """Everything the public editions hold, keyed by what readers see (slugs, dates, labels)."""
    papers = {
        p.slug: [
            p.name,
            p.language,
            p.is_default,
            p.publisher.name,
            p.publisher.copyright,
            p.publisher.tech_support,
        ]
        for p in Newspaper.objects.select_related("publisher")
    }
    editions = {
        (e.newspaper.slug, e.date.isoformat()): [e.issue_number, e.status]
        for e in Edition.objects.public()
    }
    pages = {
        (p.edition.newspaper.slug, p.edition.date.isoformat(), p.label): [
            *(getattr(p, f) for f in PAGE_FIELDS),
            *(getattr(p, f).name for f in FILE_FIELDS),
        ]
        for p in Page.objects.filter(edition__in=Edition.objects.public())
    }
    articles = {
        (a.page.edition.newspaper.slug, a.page.edition.date.isoformat(), a.page.label, a.order): [
            getattr(a, f) for f in ARTICLE_FIELDS
        ]
        for a in Article.objects.filter(page__edition__in=Edition.objects.public())
    }
    jumps = sorted(
        (j.article.headline, j.page.label, j.order, json.dumps(j.hotspot))
        for j in ArticleJump.objects.filter(page__edition__in=Edition.objects.public())
    )
    return {
        "papers": papers,
        "editions": editions,
        "pages": pages,
        "articles": articles,
        "jumps": jumps,
    }


def empty_database(settings, tmp_path) -> None:
    """An empty database and a fresh media folder, as on another server."""
    Newspaper.objects.all().delete()
    Publisher.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"


def test_export_round_trips_exactly(editions, settings, tmp_path):
    public, hidden = editions
    for edition in hidden:  # only public editions travel: leave the hidden ones out of both
        edition.delete()
    before = snapshot()
    # Every kind of page and article is there to travel: a 转版, an article found by machine,
    # a page rendered from its PDF (with a 2x image), a page without articles, a picture.
    assert before["jumps"] and any(a[-1] for a in before["articles"].values())
    assert any(p[FILE_FIELDS.index("image_hidpi") + 5] for p in before["pages"].values())
    assert ("wanbao", "2024-02-20", "02") in before["pages"]
    assert not any(k[:3] == ("wanbao", "2024-02-20", "02") for k in before["articles"])
    assert any(b["type"] == "image" for a in before["articles"].values() for b in a[5])
    out = tmp_path / "export"
    call_command("export", "jsonl", str(out), "--with-files")
    empty_database(settings, tmp_path)
    summary = ingest_json(out / "export.jsonl", publish=True)
    assert summary["errors"] == [], summary
    after = snapshot()
    for part in before:
        assert after[part] == before[part], part
    assert summary["editions"] == len(public)


def test_lines_follow_the_ingest_schema(editions, tmp_path):
    out = tmp_path / "export.jsonl"
    call_command("export", "jsonl", str(out))
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for line in lines:
        validator.validate(line)
    assert {line["date"] for line in lines} == {"2024-03-01", "2024-03-02", "2024-02-20"}
    # Text only: no file is named, and pictures (which need their file) are left out.
    assert not any("page_image" in line or "page_pdf" in line for line in lines)


def test_nothing_hidden_is_exported(editions, tmp_path):
    public, hidden = editions
    out = tmp_path / "export"
    call_command("export", "jsonl", str(out), "--with-files")
    text = (out / "export.jsonl").read_text("utf-8")
    assert HIDDEN not in text
    dates = {json.loads(line)["date"] for line in text.splitlines()}
    assert dates.isdisjoint({e.date.isoformat() for e in hidden})
    exported = {p.relative_to(out / "files").as_posix() for p in (out / "files").rglob("*")}
    assert exported.isdisjoint(hidden_files(hidden))


def test_text_export_loads_too(editions, settings, tmp_path):
    out = tmp_path / "text.jsonl"
    call_command("export", "jsonl", str(out))
    empty_database(settings, tmp_path)
    summary = ingest_json(out, publish=True)
    assert summary["errors"] == [] and summary["editions"] == 3
    assert not Page.objects.exclude(image="").exists()


def test_bad_arguments_are_named(editions, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(CommandError, match="a folder; give a file name"):
        call_command("export", "jsonl", str(folder))
    file = tmp_path / "file.jsonl"
    file.write_text("")
    with pytest.raises(CommandError, match="writes a folder"):
        call_command("export", "jsonl", str(file), "--with-files")
