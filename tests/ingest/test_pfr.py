"""The People's Daily PFR corpus: agrees with rmrb1998.jsonl article for article."""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Article, Edition, Newspaper, Page
from broadsheet.ingest.expand import expand
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.formats.pfr import PfrFormat, words_of
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import (
    PFR_GBK,
    PFR_UTF8,
    first_days,
    gbk_lines,
    rmrb_articles,
    stored_articles,
    utf8_lines,
    write,
)

pytestmark = pytest.mark.django_db


def parsed(path) -> dict:
    [(source, fmt)] = list(expand([path]))
    assert fmt.name == "pfr"
    out = {}
    for record in fmt.read(source, IngestOptions()):
        for page in record.pages:
            for a in page.articles:
                key = (record.date.isoformat(), int(page.label), a.order)
                out[key] = [a.headline, *(b["text"] for b in a.blocks)]
    return out


@pytest.mark.parametrize("name", [PFR_GBK, PFR_UTF8])
def test_reader_agrees_with_reference_jsonl(name):
    assert parsed(corpus(name)) == rmrb_articles()


def test_quirks_of_the_source():
    articles = parsed(corpus(PFR_GBK))
    # 19980127-09-001-032 appears twice: both lines kept, 33 paragraphs in all
    assert len(articles[("1998-01-27", 9, 1)]) == 33
    # 19980105-10-006 starts at paragraph 002; its first line is still the headline
    assert ("1998-01-05", 10, 6) in articles
    assert not any("\r" in p for paragraphs in articles.values() for p in paragraphs)


@pytest.mark.parametrize(
    ("token", "word"),
    [
        ("迈向/v", "迈向"),
        ("[中央/n", "中央"),
        ("人民/n]nt", "人民"),
        ("行{xing2}/v", "行"),
        ("１/２/m", "１/２"),
        ("//w", "/"),
        ("[/w", "["),
    ],
)
def test_tags_brackets_and_pinyin_are_removed(token, word):
    assert words_of(token) == word


def test_whole_month_lands_and_agrees(tmp_path):
    summary = run_ingest([corpus(PFR_GBK)])
    assert summary.errors == []
    assert (summary.editions, summary.articles) == (31, 3148)
    assert Edition.objects.count() == 31 and Article.objects.count() == 3148
    assert stored_articles() == rmrb_articles()
    paper = Newspaper.objects.get()
    assert (paper.slug, paper.name) == ("rmrb", "人民日报")
    labels = list(Page.objects.filter(edition__date="1998-01-01").values_list("label", "order"))
    assert labels == [("01", 1), ("02", 2), ("03", 3), ("05", 4), ("07", 5)]
    assert Edition.objects.filter(status="draft").count() == 31


def test_bad_line_aborts_only_its_edition(tmp_path):
    lines = first_days(utf8_lines(), 3)
    day2 = next(i for i, ln in enumerate(lines) if ln.startswith("19980102"))
    lines[day2 + 5] = "这一行没有段落编号"
    path = write(tmp_path / "pfr.txt", "\n".join(lines).encode("utf-8"))
    summary = run_ingest([path], fmt="pfr")
    assert [str(d) for d in Edition.objects.values_list("date", flat=True).order_by("date")] == [
        "1998-01-01",
        "1998-01-03",
    ]
    [error] = summary.errors
    assert f"{path}: line {day2 + 6}: no paragraph ID" in error and "rmrb 1998-01-02" in error


def test_undecodable_gbk_names_the_byte_offset(tmp_path):
    lines = first_days(gbk_lines(), 2)
    day2 = next(i for i, ln in enumerate(lines) if ln.startswith(b"19980102"))
    bad = lines[day2][:30] + b"\xff\xff" + lines[day2][30:]
    lines[day2] = bad
    data = b"\n".join(lines)
    offset = data.index(b"\xff\xff")
    path = write(tmp_path / "pfr-gbk.txt", data)
    summary = run_ingest([path])
    assert Edition.objects.count() == 1  # 1998-01-01 landed, 1998-01-02 did not
    [error] = summary.errors
    assert f"line {day2 + 1}: invalid GB18030 at byte {offset}" in error
    assert not Article.objects.filter(headline__contains="\ufffd").exists()


def test_date_that_comes_back_is_refused(tmp_path):
    lines = first_days(utf8_lines(), 2)
    day1 = [ln for ln in lines if ln.startswith("19980101")]
    path = write(tmp_path / "unsorted.txt", "\n".join(lines + day1[:3]).encode("utf-8"))
    summary = run_ingest([path])
    assert Edition.objects.count() == 2
    assert any("comes again" in e for e in summary.errors)


def test_sniffs_pfr_but_not_json(tmp_path):
    fmt = PfrFormat()
    pairs = list(expand([corpus(PFR_UTF8)]))
    assert fmt.sniff(pairs[0][0])
    [(json_source, json_fmt)] = list(expand([corpus("rmrb1998.jsonl")], "jsonl"))
    assert not fmt.sniff(json_source)
