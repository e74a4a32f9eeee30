"""Bounds against decompression and pixel bombs: each a clear error, checked before the work.

Most cases shrink a bound with ``override_settings(INGEST_LIMITS=...)`` (what
``BROADSHEET_INGEST_LIMITS`` sets) rather than build hundreds of megabytes;
the packing ratio and the pixel bound are tested at their defaults.
"""

from __future__ import annotations

import gzip
import json
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from PIL import Image

from broadsheet.editions.models import Edition, Page
from broadsheet.ingest.limits import limits
from broadsheet.ingest.runner import run_ingest
from broadsheet.ingest.sources import gzip_source
from tests.builders import write_bundle
from tests.conftest import corpus

from .corpus_io import PFR_UTF8, first_days, utf8_lines, write

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def good_jsonl(tmp_path):
    record = {"newspaper": "next", "date": "2024-05-01", "page": "01", "paragraphs": ["正文。"]}
    return write(tmp_path / "next.jsonl", (json.dumps(record) + "\n").encode())


def assert_refused_then_next(summary, *expected: str) -> str:
    [error] = summary.errors
    assert all(e in error for e in expected), error
    assert list(Edition.objects.values_list("newspaper__slug", flat=True)) == ["next"]
    return error


def zipped(folder, archive):
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive


def test_a_tightly_packed_edition_json_is_refused_as_a_bomb(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    text = (folder / "edition.json").read_text("utf-8")
    (folder / "edition.json").write_text(text + " " * (2 * MiB), "utf-8")
    archive = zipped(folder, tmp_path / "bomb.zip")
    error = assert_refused_then_next(
        run_ingest([archive, good_jsonl(tmp_path)]), "bomb.zip", "decompression bomb"
    )
    assert "edition.json" in error


def test_a_gz_flood_of_blank_lines_stops_early(tmp_path):
    first = first_days(utf8_lines(), 1)[0].encode()
    flood = gzip.compress(first + b"\n" * (8 * MiB), mtime=0)
    path = write(tmp_path / "pfr.txt.gz", flood)
    assert_refused_then_next(run_ingest([path, good_jsonl(tmp_path)]), "pfr.txt", "bomb")


def test_the_real_corpus_gz_is_not_a_bomb():
    path = corpus(PFR_UTF8)
    with gzip_source(path).open() as stream:
        assert len(stream.read()) > 10 * MiB


@override_settings(INGEST_LIMITS={"member_bytes": 100_000})
def test_a_gz_unpacking_beyond_member_bytes(tmp_path):
    text = "\n".join(first_days(utf8_lines(), 2)).encode()
    path = write(tmp_path / "pfr.txt.gz", gzip.compress(text, mtime=0))
    summary = run_ingest([path, good_jsonl(tmp_path)])
    assert summary.errors and all("member_bytes" in e for e in summary.errors), summary.errors
    assert Edition.objects.filter(newspaper__slug="next").exists()


@override_settings(INGEST_LIMITS={"member_bytes": 100_000})
def test_a_zip_member_beyond_member_bytes(tmp_path):
    archive = tmp_path / "lines.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pfr.txt", "\n".join(first_days(utf8_lines(), 1)))
    assert_refused_then_next(
        run_ingest([archive, good_jsonl(tmp_path)]), "lines.zip:pfr.txt", "member_bytes"
    )


@override_settings(INGEST_LIMITS={"archive_bytes": 1000})
def test_a_zip_beyond_archive_bytes(tmp_path):
    archive = zipped(write_bundle(tmp_path / "b", labels=("01",)), tmp_path / "big.zip")
    assert_refused_then_next(
        run_ingest([archive, good_jsonl(tmp_path)]), "big.zip", "archive_bytes"
    )


@override_settings(INGEST_LIMITS={"json_bytes": 500})
def test_an_edition_json_beyond_json_bytes(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    assert_refused_then_next(
        run_ingest([folder, good_jsonl(tmp_path)]), "edition.json", "json_bytes"
    )


@override_settings(INGEST_LIMITS={"json_bytes": 10_000})
def test_a_jsonl_line_beyond_json_bytes_spoils_its_edition_only(tmp_path):
    def line(date, text):
        record = {"newspaper": "next", "date": date, "page": "01", "paragraphs": [text]}
        return json.dumps(record, ensure_ascii=False) + "\n"

    lines = [
        line("2024-05-01", "一"),
        line("2024-05-02", "二"),
        line("2024-05-02", "长" * 20_000),
        line("2024-05-02", "二"),
        line("2024-05-03", "三"),
    ]
    summary = run_ingest([write(tmp_path / "in.jsonl", "".join(lines).encode())])
    [error] = summary.errors
    assert "in.jsonl: line 3: line longer than 10000 bytes" in error, error
    dates = sorted(d.isoformat() for d in Edition.objects.values_list("date", flat=True))
    assert dates == ["2024-05-01", "2024-05-03"]


def bomb_png(path) -> None:
    """A real, valid 12000x12000 PNG of 17 KB: one bit per pixel, all black."""
    Image.new("1", (12000, 12000)).save(path, optimize=True)


@pytest.mark.parametrize(
    ("name", "field"), [("pages/01.png", "pages[0].image"), ("images/photo.png", ".src")]
)
def test_an_image_declaring_too_many_pixels_is_refused_before_decoding(tmp_path, name, field):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    bomb_png(folder / name)
    error = assert_refused_then_next(
        run_ingest([folder, good_jsonl(tmp_path)]), "12000x12000 pixels", "image_pixels"
    )
    assert field in error and len((folder / name).read_bytes()) < 30_000
    assert not Page.objects.filter(edition__newspaper__slug="chenbao").exists()


def test_limits_are_settable_and_unknown_ones_refused():
    assert limits().image_pixels == 80_000_000
    with override_settings(INGEST_LIMITS={"image_pixels": "150000000"}):
        assert limits().image_pixels == 150_000_000
    with override_settings(INGEST_LIMITS={"pixels": 1}), pytest.raises(ImproperlyConfigured):
        limits()
