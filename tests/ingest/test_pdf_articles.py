"""Articles of page PDFs at ingest: placed from their text, found on pages given none, 转版.

The pages come from the project's test typesetter (tests/pages/typeset.py), whose
article areas are known; how well placement and finding do is measured by their
own tests (tests/pages/test_placement.py, test_segment.py). Here: that ingest
calls them, keeps what editors gave, names what it could not place, and stores
the jumps, the marks and the summary.
"""

from __future__ import annotations

import json

import pytest

from broadsheet.editions.models import Article, ArticleJump, Page
from tests.builders import ingest_json
from tests.conftest import corpus
from tests.pages.typeset import SetArticle, SetPage, iou, typeset_edition
from tests.pdfs import scanned_page

pytestmark = pytest.mark.django_db

EDITOR = [[[0.01, 0.01], [0.2, 0.01], [0.2, 0.05], [0.01, 0.05]]]


@pytest.fixture(scope="module")
def edition() -> list[SetPage]:
    corpus("rmrb1998.jsonl")
    corpus("sohu_news_5000.jsonl")
    return typeset_edition(7, pages=3)


def given(article: SetArticle, page: str, **extra) -> dict:
    """The article as a publisher hands it over: its whole text, on the page it starts."""
    body = [{"type": "paragraph", "text": t} for t in article.story or article.paragraphs]
    heads = ("kicker", "headline", "subheadline", "byline")
    return {"page": page, **{h: getattr(article, h) for h in heads}, "body": body, **extra}


def write_folder(root, pages: list[SetPage], articles: list[dict] | None, scans=()):
    folder = root / "2024-06-01"
    folder.mkdir()
    for page in pages:
        data = scanned_page() if page.label in scans else page.pdf
        (folder / f"{page.label}-{page.name}.pdf").write_bytes(data)
    if articles is not None:
        lines = [json.dumps(a, ensure_ascii=False) for a in articles]
        (folder / "articles.jsonl").write_text("\n".join(lines), "utf-8")
    return folder


def publisher_articles(pages: list[SetPage], labels=("01", "02")) -> list[dict]:
    """Every article of the named pages but the continued parts (given with their start)."""
    return [
        given(a, page.label)
        for page in pages
        if page.label in labels
        for a in page.articles
        if not a.jump_from
    ]


def _truth(page: SetPage, headline: str) -> SetArticle:
    return next(a for a in page.articles if a.headline == headline and not a.jump_from)


def test_given_articles_are_placed_and_the_unplaced_named(tmp_path, edition):
    summary = ingest_json(
        write_folder(tmp_path, edition, publisher_articles(edition)), newspaper="t"
    )
    assert summary["errors"] == []
    placed = 0
    for page in edition[:2]:
        for article in Article.objects.filter(page__label=page.label):
            assert not article.machine_found
            truth = _truth(page, article.headline)
            if article.hotspot:
                assert iou(article.hotspot, truth.polygons) >= 0.8, article.headline
                placed += 1
            else:
                named = f"t 2024-06-01 page {page.label} article {article.order} 《"
                assert any(n.startswith(named) for n in summary["unplaced"])
    assert placed >= 0.9 * Article.objects.filter(page__label__in=["01", "02"]).count()


def test_a_story_running_on_gets_its_area_on_the_next_page(tmp_path, edition):
    ingest_json(write_folder(tmp_path, edition, publisher_articles(edition)), newspaper="t")
    start = next(a for a in edition[0].articles if a.jump_to)
    rest = next(a for a in edition[1].articles if a.jump_from)
    article = Article.objects.get(page__label="01", headline=start.headline)
    [jump] = ArticleJump.objects.filter(article=article)
    assert jump.page.label == "02" and jump.order == 1
    assert iou(jump.hotspot, rest.polygons) >= 0.8
    assert len(article.body) == len(start.story)  # the text is given once, whole


def test_pages_given_no_articles_have_theirs_found_and_marked(tmp_path, edition):
    summary = ingest_json(
        write_folder(tmp_path, edition, publisher_articles(edition)), newspaper="t"
    )
    found = Article.objects.filter(page__label="03")
    assert summary["found"] == found.count() >= len(edition[2].articles) * 0.8
    assert all(a.machine_found and a.hotspot for a in found)
    assert not Article.objects.filter(page__label__in=["01", "02"], machine_found=True).exists()


def test_a_found_story_that_jumps_is_one_article_with_its_area_on_both_pages(tmp_path, edition):
    summary = ingest_json(write_folder(tmp_path, edition, None), newspaper="t")
    assert summary["errors"] == [] and summary["found"] == Article.objects.count()
    start = next(a for a in edition[0].articles if a.jump_to)
    rest = next(a for a in edition[1].articles if a.jump_from)
    [jump] = ArticleJump.objects.all()
    assert jump.page.label == "02" and jump.article.page.label == "01"
    assert jump.article.headline == start.headline and jump.article.machine_found
    assert iou(jump.article.hotspot, start.polygons) >= 0.8
    assert iou(jump.hotspot, rest.polygons) >= 0.8
    text = "".join(b["text"] for b in jump.article.body)
    assert rest.paragraphs[-1][-10:] in text  # the text of both parts, joined
    assert not Article.objects.filter(page__label="02", headline=start.headline).exists()


def test_finding_can_be_turned_off(tmp_path, edition):
    folder = write_folder(tmp_path, edition, publisher_articles(edition))
    summary = ingest_json(folder, newspaper="t", no_find_articles=True)
    assert summary["found"] == 0 and summary["errors"] == []
    assert not Article.objects.filter(page__label="03").exists()


def test_an_editors_hotspot_always_wins(tmp_path, edition):
    articles = publisher_articles(edition, labels=("01",))
    articles[0]["hotspot"] = EDITOR
    ingest_json(write_folder(tmp_path, edition[:1], articles), newspaper="t")
    first = Article.objects.get(page__label="01", order=1)
    assert first.hotspot == EDITOR
    assert Article.objects.get(page__label="01", order=2).hotspot != EDITOR


def test_a_scanned_page_needs_ocr_and_its_articles_are_named(tmp_path, edition):
    folder = write_folder(tmp_path, edition[:2], publisher_articles(edition), scans=("02",))
    summary = ingest_json(folder, newspaper="t")
    assert summary["needs_ocr"] == ["t 2024-06-01 page 02"]
    unplaced = [n for n in summary["unplaced"] if "page 02" in n]
    assert unplaced and all(n.endswith("its page's PDF has no text layer") for n in unplaced)
    assert not Page.objects.get(label="02").articles.exclude(hotspot=[]).exists()


def test_the_same_pages_again_are_unchanged(tmp_path, edition):
    folder = write_folder(tmp_path, edition, publisher_articles(edition))
    first = ingest_json(folder, newspaper="t")
    again = ingest_json(folder, newspaper="t")
    assert again["notes"] == ["t 2024-06-01: unchanged, already loaded"], again
    assert again["errors"] == [] and again["found"] == 0
    assert Article.objects.count() == first["articles"]
