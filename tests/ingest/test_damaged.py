"""Damaged and hostile inputs end in an error naming the file, never in a traceback.

Each case used to abort the whole run with an exception the runner did not
expect (RecursionError, zlib.error, BadZipFile), so the inputs after it were
never read. Now the bad input is an error in the summary and the next input
still loads.
"""

from __future__ import annotations

import gzip
import json
import zipfile

import pytest

from broadsheet.editions.models import Edition, Page
from broadsheet.ingest.runner import run_ingest
from tests.builders import read_manifest, write_bundle, write_manifest

from .corpus_io import first_days, utf8_lines, write

pytestmark = pytest.mark.django_db
DEEP = 100_000


def good_jsonl(tmp_path):
    """The input after the damaged one: it must still load."""
    record = {"newspaper": "next", "date": "2024-05-01", "page": "01", "paragraphs": ["正文。"]}
    return write(tmp_path / "next.jsonl", (json.dumps(record) + "\n").encode())


def assert_next_loaded(summary, expected_in_error: str) -> str:
    [error] = summary.errors
    assert expected_in_error in error, error
    assert "Traceback" not in error
    assert list(Edition.objects.values_list("newspaper__slug", flat=True)) == ["next"]
    return error


def test_deeply_nested_json_in_a_jsonl_line(tmp_path):
    record = '{"newspaper": "deep", "date": "2024-05-01", "page": "01", "paragraphs": '
    line = record + "[" * DEEP + "]" * DEEP + "}\n"
    path = write(tmp_path / "deep.jsonl", line.encode())
    error = assert_next_loaded(run_ingest([path, good_jsonl(tmp_path)]), "deep.jsonl")
    assert "line 1" in error and "nested" in error


