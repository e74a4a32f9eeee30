"""Every page carries a Content-Security-Policy, and the templates need no exception to it.

Issue 10, finding 9. The policy allows the site's own scripts only and styles
from the site or a ``<style>`` block with this request's nonce; so no page may
hold an inline script, an event handler attribute or a ``style`` attribute.
``tests/browser/test_csp_browser.py`` checks the same in Chromium.
"""

from __future__ import annotations

import re

import pytest

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/chenbao/2024-03-01/01/",
    "/chenbao/2024-03-01/01/1/",
    "/chenbao/2024-03/",
    "/search/?q=春耕",
    "/search/",
    "/no-such-page/",
    "/admin/login/",
]


@pytest.fixture
def site(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_edition(read_bundle(write_bundle(tmp_path, date="2024-03-01")), publish=True)
        load_edition(read_bundle(write_bundle(tmp_path, date="2023-05-02")), publish=True)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_policy_without_inline_script(client, site, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    rules = policy(response)
    assert rules["default-src"] == ["'self'"] and rules["script-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert_obeys(response.content.decode(), rules)


def test_the_admin_works_under_the_policy(admin_client, site):
    change = f"/admin/editions/edition/{Edition.objects.order_by('pk').first().pk}/change/"
    for url in ("/admin/", "/admin/editions/edition/", change):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_obeys(response.content.decode(), policy(response))


def test_the_chart_takes_its_bar_heights_from_a_nonced_style(client, site):
    search = client.get("/search/?q=春耕")
    nonce = policy(search)["style-src"][1].removeprefix("'nonce-").removesuffix("'")
    body = search.content.decode()
    assert f'<style nonce="{nonce}">' in body
    assert re.search(r"li:nth-child\(2\) \.bar \{ height: 100%; \}", body)


def assert_obeys(html: str, rules: dict[str, list[str]]) -> None:
    data_blocks = ('type="application/json"', 'type="application/ld+json"')  # never run
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or any(kind in script for kind in data_blocks), script
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "an event handler attribute"
    assert not re.search(r"<[^>]+\sstyle\s*=", html), "a style attribute"
    nonces = [s.removeprefix("'nonce-").removesuffix("'") for s in rules.get("style-src", [])]
    for tag in re.findall(r"<style\b[^>]*>", html):
        found = re.search(r'nonce="([^"]+)"', tag)
        assert found and found.group(1) in nonces, tag
