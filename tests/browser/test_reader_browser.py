"""A reader's journeys in real headless Chromium, at a phone and a desktop width."""

from __future__ import annotations

import re

import pytest

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.browser.conftest import screenshot
from tests.builders import write_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(tmp_path, live_server):
    for kw in [
        {"date": "2024-03-01"},
        {"date": "2024-03-02", "issue_number": 101},
        {"slug": "wanbao", "name": "晚报", "date": "2024-02-20"},
    ]:
        load_edition(read_bundle(write_bundle(tmp_path, **kw)), publish=True)
    return live_server.url


def body_font_px(tab) -> float:
    size = tab.eval_on_selector(".article-body p", "el => getComputedStyle(el).fontSize")
    return float(size.removesuffix("px"))


def test_click_a_hotspot_opens_its_article(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/01/")
    screenshot(page, "page-view")
    area = page.locator('svg.hotspots a[data-article="1"]')
    area.hover()
    assert "is-active" in page.locator('li[data-article="1"]').get_attribute("class")
    area.click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/01/1/$"))
    assert page.locator("h1").inner_text() == "第01版头条：田间地头忙春耕"


def test_title_navigation_and_hover_sync(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/02/")
    item = page.locator('li[data-article="2"] a')
    item.hover()
    polygon_link = page.locator('svg.hotspots a[data-article="2"]')
    assert "is-active" in (polygon_link.get_attribute("class") or "")
    item.click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/02/2/$"))
    assert "市图书馆本周末延长开放时间" in page.locator(".article-body").inner_text()
    screenshot(page, "untitled-item")


def test_switch_newspaper(page, site):
    page.goto(f"{site}/")
    page.select_option("#paper-select", "wanbao")
    page.wait_for_url(re.compile(r"/wanbao/$"))
    assert "晚报" in page.title()
    assert page.locator(".edition-date").inner_text().startswith("2024年2月20日")


def test_pick_a_date_in_the_calendar(page, site):
    page.goto(f"{site}/")
    assert page.locator(".calendar a.selected").inner_text() == "2"
    page.locator(".calendar a.has-edition", has_text=re.compile(r"^1$")).click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/$"))
    assert "第100期" in page.content()
    page.get_by_label("上个月").click()
    page.wait_for_url(re.compile(r"/chenbao/archive/2024-02/$"))
    assert page.locator(".calendar-month").inner_text() == "2024年2月"
    screenshot(page, "calendar-month")


def test_font_size_controls_persist_across_articles(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/01/1/")
    default = body_font_px(page)
    page.get_by_role("button", name="放大").first.click()
    page.get_by_role("button", name="放大").first.click()
    bigger = body_font_px(page)
    assert bigger > default
    page.locator('a[rel="next"]').click()
    page.wait_for_url(re.compile(r"/01/2/$"))
    assert body_font_px(page) == bigger
    # keyboard: focus 缩小 and press Enter, then Space on 默认
    page.get_by_role("button", name="缩小").first.focus()
    page.keyboard.press("Enter")
    assert default < body_font_px(page) < bigger
    screenshot(page, "article-bigger-text")
    page.get_by_role("button", name="默认").first.focus()
    page.keyboard.press("Space")
    assert body_font_px(page) == default
    page.reload()
    assert body_font_px(page) == default


def test_missing_page_is_a_framed_404(page, site):
    response = page.goto(f"{site}/chenbao/2024-03-01/99/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.locator("#search-q").is_visible()


def test_arrow_keys_turn_pages(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/01/")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/02/$"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/01/$"))
    # typing in the search box does not turn the page
    page.locator("#search-q").fill("春耕")
    page.locator("#search-q").press("ArrowRight")
    assert page.url.endswith("/chenbao/2024-03-01/01/")
