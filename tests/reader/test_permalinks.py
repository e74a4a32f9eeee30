"""Permanent article links (``/a/<id>``) that survive ``--replace``, and old readable URLs that
keep leading to the story they meant (issue 12, permanent identity)."""

from __future__ import annotations

import json
import re

import pytest

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Redirect
from broadsheet.editions.permalinks import is_permalink
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import read_manifest, write_bundle, write_manifest

pytestmark = pytest.mark.django_db

DAY = "/chenbao/2024-03-01"
LEADER = "第01版头条：田间地头忙春耕"  # article 1 of page 01 in the builders' bundle
BRIEF = "◆市图书馆本周末延长开放时间至晚九点。"  # article 2, no headline


@pytest.fixture
def folder(tmp_path):
    return write_bundle(tmp_path, labels=("01", "02"))


def load(folder, **options):
    return load_edition(read_bundle(folder), publish=True, **options).edition


def ids(edition) -> dict[str, str]:
    """Permanent id by the article's text (headline, else its first paragraph)."""
    articles = Article.objects.filter(page__edition=edition).select_related("page")
    return {f"{a.page.label}:{a.headline or a.lead}": a.permalink for a in articles}


def edit(folder, change) -> None:
    manifest = read_manifest(folder)
    change(manifest)
    write_manifest(folder, manifest)


def swap_first_two(manifest) -> None:
    articles = manifest["articles"]
    articles[0], articles[1] = articles[1], articles[0]


