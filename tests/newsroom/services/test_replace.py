"""``--replace`` after editors corrected an edition: refused, naming the corrected
articles, unless ``--discard-corrections``; then the history keeps both versions."""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Article
from broadsheet.ingest.errors import CorrectedEditionError
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import services
from tests.builders import ingest_json, read_manifest, write_bundle, write_manifest


def _changed_bundle(tmp_path):
    """The edition A bundle again, with page 02's brief reworded (so it differs)."""
    folder = write_bundle(tmp_path / "again", slug="chenbao", name="晨报", publisher="测试报业集团")
    manifest = read_manifest(folder)
    manifest["articles"][4]["body"] = [{"type": "paragraph", "text": "改写过的简讯。"}]
    write_manifest(folder, manifest)
    return folder


def _correct(newsroom) -> Article:
    article = Article.objects.get(page__edition=newsroom.edition_a, page__label="01", order=1)
    services.edit_article(
        newsroom.people["editor_a"],
        article,
        kicker=article.kicker,
        headline="编辑更正的标题",
        subheadline=article.subheadline,
        byline=article.byline,
        body=article.body,
    )
    return article


def test_replace_is_refused_naming_the_corrected_articles(newsroom, tmp_path):
    _correct(newsroom)
    with pytest.raises(CorrectedEditionError) as caught:
        load_edition(read_bundle(_changed_bundle(tmp_path)), replace=True)
    assert "page 01 article 1 《编辑更正的标题》" in caught.value.message
    assert "--discard-corrections" in caught.value.message
    assert Article.objects.filter(headline="编辑更正的标题").exists()  # nothing replaced


def test_the_command_refuses_too_and_exits_non_zero(newsroom, tmp_path):
    _correct(newsroom)
    summary = ingest_json(_changed_bundle(tmp_path), replace=True)
    assert summary["editions"] == 0
    assert "corrected by editors" in summary["errors"][0]
    assert "编辑更正的标题" in summary["errors"][0]


def test_an_edition_nobody_corrected_is_replaced_as_before(newsroom, tmp_path):
    result = load_edition(read_bundle(_changed_bundle(tmp_path)), replace=True)
    assert result.replaced


def test_discard_corrections_replaces_and_the_history_keeps_both(newsroom, tmp_path):
    old = _correct(newsroom)
    summary = ingest_json(_changed_bundle(tmp_path), replace=True, discard_corrections=True)
    assert summary["editions"] == 1 and not summary["errors"]
    new = Article.objects.get(page__edition__newspaper=newsroom.paper_a, page__label="01", order=1)
    assert new.pk != old.pk and new.replaces == old.pk
    assert new.headline != "编辑更正的标题"
    kept = services.history(newsroom.people["reviewer_a"], new)
    headlines = [r.fields["headline"] for r in kept]
    assert headlines == [new.headline, "编辑更正的标题", new.headline]  # new, corrected, original
    assert [r.user for r in kept] == ["", "editor_a", ""]


def test_a_withdrawn_article_stays_withdrawn_after_a_replace(newsroom, tmp_path):
    article = Article.objects.get(page__edition=newsroom.edition_a, page__label="01", order=1)
    services.set_article_state(newsroom.people["editor_a"], article, "withdrawn")
    summary = ingest_json(_changed_bundle(tmp_path), replace=True, discard_corrections=True)
    assert summary["editions"] == 1
    new = Article.objects.get(page__edition__newspaper=newsroom.paper_a, page__label="01", order=1)
    assert new.pk != article.pk and new.status == "withdrawn"
    assert not Article.objects.public().filter(pk=new.pk).exists()


def test_replace_is_refused_over_a_corrected_page_text_unless_discarded(newsroom, tmp_path):
    """A page whose machine-read text an editor corrected goes with its page on --replace:
    refused like corrected articles, naming the page."""
    from broadsheet.pages.models import PageCorrection
    from tests.scans import LINES, machine_read

    page = newsroom.edition_a.pages.get(label="02")
    machine_read(page)
    services.correct_page_text(newsroom.people["editor_a"], page, [LINES[0], "改", LINES[2]])
    changed = _changed_bundle(tmp_path)
    with pytest.raises(CorrectedEditionError, match="page 02 text"):
        load_edition(read_bundle(changed), replace=True)
    assert PageCorrection.objects.filter(page=page).exists()
    summary = ingest_json(changed, replace=True, discard_corrections=True)
    assert summary["errors"] == [] and not PageCorrection.objects.exists()
