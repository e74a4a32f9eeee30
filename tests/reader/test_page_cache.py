"""The page cache (reader.pagecache): public pages kept whole, and never one state too long.

Every public door is first visited while its edition is public, so its page is in the
cache; then the edition is hidden in each way an editor can hide it, and no door may
show it. A correction, a new edition and a scheduled time passing show at once. Pages
carry no cookie and no ``Vary: Cookie``, and a conditional request is answered 304.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from broadsheet.editions import generation, publishing
from broadsheet.editions.models import Article, Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.reader.pagecache import HEADER
from tests.builders import write_bundle
from tests.reader.test_doors import DOORS, editions, shows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ARTICLE = "/chenbao/2024-03-01/01/1/"
HEADLINE = "第01版头条：田间地头忙春耕"


def load(tmp_path, date: str = "2024-03-01", publish: bool = True) -> Edition:
    folder = write_bundle(tmp_path / date, date=date)
    return load_edition(read_bundle(folder), publish=publish).edition


def get(client, url: str, **headers):
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode(errors="replace")


def test_a_page_is_rendered_once_then_answered_from_the_cache(client, tmp_path):
    load(tmp_path)
    first, body = get(client, ARTICLE)
    second, again = get(client, ARTICLE)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert again == body and HEADLINE in body
    assert second["Content-Type"] == first["Content-Type"]


def test_public_pages_set_no_cookie_and_do_not_vary_on_it(client, tmp_path):
    load(tmp_path)
    for url in (ARTICLE, "/", "/chenbao/", "/chenbao/2024-03-01/01.json", "/search/?q=春耕"):
        for _ in range(2):  # rendered, then from the cache
            response, _body = get(client, url)
            assert response.status_code == 200, url
            assert not response.cookies, (url, response.cookies)
            assert "cookie" not in response.get("Vary", "").lower(), url


def test_public_pages_can_be_kept_and_revalidated(client, tmp_path):
    load(tmp_path)
    response, _body = get(client, ARTICLE)
    control = response["Cache-Control"]
    assert "public" in control and f"max-age={settings.PAGE_MAX_AGE}" in control
    assert f"stale-while-revalidate={settings.PAGE_STALE}" in control
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    since = client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304


def test_a_correction_shows_at_once_and_changes_the_validators(client, tmp_path):
    load(tmp_path)
    before, body = get(client, ARTICLE)
    get(client, "/chenbao/2024-03-01/01/")  # the page's 标题导航 too
    article = Article.objects.get(page__label="01", order=1)
    article.headline = "更正：田间地头忙春耕"
    article.save()
    after, body = get(client, ARTICLE)
    assert after[HEADER] == "miss" and "更正：田间地头忙春耕" in body and HEADLINE not in body
    assert "更正：田间地头忙春耕" in get(client, "/chenbao/2024-03-01/01/")[1]
    stale = client.get(ARTICLE, HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 200  # the old validator no longer matches


def test_a_hotspot_change_shows_at_once(client, tmp_path):
    load(tmp_path)
    get(client, "/chenbao/2024-03-01/01/")
    article = Article.objects.get(page__label="01", order=1)
    article.hotspot = [[[0.11, 0.22], [0.33, 0.22], [0.33, 0.44], [0.11, 0.44]]]
    article.save()
    assert "0.11000,0.22000" in get(client, "/chenbao/2024-03-01/01/")[1]


def test_a_new_edition_changes_the_calendar_and_the_edition_pager(client, tmp_path):
    load(tmp_path)
    _r, body = get(client, "/chenbao/2024-03-01/01/")
    assert "/chenbao/2024-03-02/" not in body
    load(tmp_path, "2024-03-02")
    _r, body = get(client, "/chenbao/2024-03-01/01/")
    assert body.count('href="/chenbao/2024-03-02/"') >= 2  # the calendar's day and 下一期


def test_a_withdrawal_takes_every_cached_page_of_the_edition_off(client, tmp_path):
    load(tmp_path, "2024-02-28")
    edition = load(tmp_path)
    urls = [ARTICLE, "/chenbao/2024-03-01/", "/chenbao/2024-03-01/01.json", "/", "/chenbao/"]
    for url in urls:
        assert get(client, url)[0].status_code == 200
    publishing.withdraw(edition)
    for url in urls[:3]:
        assert client.get(url).status_code == 404, url
    for url in urls[3:]:
        response, body = get(client, url)
        assert "/chenbao/2024-03-01/" not in body and "/chenbao/2024-02-28/" in body, url


def test_a_scheduled_edition_appears_when_its_time_passes_without_any_write(client, tmp_path):
    load(tmp_path, "2024-02-28")
    edition = load(tmp_path, publish=False)
    publishing.schedule(edition, timezone.now() + dt.timedelta(seconds=1.5))
    for url in ("/", "/chenbao/", "/chenbao/2024-02-28/"):
        response, body = get(client, url)
        assert 'href="/chenbao/2024-03-01/' not in body, url
    front, _body = get(client, "/chenbao/")
    age = int(re.search(r"max-age=(\d+)", front["Cache-Control"]).group(1))
    assert age <= 2  # no cache may keep the front page past the publish time
    assert client.get(ARTICLE).status_code == 404
    token = generation.current().token
    time.sleep(1.6)
    assert generation.current().token == token  # nothing was written
    response, body = get(client, "/chenbao/")
    assert response[HEADER] == "miss" and 'href="/chenbao/2024-03-01/' in body
    assert get(client, ARTICLE)[0].status_code == 200


@pytest.mark.parametrize("hide", ["withdraw", "unpublish", "schedule"])
def test_no_cached_door_shows_an_edition_once_hidden(client, request, tmp_path, hide):
    published = request.getfixturevalue("editions")["published"]  # tests/reader/test_doors.py
    folder = write_bundle(tmp_path / "other", date="2024-03-20")  # keeps the listings up
    Image.new("RGB", (120, 80), "purple").save(folder / "images" / "photo.png")
    load_edition(read_bundle(folder), publish=True)
    # Every door now cached; the API's newspaper answers name only a paper's first and
    # newest editions, and the newest is now the other one.
    missed = [door.name for door in DOORS if not shows(client, door, published)]
    assert missed == ["API newspapers", "API newspaper"], missed
    if hide == "schedule":
        publishing.schedule(published, timezone.now() + dt.timedelta(days=1))
    else:
        getattr(publishing, hide)(published)
    for door in DOORS:
        assert not shows(client, door, published), f"{door.name} still shows it ({hide})"


def test_a_logged_in_request_is_never_answered_from_or_stored_in_the_cache(client, tmp_path):
    load(tmp_path)
    client.cookies[settings.SESSION_COOKIE_NAME] = "staff-session"
    staff, body = get(client, ARTICLE)
    assert staff[HEADER] == "bypass" and HEADLINE in body
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    del client.cookies[settings.SESSION_COOKIE_NAME]
    assert get(client, ARTICLE)[0][HEADER] == "miss"  # the staff request stored nothing
    assert get(client, ARTICLE)[0][HEADER] == "hit"
    client.cookies[settings.SESSION_COOKIE_NAME] = "staff-session"
    assert get(client, ARTICLE)[0][HEADER] == "bypass"  # and is never answered from it


def test_a_chosen_language_is_cached_apart_and_kept_from_shared_caches(client, tmp_path):
    load(tmp_path)
    assert "标题导航" in get(client, ARTICLE)[1]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, body = get(client, ARTICLE)
    assert "Headlines" in body and "标题导航" not in body
    assert "private" in english["Cache-Control"] and "public" not in english["Cache-Control"]
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "标题导航" in get(client, ARTICLE)[1]


def test_a_cached_search_page_gets_a_fresh_csp_nonce(
    client, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load(tmp_path)
    nonces = []
    for expected in ("miss", "hit"):
        response, body = get(client, "/search/?q=春耕")
        assert response[HEADER] == expected
        nonce = re.search(r'<style nonce="([^"]+)"', body).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_no_door_sets_a_cookie_or_varies_on_one(client, request):
    published = request.getfixturevalue("editions")["published"]  # tests/reader/test_doors.py
    for door in DOORS:
        response, _body = get(client, door.url(published))
        assert response.status_code == (302 if door.redirects else 200), door.name
        assert not response.cookies, (door.name, response.cookies)
        assert "cookie" not in response.get("Vary", "").lower(), door.name
