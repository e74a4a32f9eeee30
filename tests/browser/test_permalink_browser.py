"""永久链接 on the article page in real headless Chromium: shown, copied, and it leads back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from broadsheet.editions.models import Article
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(tmp_path, live_server):
    load_edition(read_bundle(write_bundle(tmp_path, labels=("01",))), publish=True)
    return live_server.url


def test_the_permanent_link_is_copied_and_leads_to_the_article(browser, site):
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(f"{site}/chenbao/2024-03-01/01/1/")
        token = Article.objects.get(page__label="01", order=1).permalink
        link = tab.locator(".permalink-url")
        assert link.inner_text() == f"{site}/a/{token}"
        button = tab.locator(".permalink-copy")
        button.click()
        expect(button).to_have_text("已复制")  # the clipboard took it
        assert tab.evaluate("navigator.clipboard.readText()") == f"{site}/a/{token}"
        link.click()
        tab.wait_for_url(f"{site}/chenbao/2024-03-01/01/1/")
        assert tab.locator("h1#article-title").inner_text() == "第01版头条：田间地头忙春耕"
    finally:
        context.close()
