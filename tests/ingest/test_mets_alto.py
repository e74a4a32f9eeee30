"""Article-segmented METS/ALTO: the BnL's block links and the British Library's word ranges."""

from __future__ import annotations

import shutil

import pytest
from django.test import Client

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, ArticleJump, Edition, Page
from broadsheet.pages.models import PageText
from tests.builders import ingest_json
from tests.conftest import corpus

pytestmark = pytest.mark.django_db

BNL = "bnl_mets_alto_luxzeit1858/public_domain_006/2385348_newspaper_luxzeit1858_1858-12-07_01"
BL = "bl_mets_alto_1855/BLIP_20190929_04/0002244/1855/0922"
LUX = "luxemburger-zeitung-journal-de-luxembourg"


def test_the_bnl_issue_loads_its_articles_with_titles_text_and_areas():
    summary = ingest_json(corpus(BNL))
    assert summary["loaded"] == [f"{LUX} 1858-12-07"], summary
    edition = Edition.objects.get()
    assert edition.newspaper.name == "Luxemburger Zeitung – Journal de Luxembourg"
    assert list(Page.objects.order_by("order").values_list("label", flat=True)) == list("1234")
    assert Article.objects.count() == 12  # the logical map's ARTICLE divisions; no adverts
    first = Article.objects.get(page__label="1", order=1)
    assert first.headline == "Revue politique."
    assert first.body[0]["type"] == "paragraph"
    assert first.body[0]["text"].startswith("Les bruits de guerre")
    assert first.hotspot
    for polygon in first.hotspot:
        xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
        assert 0 <= min(xs) < max(xs) <= 1 and 0 <= min(ys) < max(ys) <= 1
    assert PageText.objects.count() == 4
    assert len(summary["missing"]) == 8  # each page's TIFF and PDF; ALTO all present


def test_an_article_printed_on_two_pages_continues_there():
    ingest_json(corpus(BNL))
    jump = ArticleJump.objects.select_related("article__page", "page").first()
    assert jump is not None
    assert jump.page.order > jump.article.page.order and jump.hotspot


def test_a_hyphenated_word_is_joined_across_lines():
    ingest_json(corpus(BNL))
    texts = " ".join(b["text"] for a in Article.objects.all() for b in a.body)
    assert "- " not in texts.replace(" - ", "")  # no "Conti- nental": HypPart1/HYP joined


def test_the_british_library_issue_links_articles_by_word_ranges():
    summary = ingest_json(corpus(BL))
    assert summary["loaded"] == ["colored-news 1855-09-22"], summary
    assert Article.objects.count() == 77
    assert not Article.objects.filter(body=[]).exists()
    assert all(a.hotspot for a in Article.objects.all())


def test_articles_read_on_the_reader_and_a_title_less_one_shows_its_lead(client: Client):
    ingest_json(corpus(BL))
    publishing.publish(Edition.objects.get())
    untitled = Article.objects.filter(headline="").order_by("page__order", "order").first()
    assert untitled is not None
    url = f"/colored-news/1855-09-22/{untitled.page.label}/{untitled.order}/"
    assert client.get(url).status_code == 200
    page = client.get(f"/colored-news/1855-09-22/{untitled.page.label}/").content.decode()
    assert f'href="{url}"' in page  # no image here (the JP2s are absent): listed by its lead


def test_a_file_outside_the_issue_folder_is_refused(tmp_path):
    issue = tmp_path / "issue"
    shutil.copytree(corpus(BNL), issue)
    [mets] = issue.glob("*-mets.xml")
    mets.write_bytes(
        mets.read_bytes().replace(b"file://./text/1858-12-07_01-00001.xml", b"../../etc/x.xml")
    )
    [error] = ingest_json(issue)["errors"]
    assert "lies outside the issue folder; refused" in error
    assert not Edition.objects.exists()


def test_withdrawing_every_article_of_a_page_does_not_show_their_text_as_page_text(client):
    """A page with articles never shows its ALTO text in their place, whatever their state:
    withdrawn articles' words must not come back as the page's machine-read text."""
    ingest_json(corpus(BL))
    publishing.publish(Edition.objects.get())
    page = Page.objects.filter(articles__isnull=False).order_by("order").first()
    assert page is not None and PageText.objects.filter(page=page).exists()
    url = f"/colored-news/1855-09-22/{page.label}.json"
    assert client.get(url).json()["data"]["machine_text"] is None
    for article in Article.objects.filter(page=page):
        article.status = Edition.Status.WITHDRAWN
        article.save()
    data = client.get(url).json()["data"]
    assert data["articles"] == [] and data["machine_text"] is None
