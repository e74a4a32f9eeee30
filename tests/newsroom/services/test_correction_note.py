"""The public 更正 note: shown under the corrected article with its date, on the page and in
its ``.json`` twin, as text (never markup)."""

from __future__ import annotations

from django.utils import timezone

from broadsheet.editions.models import Article
from broadsheet.newsroom import services


def _corrected(newsroom, note: str) -> Article:
    article = Article.objects.get(page__edition=newsroom.edition_a, page__label="01", order=1)
    services.edit_article(
        newsroom.people["editor_a"],
        article,
        kicker=article.kicker,
        headline="更正后的标题",
        subheadline=article.subheadline,
        byline=article.byline,
        body=article.body,
        correction_note=note,
    )
    return article


def test_the_note_and_its_date_show_under_the_article(client, newsroom):
    _corrected(newsroom, "本文原标题有误，已更正。<script>alert(1)</script>")
    today = timezone.localdate().isoformat()
    page = client.get("/chenbao/2024-03-01/01/1/").content.decode()
    assert f"更正</strong>（{today}）：本文原标题有误，已更正。&lt;script&gt;" in page
    assert "<script>alert(1)" not in page
    data = client.get("/chenbao/2024-03-01/01/1.json").json()["data"]
    assert data["correction"]["date"] == today
    assert data["correction"]["text"].startswith("本文原标题有误")
    assert data["headline"] == "更正后的标题"


def test_an_article_never_corrected_shows_no_note(client, newsroom):
    page = client.get("/chenbao/2024-03-01/01/1/").content.decode()
    assert 'class="correction"' not in page
    assert client.get("/chenbao/2024-03-01/01/1.json").json()["data"]["correction"] is None
