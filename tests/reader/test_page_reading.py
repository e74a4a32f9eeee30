"""The page image and where an article sits: the 2x image, 转版 (jumps) on both pages,
the article's mini page with its area, and 版面导航 on the article page.

Editions are real bundles loaded through ``load_edition``; the 2x image and the
jumps are what the page-PDF ingest writes, set here on the loaded rows.
"""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Article, ArticleJump, Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import JUMP_AREA, add_jump, store_hidpi, write_bundle

pytestmark = pytest.mark.django_db


def load(tmp_path, **kw) -> Edition:
    return load_edition(read_bundle(write_bundle(tmp_path, **kw)), publish=True).edition


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_2x_image_is_offered_in_srcset_and_served(client, tmp_path):
    edition = load(tmp_path)
    page = edition.pages.get(label="01")
    hidpi = store_hidpi(page)
    body = html(client, "/chenbao/2024-03-01/01/")
    image = f"/media/{page.image.name}"
    assert f'srcset="{image} 1x, {hidpi} 2x"' in body
    data = client.get("/chenbao/2024-03-01/01.json").json()["data"]
    assert data["page"]["image_hidpi"] == hidpi
    response = client.get(hidpi)  # the media door knows the 2x image too
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    b"".join(response.streaming_content)


def test_a_page_without_a_2x_image_has_no_srcset(client, tmp_path):
    load(tmp_path)
    body = html(client, "/chenbao/2024-03-01/01/")
    assert "srcset=" not in body
    assert client.get("/chenbao/2024-03-01/01.json").json()["data"]["page"]["image_hidpi"] == ""


def test_the_page_image_has_zoom_controls_and_one_wrapper(client, tmp_path):
    load(tmp_path)
    body = html(client, "/chenbao/2024-03-01/01/")
    controls = body.split('class="zoom-controls"', 1)[1].split("</div>", 1)[0]
    for label in ("放大", "缩小", "复位"):
        assert f">{label}</button>" in controls
    figure = body.split('id="page-figure"', 1)[1]
    assert 'tabindex="0"' in figure.split(">", 1)[0]
    wrapper = figure.split('<div class="page-zoom">', 1)[1].split("</svg>", 1)[0]
    assert "<img " in wrapper and '<svg class="hotspots"' in wrapper


def test_a_jumped_article_is_listed_and_mapped_on_the_page_it_continues_on(client, tmp_path):
    edition = load(tmp_path)
    add_jump(edition)
    body = html(client, "/chenbao/2024-03-01/02/")
    item = body.split('<li data-article="01-1"', 1)[1].split("</li>", 1)[0]
    assert "上接第01版" in item and 'href="/chenbao/2024-03-01/01/1/"' in item
    assert "第01版头条：田间地头忙春耕" in item and "下转" not in item  # it is on this page
    area = body.split('<a href="/chenbao/2024-03-01/01/1/" data-article="01-1"', 1)[1]
    assert 'points="0.10000,0.05000 0.60000,0.05000' in area.split("</a>", 1)[0]
    # the page's own article 1 keeps its key and its area
    assert '<li data-article="1"' in body and 'data-article="1" aria-label=' in body
    start = html(client, "/chenbao/2024-03-01/01/")
    assert "下转第02版" in start.split('<li data-article="1"', 1)[1].split("</li>", 1)[0]


def test_the_json_twins_show_the_jumps(client, tmp_path):
    edition = load(tmp_path)
    add_jump(edition)
    page = client.get("/chenbao/2024-03-01/02.json").json()["data"]
    continued = [a for a in page["articles"] if a["continued_from"]]
    assert len(continued) == 1 and len(page["articles"]) == 4
    assert continued[0]["continued_from"] == {"label": "01", "url": "/chenbao/2024-03-01/01/"}
    assert continued[0]["url"] == "/chenbao/2024-03-01/01/1/"
    assert continued[0]["hotspot"] == JUMP_AREA
    first = client.get("/chenbao/2024-03-01/01.json").json()["data"]["articles"][0]
    assert first["continues_on"] == [{"label": "02", "url": "/chenbao/2024-03-01/02/"}]
    article = client.get("/chenbao/2024-03-01/01/1.json").json()["data"]
    assert [p["page"]["label"] for p in article["places"]] == ["01", "02"]
    assert [p["continued"] for p in article["places"]] == [False, True]
    assert article["places"][1]["hotspot"] == JUMP_AREA


