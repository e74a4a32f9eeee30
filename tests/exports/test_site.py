"""``broadsheet export site``: the reader as static files whose every link works from disk."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Page
from broadsheet.exports.site import STATE
from tests.exports.helpers import HIDDEN, _load, hidden_files
from tests.exports.sitecheck import broken_links, pages

pytestmark = pytest.mark.django_db


def export(out, *args) -> str:
    said = StringIO()
    call_command("export", "site", str(out), *args, stdout=said)
    return said.getvalue()


def test_every_page_is_there_and_every_link_works(editions, tmp_path):
    out = tmp_path / "site"
    export(out)
    for name in (
        "index.html",
        "chenbao/index.html",
        "chenbao/archive/2024-03/index.html",
        "wanbao/archive/2024-02/index.html",
        "chenbao/2024-03-01/index.html",
        "chenbao/2024-03-01/02/index.html",
        "chenbao/2024-03-01/01/3/index.html",
        "chenbao/2024-03-01/edition.pdf",
        "static/reader/reader.css",
    ):
        assert (out / name).is_file(), name
    assert (out / "chenbao/2024-03-01/edition.pdf").read_bytes().startswith(b"%PDF")
    assert broken_links(out) == []
    page = (out / "chenbao/2024-03-01/01/index.html").read_text("utf-8")
    assert '<a href="1/index.html" data-article=' in page  # a hotspot
    assert 'name="csrfmiddlewaretoken"' not in page and 'action="/search/"' not in page
    assert "/switch/" not in page and '<button type="submit">' not in page


def test_nothing_hidden_is_exported(editions, tmp_path):
    public, hidden = editions
    out = tmp_path / "site"
    export(out)
    for page in pages(out):
        assert HIDDEN not in page.read_text("utf-8"), page
        for edition in hidden:
            assert f"{edition.date.isoformat()}/" not in page.read_text("utf-8"), page
    for edition in hidden:
        assert not (out / "chenbao" / edition.date.isoformat()).exists()
    media = {p.relative_to(out / "media").as_posix() for p in (out / "media").rglob("*")}
    assert media.isdisjoint(hidden_files(hidden))


def test_only_new_or_changed_editions_are_written_again(editions, tmp_path):
    out = tmp_path / "site"
    assert "Wrote 3 edition(s), 0 unchanged" in export(out)
    wanbao = out / "wanbao/2024-02-20/index.html"
    stamp = wanbao.stat().st_mtime_ns
    assert "Wrote 0 edition(s), 3 unchanged" in export(out)
    # A new edition on 03-03: it is written, and so are the March editions whose calendar
    # (and, for 03-02, 下一期) now leads to it; 晚报 is left alone.
    new = _load(tmp_path / "more", date="2024-03-03", issue_number=102)
    said = export(out)
    assert "Wrote 3 edition(s), 1 unchanged" in said
    assert 'href="../../2024-03-03/index.html"' in (
        out / "chenbao/2024-03-02/01/index.html"
    ).read_text("utf-8")
    assert wanbao.stat().st_mtime_ns == stamp
    # Withdrawn: it leaves the export, and the pages that linked it are written again.
    publishing.withdraw(new)
    said = export(out)
    assert "removed: chenbao 2024-03-03 (no longer public)" in said
    assert not (out / "chenbao/2024-03-03").exists()
    assert broken_links(out) == []
    assert set(json.loads((out / STATE).read_text("utf-8"))["editions"]) == {
        "chenbao/2024-03-01",
        "chenbao/2024-03-02",
        "wanbao/2024-02-20",
    }


def test_a_changed_edition_is_written_again(editions, tmp_path):
    public, _ = editions
    out = tmp_path / "site"
    export(out)
    article = public[2].pages.get(label="01").articles.get(order=1)
    article.headline = "更正后的标题"
    article.save()
    assert "Wrote 1 edition(s), 2 unchanged" in export(out)
    assert "更正后的标题" in (out / "wanbao/2024-02-20/01/1/index.html").read_text("utf-8")


def test_base_url_names_the_live_site(editions, tmp_path):
    out = tmp_path / "site"
    export(out, "--base-url", "https://paper.example.com")
    page = (out / "chenbao/2024-03-01/01/1/index.html").read_text("utf-8")
    assert (
        '<link rel="canonical" href="https://paper.example.com/chenbao/2024-03-01/01/1/">' in page
    )
    assert broken_links(out) == []


def test_bad_arguments_are_named(editions, tmp_path):
    file = tmp_path / "file"
    file.write_text("")
    with pytest.raises(CommandError, match="not a folder"):
        export(file)
    with pytest.raises(CommandError, match="give an http:// or https:// address"):
        export(tmp_path / "site", "--base-url", "paper.example.com")


def test_rows_the_reader_cannot_route_are_left_out(editions, tmp_path):
    """A page label or an article order written by hand that breaks the rules: the reader
    leaves them out, and so do the exports (before, the site export stopped on them)."""
    public, _ = editions
    bad = Page.objects.create(edition=public[2], label="第9版", order=99)
    page = public[2].pages.get(label="01")
    Article.objects.create(page=page, order=1_000_000, headline="BADROW")
    Article.objects.create(page=bad, order=1, headline="BADROW")
    out = tmp_path / "site"
    assert "Wrote 3 edition(s)" in export(out)
    assert broken_links(out) == []
    assert not any("BADROW" in p.read_text("utf-8") for p in pages(out))
    call_command("export", "jsonl", str(tmp_path / "e.jsonl"))
    assert "BADROW" not in (tmp_path / "e.jsonl").read_text("utf-8")


SERVER_PARTS = (
    'class="site-search"',
    'class="language-switch"',
    'class="find-on-page"',
    'class="iiif-link"',
    'class="permalink"',
    'rel="shortlink"',
    'rel="search"',
    'rel="alternate"',
    "server-only-->",
)


def test_the_parts_that_need_the_server_are_marked_and_left_out(editions, client, tmp_path):
    """What the live pages mark as server-only (every part below is on the live page or
    article) is absent from every exported page, markers and all."""
    live = [
        client.get(url).content.decode()
        for url in ("/chenbao/2024-03-01/01/", "/chenbao/2024-03-01/01/1/")
    ]
    assert all(any(part in html for html in live) for part in SERVER_PARTS)
    for html in live:
        assert html.count("<!--server-only-->") == html.count("<!--/server-only-->")
    out = tmp_path / "site"
    export(out)
    for path in pages(out):
        text = path.read_text("utf-8")
        assert not [part for part in SERVER_PARTS if part in text], path
