"""The ingest run: re-runs are idempotent, editions are all or nothing, summaries honest."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.errors import DuplicateEditionError, IngestError
from broadsheet.ingest.expand import expand
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.records import ArticleRecord
from broadsheet.ingest.runner import run_ingest
from broadsheet.ingest.services import load_edition
from broadsheet.search import indexing as search_indexing
from broadsheet.search.models import SearchChange
from tests.conftest import corpus

from .corpus_io import PFR_UTF8, database_snapshot, first_days, utf8_lines, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_days(tmp_path):
    return write(tmp_path / "pfr.txt", "\n".join(first_days(utf8_lines(), 3)).encode())


def records(path):
    [(source, fmt)] = list(expand([path]))
    return list(fmt.read(source, IngestOptions()))


def test_rerun_skips_identical_editions(three_days):
    first = run_ingest([three_days])
    before = database_snapshot()
    again = run_ingest([three_days])
    assert (again.editions, again.skipped, again.errors) == (0, 3, [])
    assert database_snapshot() == before and first.editions == 3


def test_changed_edition_needs_replace(three_days):
    run_ingest([three_days])
    record = records(three_days)[1]
    record.pages[0].articles[0].headline = "改过的标题"
    with pytest.raises(DuplicateEditionError, match="different content"):
        load_edition(record)
    assert not Article.objects.filter(headline="改过的标题").exists()
    result = load_edition(record, replace=True)
    assert result.outcome == "replaced"
    assert Article.objects.filter(headline="改过的标题").count() == 1
    assert Edition.objects.count() == 3


def test_bad_article_in_the_middle_leaves_the_edition_untouched(three_days):
    run_ingest([three_days])
    before = database_snapshot()
    record = records(three_days)[0]
    page = record.pages[len(record.pages) // 2]
    page.articles[0].headline = "新标题"
    clash = page.articles[len(page.articles) // 2]
    page.articles.append(ArticleRecord(order=clash.order, headline="同序号", source="test"))
    with pytest.raises(IngestError, match="database refused"):
        load_edition(record, replace=True)
    assert database_snapshot() == before


def test_publish_on_rerun_publishes_without_rewriting(three_days):
    run_ingest([three_days])
    ids = set(Article.objects.values_list("pk", flat=True))
    summary = run_ingest([three_days], publish=True)
    assert summary.skipped == 3
    assert set(Edition.objects.values_list("status", flat=True)) == {"published"}
    assert set(Article.objects.values_list("pk", flat=True)) == ids


def test_outbox_written_with_each_edition_and_applied_by_the_run(three_days):
    record = records(three_days)[0]
    edition = load_edition(record).edition  # the test's transaction never commits
    assert list(SearchChange.objects.values_list("edition_id", flat=True)) == [edition.pk]
    run_ingest([three_days], publish=True)
    assert search_indexing.pending() == 0


def test_json_summary_and_exit_status(three_days, tmp_path, capsys):
    call_command("ingest", str(three_days), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("editions", "pages", "articles", "skipped")} == {
        "editions": 3,
        "pages": Page.objects.count(),
        "articles": Article.objects.count(),
        "skipped": 0,
    }
    assert summary["errors"] == [] and summary["seconds"] >= 0
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError):
        call_command("ingest", str(three_days), str(missing), "--json")
    again = json.loads(capsys.readouterr().out)
    assert again["skipped"] == 3 and again["errors"] == [f"{missing}: no such file or folder"]


def test_auto_detects_every_format(tmp_path):
    expected = {
        corpus(PFR_UTF8): "pfr",
        corpus("raw/rmrb199801_pfr_original_gbk.zip"): "pfr",
        corpus("agency_wire_samples/nitf/pa1.xml"): "nitf",
        corpus("agency_wire_samples/newsml_g2/text.xml"): "newsml-g2",
    }
    jsonl = write(tmp_path / "a.jsonl", b'{"date": "2024-01-01", "page": 1, "paragraphs": []}\n')
    expected[jsonl] = "jsonl"
    for path, name in expected.items():
        [(_, fmt)] = list(expand([path]))
        assert fmt.name == name, path


def test_unknown_file_named_on_the_command_line_is_an_error(tmp_path):
    path = write(tmp_path / "notes.txt", "只是一些文字".encode())
    summary = run_ingest([path])
    assert summary.errors == [f"{path}: format not recognised (give --format)"]


def test_outbox_applied_every_batch_without_a_terminal(tmp_path, monkeypatch):
    """No progress bar (a cron job, --json): the index still catches up once per batch."""
    from broadsheet.ingest import indexing

    monkeypatch.setattr(indexing, "BATCH", 2)
    five = write(tmp_path / "pfr.txt", "\n".join(first_days(utf8_lines(), 5)).encode())
    pending = []
    summary = run_ingest(
        [five],
        publish=True,
        progress=False,
        log=lambda _m: pending.append(search_indexing.pending()),
    )
    assert summary.editions == 5
    assert pending == [1, 2, 1, 2, 1]
    assert search_indexing.pending() == 0


def test_a_path_with_nothing_to_load_is_an_error(tmp_path):
    """A bundle whose manifest is misnamed must not 'succeed' with 0 editions."""
    bundle = tmp_path / "2024-03-01"
    bundle.mkdir()
    (bundle / "Edition.JSON").write_text("{}", encoding="utf-8")
    (bundle / "notes.txt").write_text("校对记录\n", encoding="utf-8")
    summary = run_ingest([bundle])
    assert summary.editions == 0
    assert len(summary.errors) == 1 and "nothing to load" in summary.errors[0]
    assert "edition.json" in summary.errors[0]
    with pytest.raises(CommandError):
        call_command("ingest", str(bundle))
