"""The desk's screens over the newsroom's services: real editions, real users with roles.

Each screen answers an editor of its newspaper, hides behind 404 from an editor of another
paper, and turns the services' refusals into messages on the field they concern.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.editions.models import Article, Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import roles
from broadsheet.newsroom.models import Role
from tests.builders import ingest_json, write_bundle
from tests.pdfs import text_page

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-9"


@pytest.fixture
def draft(tmp_path) -> Edition:
    return load_edition(read_bundle(write_bundle(tmp_path / "c", date="2024-03-02"))).edition


@pytest.fixture
def other_paper(tmp_path) -> Edition:
    folder = write_bundle(tmp_path / "w", slug="wanbao", name="晚报", date="2024-03-02")
    return load_edition(read_bundle(folder)).edition


def _user(django_user_model, name: str, role: str, edition: Edition):
    user = django_user_model.objects.create_user(name, password=PASSWORD)
    roles.grant(user, role, edition.newspaper)
    return user


@pytest.fixture
def editor(client, django_user_model, draft):
    client.force_login(_user(django_user_model, "editor", Role.EDITOR, draft))
    return client


@pytest.fixture
def stranger(client, django_user_model, draft, other_paper):
    """An editor of the other paper (晚报) only."""
    client.force_login(_user(django_user_model, "stranger", Role.EDITOR, other_paper))
    return client


@pytest.fixture
def reviewer(client, django_user_model, draft):
    client.force_login(_user(django_user_model, "reviewer", Role.REVIEWER, draft))
    return client


def first_article(edition: Edition) -> Article:
    return Article.objects.filter(page__edition=edition).order_by("page__order", "order").first()


def screens(edition: Edition) -> list[str]:
    article = first_article(edition)
    base = f"/desk/{edition.newspaper.slug}/{edition.date.isoformat()}/"
    return [
        f"/desk/{edition.newspaper.slug}/",
        f"/desk/{edition.newspaper.slug}/{edition.date:%Y-%m}/",
        base,
        f"{base}page/01/",
        f"/desk/article/{article.pk}/",
        f"/desk/article/{article.pk}/history/",
        f"/desk/{edition.newspaper.slug}/upload/",
    ]


def test_the_desk_asks_for_a_login_in_chinese(client, draft):
    response = client.get("/desk/")
    assert response.status_code == 302 and response["Location"].startswith("/desk/login/")
    page = client.get("/desk/login/").content.decode()
    assert "登录编辑台" in page and 'name="password"' in page


def test_logging_in_leads_to_the_newspaper(client, django_user_model, draft):
    _user(django_user_model, "editor", Role.EDITOR, draft)
    response = client.post("/desk/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/desk/", follow=True)
    assert response.redirect_chain[-1][0] == "/desk/chenbao/"
    assert "草稿" in response.content.decode()


def test_every_screen_answers_its_editor_privately(editor, draft):
    for url in screens(draft):
        response = editor.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_an_editor_of_another_paper_meets_404_everywhere(stranger, draft):
    for url in screens(draft):
        assert stranger.get(url).status_code == 404, url
    article = first_article(draft)
    base = f"/desk/chenbao/{draft.date.isoformat()}/"
    assert stranger.get(f"{base}preview/").status_code == 404
    assert stranger.get(f"/chenbao/{draft.date.isoformat()}/01/").status_code == 404
    posted = stranger.post(
        f"/desk/article/{article.pk}/hotspot/", "{}", content_type="application/json"
    )
    assert posted.status_code == 404
    assert stranger.post(f"{base}state/", {"state": "published"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_edition_shows_its_pages_in_order_with_thumbnails(editor, draft):
    page = editor.get(f"/desk/chenbao/{draft.date.isoformat()}/").content.decode()
    assert page.index("第01版") < page.index("第02版")
    thumbnail = draft.pages.get(label="01").thumbnail.name
    assert f"/media/{thumbnail}" in page
    media = editor.get(f"/media/{thumbnail}")  # a draft's file, for this editor's session
    assert media.status_code == 200
    assert b"".join(media.streaming_content)


def test_scheduling_takes_a_shanghai_time(editor, draft):
    response = editor.post(
        f"/desk/chenbao/{draft.date.isoformat()}/state/",
        {"state": "scheduled", "publish_at": "2030-01-01T06:00", "zone": "Asia/Shanghai"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "scheduled"
    assert draft.publish_at == dt.datetime(2029, 12, 31, 22, 0, tzinfo=dt.UTC)


def test_scheduling_without_a_time_says_so_on_the_field(editor, draft):
    response = editor.post(f"/desk/chenbao/{draft.date.isoformat()}/state/", {"state": "scheduled"})
    assert response.status_code == 400
    assert "定时发布需要填写发布时间" in response.content.decode()


def test_a_reviewer_may_look_but_not_publish(reviewer, draft):
    page = reviewer.get(f"/desk/chenbao/{draft.date.isoformat()}/").content.decode()
    assert "state-form" not in page
    reviewer.post(f"/desk/chenbao/{draft.date.isoformat()}/state/", {"state": "published"})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_hotspot_is_saved_through_the_one_validator(editor, draft):
    article = first_article(draft)
    url = f"/desk/article/{article.pk}/hotspot/"
    square = [[[0.1, 0.1], [0.4, 0.1], [0.4, 0.3], [0.1, 0.3]]]
    response = editor.post(url, json.dumps({"polygons": square}), content_type="application/json")
    assert response.status_code == 200 and response.json()["polygons"] == square
    article.refresh_from_db()
    assert article.hotspot == square
    for bad in (["abc"], [[[0.1, 0.1], [2, 0.1], [0.3, 0.4]]], [[[0.1, 0.1]]]):
        refused = editor.post(url, json.dumps({"polygons": bad}), content_type="application/json")
        assert refused.status_code == 400 and refused.json()["error"], bad
    article.refresh_from_db()
    assert article.hotspot == square


def test_a_reviewer_may_not_move_a_hotspot(reviewer, draft):
    article = first_article(draft)
    before = article.hotspot
    response = reviewer.post(
        f"/desk/article/{article.pk}/hotspot/",
        json.dumps({"polygons": [[[0, 0], [1, 0], [1, 1]]]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.hotspot == before


def article_form(article: Article, **changes) -> dict:
    form = {
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "byline": article.byline,
        "correction_note": "",
        "block_type": ["paragraph", "subheading", "image"],
        "block_text": ["第一段。", "小标题", ""],
        "block_src": ["", "", "images/photo.png"],
        "block_caption": ["", "", "图片说明"],
        "block_alt": ["", "", "田野"],
    }
    form.update(changes)
    return form


def test_an_article_is_saved_as_fields_and_blocks(editor, draft):
    article = first_article(draft)
    response = editor.post(f"/desk/article/{article.pk}/", article_form(article, headline="新标题"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "新标题"
    assert article.body == [
        {"type": "paragraph", "text": "第一段。"},
        {"type": "subheading", "text": "小标题"},
        {"type": "image", "src": "images/photo.png", "caption": "图片说明", "alt": "田野"},
    ]
    page = editor.get(f"/desk/article/{article.pk}/").content.decode()
    assert "第一段。" in page and '"type"' not in page  # blocks, never JSON


def test_a_refused_block_shows_its_error_on_that_block(editor, draft):
    article = first_article(draft)
    before = article.body
    form = article_form(article, block_src=["", "", "../../etc/passwd"])
    response = editor.post(f"/desk/article/{article.pk}/", form)
    assert response.status_code == 400
    page = response.content.decode()
    block = page[page.index("block-image has-error") :]
    assert "field-error" in block[: block.index("</li>")]
    assert "第一段。" in page  # what the editor typed stays in the form
    article.refresh_from_db()
    assert article.body == before


def test_a_too_long_headline_shows_on_its_field(editor, draft):
    article = first_article(draft)
    response = editor.post(
        f"/desk/article/{article.pk}/", article_form(article, headline="长" * 301)
    )
    assert response.status_code == 400
    assert 'id="id_headline_error"' in response.content.decode()


def test_history_shows_who_changed_what(editor, draft):
    article = first_article(draft)
    old = article.headline
    form = article_form(article, headline="改过的标题", correction_note="原标题有误")
    editor.post(f"/desk/article/{article.pk}/", form)
    page = editor.get(f"/desk/article/{article.pk}/history/").content.decode()
    assert "editor" in page
    assert "<del>" in page and old in page and "<ins>" in page and "改过的标题" in page
    assert "原标题有误" in page


def test_machine_found_articles_are_marked_for_review(editor, draft):
    article = first_article(draft)
    Article.objects.filter(pk=article.pk).update(machine_found=True)
    assert "待审核" in editor.get(f"/desk/article/{article.pk}/").content.decode()
    assert "待审核" in editor.get(f"/desk/chenbao/{draft.date.isoformat()}/").content.decode()


def test_preview_opens_the_reader_page_for_the_editor_only(editor, draft):
    response = editor.get(f"/desk/chenbao/{draft.date.isoformat()}/preview/?page=02")
    assert response.status_code == 302
    assert response["Location"] == f"/chenbao/{draft.date.isoformat()}/02/"
    page = editor.get(response["Location"])
    assert page.status_code == 200 and b"preview-banner" in page.content
    assert page["Cache-Control"] == "private, no-store"
    assert Client().get(response["Location"]).status_code == 404
    editor.logout()
    assert editor.get(response["Location"]).status_code == 404


def test_hostile_text_is_shown_as_text_in_the_desk_and_the_reader(editor, draft):
    article = first_article(draft)
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    form = article_form(article, headline=hostile, byline='<a href="javascript:alert(3)">x</a>')
    form["block_text"] = ["<svg onload=alert(4)></svg>", "小标题", ""]
    assert editor.post(f"/desk/article/{article.pk}/", form).status_code == 302
    editor.get(f"/desk/chenbao/{draft.date.isoformat()}/preview/")
    for url in (f"/desk/article/{article.pk}/", f"/chenbao/{draft.date.isoformat()}/01/1/"):
        page = editor.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page, url
        assert "<svg onload" not in page and 'href="javascript:' not in page, url


def test_a_scheduled_edition_appears_at_its_time(editor, draft):
    soon = timezone.localtime() + dt.timedelta(minutes=5)
    editor.post(
        f"/desk/chenbao/{draft.date.isoformat()}/state/",
        {
            "state": "scheduled",
            "publish_at": soon.strftime("%Y-%m-%dT%H:%M"),
            "zone": "Asia/Shanghai",
        },
    )
    draft.refresh_from_db()
    assert draft.status == "scheduled"
    url, reader = f"/chenbao/{draft.date.isoformat()}/01/", Client()
    assert reader.get(url).status_code == 404
    Edition.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert reader.get(url).status_code == 200


def test_one_article_is_held_back_from_a_published_edition(editor, draft):
    editor.post(f"/desk/chenbao/{draft.date.isoformat()}/state/", {"state": "published"})
    article = first_article(draft)
    url = f"/chenbao/{draft.date.isoformat()}/01/{article.order}/"
    reader = Client()
    assert reader.get(url).status_code == 200
    response = editor.post(f"/desk/article/{article.pk}/state/", {"state": "withdrawn"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "withdrawn"
    assert reader.get(url).status_code == 404
    assert "已撤回" in editor.get(f"/desk/article/{article.pk}/").content.decode()


@pytest.fixture
def from_pdfs(tmp_path, draft) -> Edition:
    """An edition of the same paper made from a page PDF with real text (articles found)."""
    folder = tmp_path / "2024-03-09"
    folder.mkdir()
    (folder / "01-要闻.pdf").write_bytes(text_page())
    ingest_json(folder, format="pdf-pages", newspaper="chenbao")
    return Edition.objects.get(newspaper__slug="chenbao", date="2024-03-09")


def test_an_article_is_placed_again_from_the_page_text(editor, from_pdfs):
    article = first_article(from_pdfs)
    assert article.hotspot
    triangle = [[[0.0, 0.0], [0.05, 0.0], [0.0, 0.05]]]
    Article.objects.filter(pk=article.pk).update(hotspot=triangle)
    response = editor.post(f"/desk/article/{article.pk}/place/")
    assert response.status_code == 200
    placed = {a["id"]: a["polygons"] for a in response.json()["articles"]}
    article.refresh_from_db()
    assert placed[str(article.pk)] == article.hotspot
    assert article.hotspot and article.hotspot != triangle


def test_placing_a_whole_page_again_answers_its_articles(editor, from_pdfs):
    page = from_pdfs.pages.get(label="01")
    response = editor.post(f"/desk/page/{page.pk}/place/")
    assert response.status_code == 200
    ids = {a["id"] for a in response.json()["articles"]}
    assert ids and ids <= {str(a.pk) for a in page.articles.all()}


def test_the_desk_is_translatable(client, draft):
    client.get("/lang/en/", {"next": "/desk/login/"})  # the language switch is a link
    page = client.get("/desk/login/").content.decode()
    assert "Log in to the desk" in page and "登录编辑台" not in page
