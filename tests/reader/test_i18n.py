"""The reader is Chinese by default and translatable (English catalogue shipped)."""

from __future__ import annotations

import html
import re

import pytest

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db
URL = "/chenbao/2024-03-01/01/1/"


@pytest.fixture(autouse=True)
def edition(tmp_path):
    load_edition(read_bundle(write_bundle(tmp_path)), publish=True)


def test_chinese_by_default_whatever_the_browser_says(client):
    for accept in ["", "en-US,en;q=0.9", "fr"]:
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE=accept)
        body = response.content.decode()
        assert 'lang="zh-hans"' in body and response["Content-Language"] == "zh-hans"
        assert "标题导航" in body and "放大" in body and "2024年3月1日 星期五" in body


def language_link(body: str, code: str) -> str:
    """The footer's link to ``code``, as a browser would follow it."""
    found = re.search(rf'<a href="([^"]+)" lang="{code}" hreflang="{code}"', body)
    assert found, f"no link to {code}"
    return html.unescape(found.group(1))


def test_a_reader_can_choose_english(client):
    link = language_link(client.get(URL).content.decode(), "en")
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == URL
    assert response.cookies["django_language"].value == "en"
    assert "no-store" in response["Cache-Control"]
    body = client.get(URL).content.decode()
    assert 'lang="en"' in body
    for text in ["Headlines", "Larger", "Smaller", "Default", "Issue", "Friday", "Past editions"]:
        assert text in body, text
    assert "标题导航" not in body
    # the newspaper's own text is never translated
    assert "第01版头条：田间地头忙春耕" in body
    back = client.get(language_link(body, "zh-hans"))
    assert back["Location"] == URL and back.cookies["django_language"].value == ""  # deleted
    assert "标题导航" in client.get(URL).content.decode()


def test_the_switch_refuses_other_sites_and_unknown_languages(client):
    response = client.get("/lang/en/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/lang/xx/", {"next": URL}).status_code == 404


def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "xx"
    assert "标题导航" in client.get(URL).content.decode()


def test_language_links_name_each_language_in_itself(client):
    body = client.get(URL).content.decode()
    assert 'lang="en" hreflang="en" rel="nofollow">English</a>' in body
    assert '<span lang="zh-hans" aria-current="true">简体中文</span>' in body
    assert "英语" not in body