def test_deeply_nested_edition_json(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    text = (folder / "edition.json").read_text("utf-8")
    (folder / "edition.json").write_text(text[:-1] + ', "x": ' + "[" * DEEP + "]" * DEEP + "}")
    error = assert_next_loaded(run_ingest([folder, good_jsonl(tmp_path)]), "edition.json")
    assert "nested" in error


def test_json_nested_just_within_the_parser_but_too_deep_to_check(tmp_path):
    """Deep enough for the schema check's recursion, not for the parser's."""
    depth = 900
    record = '{"newspaper": "deep", "date": "2024-05-01", "page": "01", "paragraphs": ['
    line = record + '{"type": "paragraph", "text": ' + "[" * depth + "]" * depth + "}]}\n"
    path = write(tmp_path / "deep.jsonl", line.encode())
    assert_next_loaded(run_ingest([path, good_jsonl(tmp_path)]), "deep.jsonl")


def pfr_gz(tmp_path) -> bytes:
    text = "\n".join(first_days(utf8_lines(), 2)).encode()
    return gzip.compress(text, mtime=0)


GZIP_HEADER = 10  # no file name, no extra field: the deflate stream starts here


def test_a_corrupt_deflate_stream_in_a_gz(tmp_path):
    data = bytearray(pfr_gz(tmp_path))
    data[GZIP_HEADER] |= 0b110  # block type 3: "invalid block type"
    path = write(tmp_path / "pfr.txt.gz", bytes(data))
    assert_next_loaded(run_ingest([path, good_jsonl(tmp_path)]), "pfr.txt")


def test_a_gz_cut_short_after_its_first_day(tmp_path):
    data = pfr_gz(tmp_path)
    path = write(tmp_path / "pfr.txt.gz", data[: len(data) * 3 // 4])
    summary = run_ingest([path, good_jsonl(tmp_path)])
    assert summary.errors and all("pfr.txt" in e for e in summary.errors), summary.errors
    assert Edition.objects.filter(newspaper__slug="next").exists()


def deflated_bundle_zip(tmp_path) -> tuple:
    folder = write_bundle(tmp_path / "b", labels=("01",))
    archive = tmp_path / "edition.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive, folder


def member_data_offset(archive, name: str) -> int:
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(name)
    data = archive.read_bytes()
    start = info.header_offset
    name_len = int.from_bytes(data[start + 26 : start + 28], "little")
    extra_len = int.from_bytes(data[start + 28 : start + 30], "little")
    return start + 30 + name_len + extra_len


@pytest.mark.parametrize("member", ["edition.json", "pages/01.png", "pages/01.pdf"])
def test_a_corrupt_deflate_stream_in_a_zip_member(tmp_path, member):
    archive, _ = deflated_bundle_zip(tmp_path)
    data = bytearray(archive.read_bytes())
    data[member_data_offset(archive, member)] |= 0b110  # block type 3: "invalid block type"
    archive.write_bytes(bytes(data))
    error = assert_next_loaded(run_ingest([archive, good_jsonl(tmp_path)]), "edition.zip")
    assert "invalid block type" in error or "Bad CRC" in error, error
    assert not Page.objects.filter(edition__newspaper__slug="chenbao").exists()


def test_a_zip_member_with_a_bad_checksum(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    archive = tmp_path / "edition.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    offset = member_data_offset(archive, "pages/01.pdf")
    data = bytearray(archive.read_bytes())
    data[offset + 200] ^= 0xFF  # one byte of the stored PDF: its CRC-32 no longer matches
    archive.write_bytes(bytes(data))
    error = assert_next_loaded(run_ingest([archive, good_jsonl(tmp_path)]), "edition.zip")
    assert "Bad CRC-32" in error


def test_a_damaged_zip_whose_end_record_survives(tmp_path):
    archive, _ = deflated_bundle_zip(tmp_path)
    data = archive.read_bytes()
    central = data.rindex(b"PK\x01\x02")
    archive.write_bytes(data[:central] + b"XX" + data[central + 2 :])
    assert zipfile.is_zipfile(archive)  # it looks like a zip until its directory is read
    assert_next_loaded(run_ingest([archive, good_jsonl(tmp_path)]), "edition.zip")


def test_a_damaged_zip_of_line_files(tmp_path):
    archive = tmp_path / "lines.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pfr.txt", "\n".join(first_days(utf8_lines(), 1)))
    data = bytearray(archive.read_bytes())
    data[member_data_offset(archive, "pfr.txt")] |= 0b110
    archive.write_bytes(bytes(data))
    assert_next_loaded(run_ingest([archive, good_jsonl(tmp_path)]), "lines.zip")


def test_a_bundle_manifest_that_is_not_an_object_at_depth(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    manifest = read_manifest(folder)
    manifest["articles"][0]["body"] = [{"type": "paragraph", "text": "x"}] * 3
    write_manifest(folder, manifest)
    assert run_ingest([folder]).errors == []


def test_a_folder_bundle_refuses_links_that_leave_it(tmp_path):
    private = tmp_path / "private.pdf"
    folder = write_bundle(tmp_path / "b", labels=("01",))
    (folder / "pages" / "01.pdf").rename(private)
    (folder / "pages" / "01.pdf").symlink_to(private)
    error = assert_next_loaded(run_ingest([folder, good_jsonl(tmp_path)]), "edition.json")
    assert "pages[0].pdf" in error and "'pages/01.pdf' is a link that leaves the bundle" in error


def test_a_folder_bundle_refuses_a_manifest_that_leaves_it(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    (folder / "edition.json").rename(tmp_path / "elsewhere.json")
    (folder / "edition.json").symlink_to(tmp_path / "elsewhere.json")
    error = assert_next_loaded(run_ingest([folder, good_jsonl(tmp_path)]), "edition.json")
    assert "leaves the bundle" in error


def test_a_link_inside_the_bundle_is_followed(tmp_path):
    folder = write_bundle(tmp_path / "b", labels=("01",))
    (folder / "scans").mkdir()
    (folder / "pages" / "01.png").rename(folder / "scans" / "01.png")
    (folder / "pages" / "01.png").symlink_to(folder / "scans" / "01.png")
    assert run_ingest([folder]).errors == []
