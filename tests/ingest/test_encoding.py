"""Encodings decided by evidence: a stray byte is an error on its line, never mojibake.

Inputs are real corpus bytes read at test time (the UTF-8 reference JSONL, the
GBK original) with one byte corrupted in a temporary copy.
"""

from __future__ import annotations

import json

import pytest

from broadsheet.editions.models import Article, Edition
from broadsheet.ingest.encoding import GB18030, UTF8, detect_encoding
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import RMRB_JSONL, first_days, gbk_lines, rmrb_articles, stored_articles, write

pytestmark = pytest.mark.django_db
BAD = b"\xff"
RMRB = IngestOptions(newspaper="rmrb")


def jsonl_days(days: int) -> list[bytes]:
    """The reference JSONL's first ``days`` dates as raw UTF-8 lines (no LF)."""
    keep = {f"1998-01-{d:02d}" for d in range(1, days + 1)}
    with corpus(RMRB_JSONL).open("rb") as fh:
        return [ln.rstrip(b"\n") for ln in fh if json.loads(ln)["date"] in keep]


def stray_byte(line: bytes) -> bytes:
    """The line with 0xFF put inside its first paragraph (after the 5th character of it)."""
    at = line.index(b'"paragraphs": ["') + len('"paragraphs": ["') + 15
    return line[:at] + b"\xff" + line[at:]


def dates() -> list[str]:
    return [d.isoformat() for d in Edition.objects.order_by("date").values_list("date", flat=True)]


def expected(days: set[str]) -> dict:
    return {k: v for k, v in rmrb_articles().items() if k[0] in days}


def test_stray_byte_in_utf8_line_one_is_an_error_not_mojibake(tmp_path):
    lines = jsonl_days(3)
    lines[0] = stray_byte(lines[0])
    data = b"\n".join(lines) + b"\n"
    path = write(tmp_path / "rmrb.jsonl", data)
    summary = run_ingest([path], fmt="jsonl", options=RMRB)
    [error] = summary.errors
    assert f"{path}: line 1: invalid UTF-8 at byte {data.index(BAD)}" in error
    assert "edition rmrb 1998-01-01 not loaded" in error
    assert dates() == ["1998-01-02", "1998-01-03"]
    assert stored_articles() == expected({"1998-01-02", "1998-01-03"})


def test_bad_byte_on_an_editions_first_line_blames_that_edition(tmp_path):
    lines = jsonl_days(3)
    first_of_day2 = next(i for i, ln in enumerate(lines) if b'"1998-01-02"' in ln)
    lines[first_of_day2] = stray_byte(lines[first_of_day2])
    path = write(tmp_path / "rmrb.jsonl", b"\n".join(lines))
    summary = run_ingest([path], fmt="jsonl", options=RMRB)
    [error] = summary.errors
    assert f"line {first_of_day2 + 1}: invalid UTF-8" in error
    assert "edition rmrb 1998-01-02 not loaded" in error
    assert dates() == ["1998-01-01", "1998-01-03"]
    assert stored_articles() == expected({"1998-01-01", "1998-01-03"})


def test_bad_byte_on_a_gbk_editions_first_line_blames_that_edition(tmp_path):
    lines = first_days(gbk_lines(), 3)
    day2 = next(i for i, ln in enumerate(lines) if ln.startswith(b"19980102"))
    lines[day2] = lines[day2][:30] + b"\xff" + lines[day2][30:]
    data = b"\n".join(lines)
    path = write(tmp_path / "pfr-gbk.txt", data)
    summary = run_ingest([path])
    [error] = summary.errors
    assert f"line {day2 + 1}: invalid GB18030 at byte {data.index(BAD)}" in error
    assert "rmrb 1998-01-02 not loaded" in error
    assert dates() == ["1998-01-01", "1998-01-03"]
    assert stored_articles() == expected({"1998-01-01", "1998-01-03"})


def test_gbk_after_a_long_ascii_start_is_still_gbk(tmp_path):
    """The encoding is decided where the first non-ASCII byte is, however far in."""
    lines = [ln.decode("utf-8") for ln in jsonl_days(2)]
    day1 = [ln for ln in lines if '"1998-01-01"' in ln]
    ascii_day1 = [json.dumps(json.loads(ln)) for ln in day1]  # \uXXXX escapes only
    assert len("\n".join(ascii_day1)) > 64 * 1024
    text = "\n".join(ascii_day1 + lines[len(day1) :]) + "\n"
    path = write(tmp_path / "mixed.jsonl", text.encode("gb18030"))
    assert run_ingest([path], fmt="jsonl", options=RMRB).errors == []
    assert stored_articles() == expected({"1998-01-01", "1998-01-02"})


def test_undecodable_everywhere_is_one_error_naming_the_first_bad_byte(tmp_path):
    line = b'{"date": "1998-01-01", "page": 1, "paragraphs": ["caf\xe9 \xe9t\xe9 \xff"]}\n'
    path = write(tmp_path / "latin1.jsonl", line * 3)
    summary = run_ingest([path], fmt="jsonl", options=RMRB)
    [error] = summary.errors
    at = line.index(b"caf") + 3
    assert f"{path}: neither UTF-8 nor GB18030: invalid UTF-8 at byte {at}" in error
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("sample", "encoding"),
    [
        ("一九九八年新年讲话".encode() + b"\xff", UTF8),
        ("一九九八年新年讲话".encode("gb18030"), GB18030),
        (b"plain ascii", UTF8),
        (b"\xef\xbb\xbf" + "讲话".encode(), UTF8),
        (b"caf\xe9 \xe9t\xe9 \xff\xfe", None),
    ],
)
def test_detect_encoding_by_evidence(sample, encoding):
    assert detect_encoding(sample) == encoding
