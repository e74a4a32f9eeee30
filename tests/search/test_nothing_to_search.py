"""A query of punctuation alone is "nothing to search" at every door (issue 10, finding 16).

``(`` matched every article holding a bracket (2,038 of them in the review).
"""

from __future__ import annotations

import datetime as dt

import pytest

from .records import load

pytestmark = pytest.mark.django_db
PUNCTUATION_ONLY = ["(", "《》", "……", "- ( -)", "!?"]


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", dt.date(1998, 1, 5), [("01", "香港(新闻)", ["《人民日报》……!?"])])


@pytest.mark.parametrize("text", PUNCTUATION_ONLY)
def test_the_api_says_there_is_nothing_to_search(client, site, text):
    body = client.get("/api/v1/search", {"q": text}).json()
    assert body["ok"] is False and body["error"]["code"] == "bad_query"
    assert "请输入要搜索的文字" in body["error"]["message"]


@pytest.mark.parametrize("text", PUNCTUATION_ONLY)
def test_the_page_says_there_is_nothing_to_search(client, site, text):
    body = client.get("/search/", {"q": text}).content.decode()
    assert 'class="search-error"' in body and "请输入要搜索的文字" in body
    assert "共找到" not in body


def test_quoted_punctuation_is_still_searched(client, site):
    data = client.get("/api/v1/search", {"q": '"《"'}).json()["data"]
    assert data["total"] == 1
