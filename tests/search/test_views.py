"""The search page, ``/api/v1/search`` and the CLI: one service behind three doors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from .contract import HOSTILE, HOSTILE_CASES
from .records import load

pytestmark = pytest.mark.django_db
D = dt.date(1998, 1, 5)


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        items = [("01", "香港<b>回归</b>", ["香港各界庆祝。"]), ("02", "经济", ["ＩＭＦ报告"])]
        load("rmrb", D, items, name="人民日报")
        for day in range(1, 25):
            load("rmrb", dt.date(1999, 2, day), [("01", f"第{day}条", ["香港消息"])])
        load("draft", D, [("01", "香港草稿", ["未发表的香港"])], publish=False)
    return D


def page(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_page_lists_marked_and_escaped_hits(client, site):
    body = page(client, q="回归")
    assert "共找到 1 条结果" in body
    assert "香港&lt;b&gt;<mark>回归</mark>&lt;/b&gt;" in body
    assert 'href="/rmrb/1998-01-05/01/1/"' in body


def test_the_query_stays_in_the_url_and_the_form(client, site):
    body = page(client, q="香港", paper="rmrb", sort="newest")
    assert 'value="香港"' in body
    assert "page=2" in body and "q=%E9%A6%99%E6%B8%AF" in body and "paper=rmrb" in body


def test_unpublished_editions_are_never_counted_or_shown(client, site):
    body = page(client, q="香港")
    assert "共找到 25 条结果" in body and "草稿" not in body
    assert page(client, q="未发表").count("<mark>") == 0


def test_facets_and_bars_link_to_filters(client, site):
    body = page(client, q="香港")
    assert "按报刊" in body and "人民日报" in body
    assert "from=1999-01-01&amp;to=1999-12-31" in body
    one_year = page(client, q="香港", **{"from": "1999-01-01", "to": "1999-12-31"})
    assert "2月" in one_year and "共找到 24 条结果" in one_year


def test_bad_dates_give_a_message(client, site):
    assert "不是有效日期" in page(client, q="香港", **{"from": "1999-13-01"})


@pytest.fixture
def small_site(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", D, [("01", "中国", ["中国，人民。“经济”\\ (a) <b> …………"])])


@pytest.mark.parametrize("text", HOSTILE, ids=[ascii(t)[:24] for t in HOSTILE])
def test_hostile_queries_get_results_or_a_message(client, small_site, text):
    body = page(client, q=text)
    kind, *expected = HOSTILE_CASES[text]
    if kind == "error":
        assert 'class="search-error"' in body and expected[0] in body
    else:
        assert "共找到" in body and 'class="search-error"' not in body


def search_form(body: str) -> str:
    start = body.index('<form class="search-form"')
    return body[start : body.index("</form>", start)]


def test_the_form_keeps_every_filter_when_resubmitted(client, site):
    params = {"paper": "rmrb", "page_label": "01", "range": "year", "sort": "date", "per_page": "5"}
    form = search_form(page(client, q="香港", **params))
    assert '<option value="rmrb" selected>' in form
    assert '<input type="text" name="page_label" value="01"' in form
    assert '<option value="year" selected>今年</option>' in form
    assert '<option value="30d">最近30天</option>' in form
    assert '<option value="">不限</option>' in form
    # a range stays a range: the date fields stay empty rather than pinning this year's dates
    assert 'name="from" value=""' in form and 'name="to" value=""' in form
    assert 'name="sort" value="newest"' in form and 'name="per_page" value="5"' in form


def test_the_form_keeps_dates_other_ranges_and_filters_of_a_refused_query(client, site):
    dated = search_form(page(client, q="香港", range="year", **{"from": "1999-02-01"}))
    assert 'name="from" value="1999-02-01"' in dated and 'name="to" value=""' in dated
    assert '<option value="" selected>不限</option>' in dated  # the dates win over the range
    week = search_form(page(client, q="香港", range="7d"))
    assert '<option value="7d" selected>最近7天</option>' in week
    refused = page(client, q="香港", page_label="02", range="30d", **{"to": "1999-13-01"})
    assert "不是有效日期" in refused
    assert 'name="page_label" value="02"' in search_form(refused)
    assert 'name="to" value="1999-13-01"' in search_form(refused)


def test_the_header_search_box_does_not_promise_every_paper(client, site):
    body = client.get("/rmrb/1998-01-05/01/").content.decode()
    assert 'placeholder="搜索往期内容"' in body and "全部往期" not in body
    assert 'name="paper" value="rmrb" checked' in body  # the current paper is the default scope


@pytest.fixture
def controls(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        items = [("01", "joined", ["hongkong"]), ("02", "spaced", ["hong kong"])]
        load("rmrb", D, [*items, ("03", "del", ["hong\x7fkong"])])


def test_a_control_character_separates_words_on_the_page_and_in_the_api(client, controls):
    body = page(client, q="hong\x01kong")
    assert "共找到 2 条结果" in body and 'value="hong kong"' in body and "\x01" not in body
    data = client.get("/api/v1/search", {"q": "hong\x01kong"}).json()["data"]
    assert data["total"] == 2 and {h["headline"] for h in data["hits"]} == {"spaced", "del"}
    assert client.get("/api/v1/search", {"q": "hongkong"}).json()["data"]["total"] == 1


def test_upper_case_and_is_not_a_word_on_the_page_and_in_the_api(client, site):
    assert "共找到 1 条结果" in page(client, q="香港 AND 回归")
    assert client.get("/api/v1/search", {"q": "香港 AND 回归"}).json()["data"]["total"] == 1


def test_api_success_envelope(client, site):
    data = client.get("/api/v1/search", {"q": "IMF"}).json()
    assert data["ok"] is True and data["data"]["total"] == 1
    hit = data["data"]["hits"][0]
    assert set(hit) >= {"newspaper", "date", "page", "headline", "url", "snippet"}
    assert hit["snippet"].startswith("<mark>ＩＭＦ</mark>")


def test_api_error_envelope(client, site):
    response = client.get("/api/v1/search", {"q": "  "})
    assert response.status_code == 400
    error = response.json()
    assert error["ok"] is False and set(error["error"]) == {"code", "message"}
    assert error["error"]["code"] == "bad_query"


def test_cli_json_matches_the_api(client, site, capsys):
    call_command("search", "香港", "--newspaper", "rmrb", "--from", "1999-01-01", "--json")
    printed = json.loads(capsys.readouterr().out)
    api = client.get("/api/v1/search", {"q": "香港", "paper": "rmrb", "from": "1999-01-01"})
    assert printed == {"total": 24, "hits": api.json()["data"]["hits"]}


def test_cli_check_and_reindex(site, capsys):
    call_command("search", "--check")
    assert "in step" in capsys.readouterr().out
    from broadsheet.editions.models import Article

    Article.objects.filter(headline="经济").delete()  # behind the outbox's back
    with pytest.raises(CommandError, match="differs"):
        call_command("search", "--check")
    call_command("reindex")
    call_command("search", "--check")


def test_cli_bad_query_is_a_command_error(site):
    with pytest.raises(CommandError, match="请输入"):
        call_command("search", "OR")


@pytest.mark.parametrize(
    ("range_", "utc", "total"),
    [
        ("30d", dt.datetime(1999, 3, 2, 4), 24),  # noon 2 March in Shanghai: from 1 February
        ("30d", dt.datetime(1999, 3, 3, 4), 23),  # from 2 February
        ("year", dt.datetime(1999, 12, 31, 15, 30), 24),  # 23:30 on New Year's Eve
        ("year", dt.datetime(1999, 12, 31, 16, 30), 0),  # 00:30 on 1 January 2000
    ],
)
def test_relative_ranges_on_the_page_at_a_fixed_now(client, site, monkeypatch, range_, utc, total):
    monkeypatch.setattr("django.utils.timezone.now", lambda: utc.replace(tzinfo=dt.UTC))
    assert f"共找到 {total} 条结果" in page(client, q="香港", range=range_)


def test_each_hit_links_its_page_with_the_query_to_box_there(client, site):
    body = page(client, q="香港")
    assert 'href="/rmrb/1998-01-05/01/?hl=%E9%A6%99%E6%B8%AF"' in body
    assert "在版面上查看" in body
