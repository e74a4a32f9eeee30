"""JSON Lines of articles: real articles in, the same edition as from PFR out."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.core.management import call_command

from broadsheet.editions.models import Article, Edition
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import (
    PFR_GBK,
    RMRB_JSONL,
    database_snapshot,
    first_days,
    rmrb_articles,
    stored_articles,
    utf8_lines,
    write,
)

pytestmark = pytest.mark.django_db


def rmrb_as_jsonl(days: int) -> list[dict]:
    """The reference corpus rewritten as our JSONL records (headline = first paragraph)."""
    out = []
    with corpus(RMRB_JSONL).open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if int(r["date"][-2:]) > days:
                break
            out.append(
                {
                    "newspaper": "rmrb",
                    "newspaper_name": "人民日报",
                    "date": r["date"],
                    "page": r["page"],
                    "order": r["article"],
                    "headline": r["paragraphs"][0],
                    "paragraphs": r["paragraphs"][1:],
                }
            )
    return out


def write_jsonl(path, records, encoding="utf-8", bom=False):
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    return write(path, (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("gb18030", False)]
)
def test_jsonl_gives_the_same_editions_as_pfr(tmp_path, encoding, bom):
    path = write_jsonl(tmp_path / "rmrb.jsonl", rmrb_as_jsonl(3), encoding, bom)
    summary = run_ingest([path])
    assert summary.errors == [] and summary.editions == 3
    from_jsonl = database_snapshot()
    Edition.objects.all().delete()
    pfr = write(tmp_path / "pfr.txt", "\n".join(first_days(utf8_lines(), 3)).encode())
    assert run_ingest([pfr]).errors == []
    assert database_snapshot() == from_jsonl


def test_bad_record_aborts_its_edition_and_names_line_and_field(tmp_path):
    records = rmrb_as_jsonl(3)
    day2 = [i for i, r in enumerate(records) if r["date"] == "1998-01-02"]
    records[day2[len(day2) // 2]]["paragraphs"] = "不是数组"
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    summary = run_ingest([path])
    dates = [d.isoformat() for d in Edition.objects.values_list("date", flat=True)]
    assert sorted(dates) == ["1998-01-01", "1998-01-03"]
    [error] = summary.errors
    assert f"line {day2[len(day2) // 2] + 1} .paragraphs" in error
    assert "rmrb 1998-01-02 not loaded" in error


def test_invalid_json_and_missing_newspaper(tmp_path):
    path = write(
        tmp_path / "broken.jsonl",
        b'{"date": "1998-01-01", "page": 1, "paragraphs": []}\n'
        b'{"date": "1998-01-01", "page": 1, "paragraphs": [}\n',
    )
    summary = run_ingest([path], fmt="jsonl")
    assert Edition.objects.count() == 0
    assert any("line 1" in e and "--newspaper" in e for e in summary.errors)


def test_edition_lines_must_be_together(tmp_path):
    records = rmrb_as_jsonl(2)
    path = write_jsonl(tmp_path / "split.jsonl", records + records[:1])
    summary = run_ingest([path])
    assert Edition.objects.count() == 2
    assert any("comes again" in e and f"line {len(records) + 1}" in e for e in summary.errors)


def test_duplicate_order_on_a_page_is_refused(tmp_path):
    records = rmrb_as_jsonl(1)
    records[1]["order"] = records[0]["order"]
    summary = run_ingest([write_jsonl(tmp_path / "dup.jsonl", records)])
    assert Edition.objects.count() == 0
    assert any("order 1 used twice on page '01'" in e for e in summary.errors)


def articles_per_edition() -> dict[str, int]:
    rows = Article.objects.values_list("page__edition__date", flat=True)
    return dict(Counter(d.isoformat() for d in rows))


def test_the_corpus_own_jsonl_loads_and_agrees_with_pfr(capsys):
    call_command("ingest", "--format", "jsonl", "--newspaper", "rmrb", corpus(RMRB_JSONL), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["editions"], summary["articles"], summary["errors"]) == (31, 3148, [])
    assert stored_articles() == rmrb_articles()  # no headline guessed: the text as given
    from_jsonl = articles_per_edition()
    Edition.objects.all().delete()
    assert run_ingest([corpus(PFR_GBK)]).errors == []
    assert articles_per_edition() == from_jsonl and len(from_jsonl) == 31


def test_order_and_article_together_are_refused(tmp_path):
    line = {"newspaper": "rmrb", "date": "1998-01-01", "page": 1, "paragraphs": ["一"]}
    path = write_jsonl(tmp_path / "both.jsonl", [{**line, "order": 1, "article": 2}])
    [error] = run_ingest([path]).errors
    assert "line 1: give order or article (its other name), not both" in error
    assert not Edition.objects.exists()


def test_unreadable_line_between_two_editions_aborts_both(tmp_path):
    """Which edition a line that is not JSON belongs to cannot be told: neither is loaded."""
    records = rmrb_as_jsonl(3)
    first_of_day2 = next(i for i, r in enumerate(records) if r["date"] == "1998-01-02")
    text = [json.dumps(r, ensure_ascii=False) for r in records]
    text.insert(first_of_day2, '{"date": "1998-01-0')
    path = write(tmp_path / "cut.jsonl", "\n".join(text).encode())
    summary = run_ingest([path])
    assert [d.isoformat() for d in Edition.objects.values_list("date", flat=True)] == ["1998-01-03"]
    assert len(summary.errors) == 2
    assert all(f"line {first_of_day2 + 1}: invalid JSON" in e for e in summary.errors)
