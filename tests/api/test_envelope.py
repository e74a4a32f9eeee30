"""One JSON envelope for every machine-readable answer, errors included."""

from __future__ import annotations

import pytest

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tmp_path):
    load_edition(read_bundle(write_bundle(tmp_path, date="2024-03-03")))  # a draft
    return load_edition(read_bundle(write_bundle(tmp_path)), publish=True).edition


@pytest.mark.parametrize(
    "url",
    [
        "/chenbao/2024-03-01/09.json",
        "/chenbao/2024-03-01/01/9.json",
        "/nope/2024-03-01/01.json",
        "/api/v1/nothing-here",
    ],
)
def test_missing_things_answer_in_the_envelope(client, edition, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"ok": False, "error": {"code": "not_found", "message": "页面不存在"}}


def test_success_envelope(client, edition):
    body = client.get("/chenbao/2024-03-01/01.json").json()
    assert set(body) == {"ok", "data"} and body["ok"] is True
    assert set(body["data"]) == {
        "edition",
        "page",
        "pages",
        "articles",
        "machine_text",  # null: a page with articles is not read by machine
        "edition_pdf",
        "prev_page",
        "next_page",
        "prev_edition",
        "next_edition",
    }
    assert body["data"]["machine_text"] is None


def test_search_hits_name_their_kind_in_the_envelope(
    client, tmp_path, django_capture_on_commit_callbacks
):
    """Every hit has the same keys, an article's and a page's (a page without articles,
    found by its machine-read text) alike; ``kind`` tells them apart."""
    import datetime as dt

    from tests.search.records import load_pages

    with django_capture_on_commit_callbacks(execute=True):
        load_edition(read_bundle(write_bundle(tmp_path)), publish=True)
        load_pages("lib", dt.date(1935, 8, 2), {"01": ["春耕时节"]})
    body = client.get("/api/v1/search", {"q": "春耕", "sort": "oldest"}).json()
    assert set(body) == {"ok", "data"} and body["ok"] is True
    hits = body["data"]["hits"]
    keys = {
        "kind", "newspaper", "newspaper_name", "date", "page", "headline", "headline_html",
        "url", "page_url", "snippet", "machine_read",
    }  # fmt: skip
    assert all(set(hit) == keys for hit in hits)
    assert [h["kind"] for h in hits][:1] == ["page"] and {"article"} <= {h["kind"] for h in hits}
    assert hits[0]["machine_read"] == {"source": "ocr", "confidence": 87}
