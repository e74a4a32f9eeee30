"""Query edge cases found in review: a lone minus, control characters, the CLI's name for paper."""

from __future__ import annotations

import pytest

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.search.query import parse
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def papers(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_edition(read_bundle(write_bundle(tmp_path)), publish=True)
        load_edition(read_bundle(write_bundle(tmp_path, slug="wanbao", name="晚报")), publish=True)


def test_a_lone_minus_excludes_nothing():
    assert parse("- 春耕") == parse("春耕")


def test_lone_minus_query_finds_results(client):
    body = client.get("/api/v1/search", {"q": "- 春耕"}).json()
    assert body["ok"] and body["data"]["total"] == 4


def test_api_accepts_newspaper_like_the_cli(client):
    for key in ["paper", "newspaper"]:
        data = client.get("/api/v1/search", {"q": "春耕", key: "wanbao"}).json()["data"]
        assert data["total"] == 2 and {h["newspaper"] for h in data["hits"]} == {"wanbao"}


def test_control_characters_are_not_echoed(client):
    body = client.get("/search/", {"q": "春\x00耕\x1b"}).content.decode()
    assert "\x00" not in body and "\x1b" not in body
    assert 'value="春 耕 "' in body  # a control character separates, as in the search


def test_hit_headline_is_the_main_headline(client):
    params = {"q": "抢抓农时", "paper": "chenbao"}
    hits = client.get("/api/v1/search", params).json()["data"]["hits"]
    assert {h["headline"] for h in hits} == {f"第0{n}版头条：田间地头忙春耕" for n in (1, 2)}
    for hit in hits:
        assert "<mark>抢抓农时</mark>" in hit["headline_html"]  # the match is in the 副标题
        assert hit["headline_html"].startswith("引题：春耕时节 第0")