def story_at(client, url: str) -> str:
    """The headline or first paragraph of the article ``url`` ends at, following redirects."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    title = re.search(r"<title>(.*?) - ", response.content.decode(), re.S)
    return title.group(1).strip() if title else "?"


def test_every_article_has_a_short_permanent_id_that_leads_to_it(client, folder):
    edition = load(folder)
    found = ids(edition)
    assert len(set(found.values())) == len(found) == 6
    assert all(is_permalink(token) for token in found.values())
    response = client.get(f"/a/{found['01:' + LEADER]}")
    assert response.status_code == 302 and response["Location"] == f"{DAY}/01/1/"
    twin = client.get(f"/a/{found['01:' + LEADER]}.json")
    assert twin.status_code == 302 and twin["Location"] == f"{DAY}/01/1.json"
    assert client.get(f"/a/{found['01:' + LEADER]}/").status_code == 302


def test_the_article_page_and_its_json_show_the_permanent_link(client, folder):
    token = ids(load(folder))["01:" + LEADER]
    html = client.get(f"{DAY}/01/1/").content.decode()
    assert "永久链接" in html and f"http://testserver/a/{token}" in html
    assert f'<link rel="shortlink" href="http://testserver/a/{token}">' in html
    data = json.loads(client.get(f"{DAY}/01/1.json").content)["data"]
    assert data["permalink"] == f"/a/{token}"


def test_an_unknown_or_hidden_permanent_id_is_404(client, folder):
    edition = load(folder)
    token = ids(edition)["01:" + LEADER]
    assert client.get("/a/22222222").status_code == 404
    publishing.withdraw(edition)
    assert client.get(f"/a/{token}").status_code == 404
    assert client.get(f"/a/{token}.json").status_code == 404


def test_ids_survive_a_replace_with_edited_text(client, folder):
    before = ids(load(folder))

    def retouch(manifest):
        manifest["articles"][0]["body"][0]["text"] += "新增一句。"
        manifest["articles"][0]["headline"] = LEADER + "！"  # a corrected headline

    edit(folder, retouch)
    after = load(folder, replace=True)
    now = ids(after)
    assert now["01:" + LEADER + "！"] == before["01:" + LEADER]
    assert {k: v for k, v in now.items() if LEADER not in k} == {
        k: v for k, v in before.items() if LEADER not in k
    }
    assert not Redirect.objects.exists()  # nothing moved


def test_a_story_not_in_the_old_edition_gets_a_fresh_id(folder):
    before = ids(load(folder))

    def rewrite(manifest):
        manifest["articles"][0]["headline"] = "全新的另一篇报道"
        manifest["articles"][0]["body"] = [{"type": "paragraph", "text": "完全不同的正文内容。"}]

    edit(folder, rewrite)
    now = ids(load(folder, replace=True))
    assert now["01:全新的另一篇报道"] not in before.values()


def test_swapped_articles_keep_their_ids_and_old_urls_lead_to_the_story_they_meant(client, folder):
    before = ids(load(folder))
    assert story_at(client, f"{DAY}/01/1/") == LEADER
    edit(folder, swap_first_two)
    load(folder, replace=True)
    assert ids(Article.objects.get(permalink=before["01:" + LEADER]).page.edition) == before
    first = client.get(f"{DAY}/01/1/")
    assert first.status_code == 302  # not silently another story
    assert story_at(client, f"{DAY}/01/1/") == LEADER
    assert story_at(client, f"{DAY}/01/2/") == BRIEF
    assert story_at(client, f"/a/{before['01:' + LEADER]}") == LEADER
    assert story_at(client, f"/a/{before['01:' + BRIEF]}") == BRIEF
    twin = client.get(f"{DAY}/01/1.json", follow=True)
    assert json.loads(twin.content)["data"]["headline"] == LEADER


def test_the_page_lists_a_displaced_article_by_its_permanent_link(client, folder):
    before = ids(load(folder))
    edit(folder, swap_first_two)
    load(folder, replace=True)
    data = json.loads(client.get(f"{DAY}/01.json").content)["data"]
    urls = {a["title"]: a["url"] for a in data["articles"]}
    assert urls[LEADER] == f"/a/{before['01:' + LEADER]}"
    assert urls["图片新闻"] == f"{DAY}/01/3/"  # it did not move
    for url in urls.values():  # every link of the page opens the story it names
        assert client.get(url).status_code == 200


def test_swapping_back_restores_the_plain_urls(client, folder):
    load(folder)
    edit(folder, swap_first_two)
    load(folder, replace=True)
    edit(folder, swap_first_two)
    load(folder, replace=True)
    assert client.get(f"{DAY}/01/1/").status_code == 200
    assert story_at(client, f"{DAY}/01/1/") == LEADER
    assert not Article.objects.filter(displaced=True).exists()
    assert not Redirect.objects.exists()


def test_a_relabelled_page_s_old_urls_redirect(client, folder):
    before = ids(load(folder))

    def relabel(manifest):
        for page in manifest["pages"]:
            page["label"] = "03" if page["label"] == "02" else page["label"]
        for article in manifest["articles"]:
            article["page"] = "03" if article["page"] == "02" else article["page"]

    edit(folder, relabel)
    load(folder, replace=True)
    page = client.get(f"{DAY}/02/")
    assert page.status_code == 302 and page["Location"] == f"{DAY}/03/"
    article = client.get(f"{DAY}/02/1/")
    assert article.status_code == 302 and article["Location"] == f"{DAY}/03/1/"
    assert client.get(f"{DAY}/02/1.json")["Location"] == f"{DAY}/03/1.json"
    moved = Article.objects.get(permalink=before["02:第02版头条：田间地头忙春耕"])
    assert moved.page.label == "03"


def test_old_urls_of_a_withdrawn_edition_lead_nowhere(client, folder):
    load(folder)
    edit(folder, swap_first_two)
    edition = load(folder, replace=True)
    publishing.withdraw(edition)
    for url in (f"{DAY}/01/1/", f"{DAY}/01/2/", f"{DAY}/01/1.json"):
        assert client.get(url).status_code == 404, url


def test_the_sitemap_lists_a_displaced_article_by_its_permanent_link(client, folder):
    before = ids(load(folder))
    edit(folder, swap_first_two)
    load(folder, replace=True)
    xml = client.get("/sitemap-chenbao-2024.xml").content.decode()
    assert f"http://testserver/a/{before['01:' + LEADER]}</loc>" in xml
    assert f"http://testserver{DAY}/01/3/</loc>" in xml
