"""A file missing from media storage: that edition is left out and named, the others are
exported, and the command exits non-zero (as a multi-edition ingest does)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from broadsheet.editions.models import Edition
from tests.exports.helpers import _load

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(editions, tmp_path):
    """One more public edition whose page image (its own: label X1) is gone from storage."""
    edition = _load(
        tmp_path / "more", slug="wanbao", name="晚报", date="2024-02-21", labels=("X1",)
    )
    default_storage.delete(edition.pages.get().image.name)
    return edition


def run(*args) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\); the rest was exported") as raised:
        call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), raised.value


def test_jsonl_leaves_the_edition_out_and_goes_on(broken, tmp_path):
    out = tmp_path / "export"
    said, errors, _ = run("jsonl", str(out), "--with-files")
    assert "Exported 3 edition(s)" in said
    assert "wanbao 2024-02-21 not exported: a file cannot be read" in errors
    lines = (out / "export.jsonl").read_text("utf-8").splitlines()
    dates = {json.loads(line)["date"] for line in lines}
    assert dates == {"2024-03-01", "2024-03-02", "2024-02-20"}


def test_site_names_the_missing_file_and_goes_on(broken, tmp_path):
    """The pages are the reader's (which names the file all the same); the file is missing."""
    out = tmp_path / "site"
    said, errors, _ = run("site", str(out))
    assert "Wrote 4 edition(s)" in said
    name = broken.pages.get().image.name
    assert f"media file {name!r} not copied" in errors
    assert (out / "chenbao/2024-03-01/index.html").is_file()
    assert (out / "media" / broken.pages.get().thumbnail.name).is_file()


def test_epub_names_the_edition(broken, tmp_path):
    with pytest.raises(CommandError, match="wanbao 2024-02-21 not exported: a file cannot be"):
        call_command("export", "epub", "wanbao", "2024-02-21", str(tmp_path / "b.epub"))
    assert not list(tmp_path.glob("b.epub*"))


def test_site_goes_on_after_an_edition_the_reader_refuses(editions, tmp_path):
    """A public edition without pages: the reader answers 404 for it, the export says so."""
    public, _ = editions
    Edition.objects.create(
        newspaper=public[2].newspaper, date="2024-02-22", status=Edition.Status.PUBLISHED
    )
    out = tmp_path / "site"
    out_, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"2 error\(s\); the rest was exported"):
        call_command("export", "site", str(out), stdout=out_, stderr=err)
    said, errors = out_.getvalue(), err.getvalue()
    assert "Wrote 3 edition(s)" in said
    # …and the newspaper's own page, which is its newest edition's first page.
    assert "/wanbao/ not written: /wanbao/: the reader answered 404" in errors
    assert "wanbao 2024-02-22 not written: /wanbao/2024-02-22/: the reader answered 404" in errors
    assert not (out / "wanbao/2024-02-22").exists() and not (out / ".staging").exists()
