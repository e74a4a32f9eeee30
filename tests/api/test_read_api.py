"""The read API (/api/v1/): the same documents as the reader's .json twins, pages of
editions with links, nothing hidden, ETag / Last-Modified with 304, CORS for GET."""

from __future__ import annotations

import pytest

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition

from .conftest import HIDDEN, hidden_links

pytestmark = pytest.mark.django_db

V1 = "/api/v1/newspapers"
TWINS = [
    (f"{V1}/chenbao/editions/2024-03-01", "/chenbao/2024-03-01.json"),
    (f"{V1}/chenbao/editions/2024-03-01/pages/02", "/chenbao/2024-03-01/02.json"),
    (f"{V1}/chenbao/editions/2024-03-01/pages/01/articles/1", "/chenbao/2024-03-01/01/1.json"),
    (f"{V1}/chenbao/calendar/2024/3", "/chenbao/archive/2024-03.json"),
]


def data(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content)
    body = response.json()
    assert set(body) == {"ok", "data"} and body["ok"] is True
    return body["data"]


@pytest.mark.parametrize(("api", "twin"), TWINS)
def test_the_api_answers_the_same_document_as_the_json_twin(client, archive, api, twin):
    assert data(client, api) == data(client, twin)


def test_the_edition_twin_lists_its_pages_and_neighbours(client, archive):
    edition = data(client, "/chenbao/2024-03-01.json")
    assert [p["label"] for p in edition["pages"]] == ["01", "02"]
    assert edition["edition"]["url"] == "/chenbao/2024-03-01/"
    assert edition["prev_edition"]["date"] == "2024-02-10"
    assert edition["next_edition"] is None  # the hidden editions after it are no 下一期
    assert edition["edition_pdf"] == "/chenbao/2024-03-01/edition.pdf"


def test_the_month_twin_lists_only_public_editions(client, archive):
    month = data(client, "/chenbao/archive/2024-03.json")
    assert [e["date"] for e in month["editions"]] == ["2024-03-01"]
    assert month["prev_month"] == "/chenbao/archive/2024-02/" and month["next_month"] is None


def test_a_page_carries_articles_hotspots_and_files(client, archive):
    page = data(client, f"{V1}/chenbao/editions/2024-03-01/pages/02")
    assert page["page"]["image"].startswith("/media/") and page["page"]["pdf"]
    assert page["page"]["thumbnail"]
    jumped = page["articles"][-1]
    assert jumped["continued_from"] == {"label": "01", "url": "/chenbao/2024-03-01/01/"}
    assert all(a["hotspot"] for a in page["articles"])


def test_an_article_has_every_field_and_block(client, archive):
    article = data(client, f"{V1}/chenbao/editions/2024-03-01/pages/01/articles/1")
    assert article["kicker"] == "引题：春耕时节" and article["byline"] == "记者 李明"
    assert [b["type"] for b in article["body"]] == ["paragraph", "subheading", "paragraph"]
    assert [p["page"]["label"] for p in article["places"]] == ["01", "02"]


def test_newspapers_are_those_with_a_public_edition(client, archive):
    papers = data(client, V1)["newspapers"]
    assert [p["slug"] for p in papers] == ["chenbao"]
    assert papers[0]["first_edition"] == "2024-02-10"
    assert papers[0]["latest_edition"]["date"] == "2024-03-01"
    assert papers[0]["years"] == [2024]
    assert data(client, f"{V1}/chenbao") == papers[0]


def test_the_calendar_year_lists_months_with_editions(client, archive):
    year = data(client, f"{V1}/chenbao/calendar/2024")
    assert [(m["month"], [e["date"] for e in m["editions"]]) for m in year["months"]] == [
        (2, ["2024-02-10"]),
        (3, ["2024-03-01"]),
    ]


