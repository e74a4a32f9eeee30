"""``place_again``: an editor's hotspot placed again from the page's text layer, by the
same placement as ingest (``pages.placement``), for one article or the whole page."""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Article, Page
from broadsheet.newsroom import services
from broadsheet.newsroom.models import AuditEntry
from broadsheet.newsroom.roles import Role, grant
from tests.builders import ingest_json
from tests.conftest import corpus
from tests.ingest.test_pdf_articles import publisher_articles, write_folder
from tests.newsroom.services.conftest import make_user
from tests.pages.typeset import iou, typeset_edition

WRONG = [[[0.0, 0.0], [0.1, 0.0], [0.1, 0.1], [0.0, 0.1]]]


@pytest.fixture(scope="module")
def printed():
    corpus("rmrb1998.jsonl")
    corpus("sohu_news_5000.jsonl")
    return typeset_edition(11, pages=1)


@pytest.fixture
def placed(tmp_path, printed, db):
    summary = ingest_json(
        write_folder(tmp_path, printed, publisher_articles(printed, ("01",))), newspaper="t"
    )
    assert summary["errors"] == []
    page = Page.objects.get(label="01")
    editor = make_user("editor_t")
    grant(editor, Role.EDITOR, page.edition.newspaper)
    return page, editor


def test_one_article_placed_again_lands_where_ingest_placed_it(placed):
    page, editor = placed
    article = page.articles.exclude(hotspot=[]).order_by("order").first()
    before = article.hotspot
    services.set_hotspot(editor, article, WRONG)
    changed = services.place_again(editor, page, article)
    assert [a.pk for a in changed] == [article.pk]
    article.refresh_from_db()
    assert iou(article.hotspot, before) >= 0.95
    others = Article.objects.filter(page=page).exclude(pk=article.pk)
    assert not AuditEntry.objects.filter(action="place_again", article__in=others).exists()


def test_a_whole_page_placed_again_changes_only_what_moved(placed):
    page, editor = placed
    articles = list(page.articles.exclude(hotspot=[]).order_by("order")[:2])
    for article in articles:
        services.set_hotspot(editor, article, WRONG)
    changed = services.place_again(editor, page)
    assert {a.pk for a in changed} == {a.pk for a in articles}


def test_a_reviewer_may_not_place_again(placed):
    page, _ = placed
    reviewer = make_user("reviewer_t")
    grant(reviewer, Role.REVIEWER, page.edition.newspaper)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.place_again(reviewer, page)