def test_a_jump_into_another_edition_is_never_shown(client, tmp_path):
    edition = load(tmp_path / "a")
    other = load(tmp_path / "b", date="2024-03-02")
    article = Article.objects.get(page__edition=edition, page__label="01", order=1)
    ArticleJump.objects.create(article=article, page=other.pages.get(label="02"), hotspot=[])
    assert "上接" not in html(client, "/chenbao/2024-03-02/02/")
    data = client.get("/chenbao/2024-03-01/01/1.json").json()["data"]
    assert [p["page"]["label"] for p in data["places"]] == ["01"]
    assert data["continues_on"] == []


def mini_pages(body: str) -> list[str]:
    return body.split('<a class="mini-page"')[1:]


def test_the_article_page_shows_its_place_on_the_page_and_the_page_list(client, tmp_path):
    load(tmp_path)
    body = html(client, "/chenbao/2024-03-01/01/2/")
    [mini] = mini_pages(body)
    assert mini.startswith(' href="/chenbao/2024-03-01/01/"')
    assert '<img src="/media/thumbs/' in mini
    assert 'points="0.05000,0.55000 0.45000,0.55000 0.45000,0.90000 0.05000,0.90000"' in mini
    assert "版面导航" in body and 'href="/chenbao/2024-03-01/02/"' in body


def test_a_jumped_article_shows_both_pages(client, tmp_path):
    edition = load(tmp_path)
    add_jump(edition)
    body = html(client, "/chenbao/2024-03-01/01/1/")
    first, second = mini_pages(body)
    assert first.startswith(' href="/chenbao/2024-03-01/01/"') and "第01版" in first
    assert second.startswith(' href="/chenbao/2024-03-01/02/"') and "第02版" in second
    assert 'points="0.10000,0.05000 0.60000,0.05000' in second


def test_the_new_controls_and_marks_are_translated(client, tmp_path):
    edition = load(tmp_path)
    add_jump(edition)
    client.get("/lang/en/", {"next": "/"})
    body = html(client, "/chenbao/2024-03-01/02/")
    for text in ["Page zoom", "Zoom in", "Zoom out", "Reset", "Whole edition PDF"]:
        assert text in body, text
    assert "Continued from page 01" in body and "上接" not in body
    article = html(client, "/chenbao/2024-03-01/01/1/")
    assert "Where this article is printed" in article and "Continued on page 02" in article
    assert "(continued)" in article


def test_a_story_over_three_pages_names_the_part_before_and_after(client, tmp_path):
    edition = load(tmp_path, labels=("01", "02", "03"))
    article = add_jump(edition, into="02")
    ArticleJump.objects.create(article=article, page=edition.pages.get(label="03"), order=2)
    middle = client.get("/chenbao/2024-03-01/02.json").json()["data"]["articles"][-1]
    assert middle["continued_from"]["label"] == "01"
    assert [p["label"] for p in middle["continues_on"]] == ["03"]
    last = client.get("/chenbao/2024-03-01/03.json").json()["data"]["articles"][-1]
    assert last["continued_from"]["label"] == "02" and last["continues_on"] == []
    item = html(client, "/chenbao/2024-03-01/02/").split('<li data-article="01-1"', 1)[1]
    item = item.split("</li>", 1)[0]
    assert "上接第01版" in item and "下转第03版" in item
    start = html(client, "/chenbao/2024-03-01/01/").split('<li data-article="1"', 1)[1]
    start = start.split("</li>", 1)[0]
    assert "下转第02版" in start and "下转第03版" not in start  # as printed: the next part
    places = client.get("/chenbao/2024-03-01/01/1.json").json()["data"]["places"]
    assert [p["page"]["label"] for p in places] == ["01", "02", "03"]