def test_editions_come_a_page_at_a_time_with_links(client, archive):
    first = data(client, f"{V1}/chenbao/editions", per_page=1)
    assert (first["total"], first["pages"]) == (2, 2)
    assert [e["date"] for e in first["editions"]] == ["2024-03-01"]
    assert first["links"]["prev"] is None
    second = data(client, first["links"]["next"])
    assert [e["date"] for e in second["editions"]] == ["2024-02-10"]
    assert second["links"]["next"] is None and second["links"]["prev"] == first["links"]["self"]
    assert client.get(f"{V1}/chenbao/editions", {"page": 3, "per_page": 1}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        *[f"{V1}/chenbao/editions/{date}" for date in HIDDEN],
        *[f"{V1}/chenbao/editions/{date}/pages/01" for date in HIDDEN],
        *[f"{V1}/chenbao/editions/{date}/pages/01/articles/1" for date in HIDDEN],
        *[f"/chenbao/{date}.json" for date in HIDDEN],
        f"{V1}/yebao",
        f"{V1}/yebao/editions",
        f"{V1}/yebao/calendar/2024",
        f"{V1}/yebao/calendar/2024/3",
        "/yebao/archive/2024-03.json",
        "/yebao/2024-03-05.json",
        f"{V1}/chenbao/calendar/2023",
        f"{V1}/chenbao/calendar/2024/4",
    ],
)
def test_hidden_editions_are_never_served(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error": {"code": "not_found", "message": "页面不存在"}}


@pytest.mark.parametrize(
    "url", [V1, f"{V1}/chenbao", f"{V1}/chenbao/editions", f"{V1}/chenbao/calendar/2024"]
)
def test_lists_never_name_a_hidden_edition(client, archive, url):
    body = client.get(url).content
    assert not [link for link in hidden_links() if link in body]


def test_a_value_the_document_forbids_is_a_bad_request_in_the_envelope(client, archive):
    response = client.get(f"{V1}/chenbao/calendar/2024/13")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"]["code"] == "bad_request"
    assert "month" in body["error"]["message"]


def test_unchanged_answers_are_304(client, archive):
    url = f"{V1}/chenbao/editions/2024-03-01/pages/01"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_newly_public_edition_changes_the_etag(client, archive):
    """The page lists 下一期; publishing the draft after it must not leave caches stale."""
    url = f"{V1}/chenbao/editions/2024-03-01"
    etag = client.get(url)["ETag"]
    publishing.publish(Edition.objects.get(date="2024-03-02"))
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert response.json()["data"]["next_edition"]["date"] == "2024-03-02"


def test_a_withdrawn_edition_changes_the_etag_of_the_list(client, archive):
    url = f"{V1}/chenbao/editions"
    etag = client.get(url)["ETag"]
    publishing.withdraw(Edition.objects.get(date="2024-02-10"))
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert [e["date"] for e in response.json()["data"]["editions"]] == ["2024-03-01"]


def test_no_validators_for_what_is_not_there(client, archive):
    response = client.get(f"{V1}/yebao")
    assert response.status_code == 404 and not response.has_header("ETag")


@pytest.mark.parametrize(
    "url", [V1, "/api/v1/search?q=春耕", "/chenbao/2024-03-01/01.json", "/chenbao/2024-03-01.json"]
)
def test_cors_lets_any_site_read_with_get(client, archive, url):
    response = client.get(url, headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.get("Access-Control-Expose-Headers", "ETag")


def test_cors_preflight_allows_get_only(client, archive):
    response = client.options(
        V1,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("url", ["/chenbao/2024-03-01/01/", "/search/?q=春耕", "/admin/login/"])
def test_cors_stays_off_the_site(client, archive, url):
    response = client.get(url, headers={"Origin": "https://example.org"})
    assert not response.has_header("Access-Control-Allow-Origin")


def test_an_article_changed_in_the_admin_changes_the_etag(client, archive, rf, admin_user):
    """The validators follow the edition's ``updated_at``: an admin edit must touch it."""
    from django.contrib import admin

    from broadsheet.editions.admin import ArticleAdmin
    from broadsheet.editions.models import Article

    url = f"{V1}/chenbao/editions/2024-03-01/pages/01/articles/1"
    etag = client.get(url)["ETag"]
    article = Article.objects.get(page__edition=archive["2024-03-01"], page__label="01", order=1)
    article.headline = "改过的标题"
    request = rf.post("/admin/")
    request.user = admin_user
    ArticleAdmin(Article, admin.site).save_model(request, article, form=None, change=True)
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.json()["data"]["headline"] == "改过的标题"


def test_head_is_answered_like_get_without_a_body(client, archive):
    url = f"{V1}/chenbao/editions/2024-03-01"
    got, head = client.get(url), client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"] and head["Content-Type"] == "application/json"
    assert client.head(url, headers={"If-None-Match": got["ETag"]}).status_code == 304


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused_in_the_envelope(client, archive, method):
    response = getattr(client, method)(V1)
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json() == {
        "ok": False,
        "error": {"code": "method_not_allowed", "message": "不支持该请求方法"},
    }


def test_search_results_link_their_pages(client, archive):
    first = data(client, "/api/v1/search", q="春耕", per_page=2)
    assert first["total"] == 4 and first["pages"] == 2  # two pages of two public editions
    assert first["links"]["prev"] is None
    assert first["links"]["last"] == "/api/v1/search?q=%E6%98%A5%E8%80%95&per_page=2&page=2"
    second = data(client, first["links"]["next"])
    assert second["page"] == 2 and second["links"]["prev"] == first["links"]["self"]
    assert second["links"]["next"] is None
    assert not {h["url"] for h in first["hits"]} & {h["url"] for h in second["hits"]}


def test_a_query_parameter_the_operation_does_not_take_is_refused_by_name(client):
    """``per_pag`` would otherwise be ignored without a word, and the caller get page 1 of 20."""
    response = client.get("/api/v1/search", {"q": "香港", "per_pag": "3"})
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": {"code": "bad_request", "message": "未知的查询参数：'per_pag'"},
    }
    assert client.get("/api/v1/newspapers", {"callback": "x"}).status_code == 400
    assert client.get("/api/v1/newspapers").status_code == 200
