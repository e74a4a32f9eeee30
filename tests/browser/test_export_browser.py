"""The exported static site, opened from disk (file://) in real headless Chromium: front
page → an edition from the 往期 calendar → a page from 版面导航 → a hotspot → the article."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot
from tests.exports.helpers import public_editions

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def exported(tmp_path):
    public_editions(tmp_path / "in")
    out = tmp_path / "site"
    call_command("export", "site", str(out))
    return out


def test_a_reader_walks_the_copy_from_disk(page, exported):
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((exported / "index.html").as_uri())
    assert page.locator("#page-title").inner_text() == "第01版：要闻"
    assert "2024年3月2日" in page.locator(".edition-date").inner_text()  # the newest edition
    page.locator('.calendar-grid a[aria-label="2024年3月1日"]').click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/index\.html$"))
    page.locator(".page-list a", has_text="第02版").click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/02/index\.html$"))
    image = page.locator(".page-figure img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # from media/
    page.locator('svg.hotspots a[data-article="1"]').click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/02/1/index\.html$"))
    assert page.locator("h1").first.inner_text() == "第02版头条：田间地头忙春耕"
    # reader.css and reader.js came from static/: the skip link is moved off screen, and the
    # script marked the page as scripted.
    assert page.locator(".skip-link").evaluate("a => getComputedStyle(a).position") == "absolute"
    assert page.evaluate("document.documentElement.classList.contains('js')")
    screenshot(page, "export-article")
    # The 报刊 selector goes to the other paper's copy by its script (no /switch/ on disk).
    page.locator("#paper-select").select_option("wanbao")
    page.wait_for_url(re.compile(r"/wanbao/index\.html$"))
    assert failed == []
