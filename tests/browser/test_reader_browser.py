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


def settled_style(locator, *props: str) -> dict[str, str]:
    """Computed style of ``props`` once any CSS transition on the element has finished."""
    return locator.evaluate(
        """async (el, props) => {
            await Promise.all(el.getAnimations().map(a => a.finished.catch(() => null)));
            const style = getComputedStyle(el);
            return Object.fromEntries(props.map(p => [p, style.getPropertyValue(p)]));
        }""",
        list(props),
    )


def paints(colour: str) -> bool:
    """Whether a computed colour (fill, stroke, background) paints anything at all."""
    colour = colour.strip()
    if colour in ("", "none", "transparent"):
        return False
    match = re.fullmatch(r"rgba\((?:[^,]+,){3}\s*([\d.]+)\)", colour)
    return not match or float(match.group(1)) > 0


def navigations(tab) -> list[str]:
    """URLs of navigation requests the tab makes from now on."""
    seen: list[str] = []
    tab.on("request", lambda r: seen.append(r.url) if r.is_navigation_request() else None)
    return seen


def press_and_stay(tab, key: str, seen: list[str]) -> None:
    """Press ``key`` and check that it does not leave the page."""
    url = tab.url
    tab.keyboard.press(key)
    tab.wait_for_timeout(400)
    assert not seen, f"{key} navigated to {seen}"
    assert tab.url == url


def test_click_a_hotspot_opens_its_article(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/01/")
    screenshot(page, "page-view")
    area = page.locator('svg.hotspots a[data-article="1"]')
    polygon = area.locator("polygon")
    title = page.locator('li[data-article="1"] a')
    area_before = settled_style(polygon, "fill", "stroke")
    title_before = settled_style(title, "background-color")
    assert not paints(area_before["fill"]) and not paints(area_before["stroke"])
    area.hover()
    assert "is-active" in page.locator('li[data-article="1"]').get_attribute("class")
    # the highlight must show: the area and its title item are painted differently
    area_after = settled_style(polygon, "fill", "stroke")
    title_after = settled_style(title, "background-color")
    assert paints(area_after["fill"]) and paints(area_after["stroke"]), area_after
    assert title_after != title_before and paints(title_after["background-color"]), title_after
    area.click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/01/1/$"))
    assert page.locator("h1").inner_text() == "第01版头条：田间地头忙春耕"


def test_title_navigation_and_hover_sync(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/02/")
    item = page.locator('li[data-article="2"] a')
    polygon_link = page.locator('svg.hotspots a[data-article="2"]')
    polygon = polygon_link.locator("polygon")
    item_before = settled_style(item, "background-color")
    area_before = settled_style(polygon, "fill", "stroke")
    item.hover()
    assert "is-active" in (polygon_link.get_attribute("class") or "")
    # the highlight must show: the area on the page image is filled and outlined
    area_after = settled_style(polygon, "fill", "stroke")
    assert area_after["fill"] != area_before["fill"] and paints(area_after["fill"]), area_after
    assert area_after["stroke"] != area_before["stroke"] and paints(area_after["stroke"])
    item_after = settled_style(item, "background-color")
    assert item_after != item_before and paints(item_after["background-color"])
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


def test_tab_reaches_a_hotspot_with_a_visible_focus_indicator(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/01/")
    area = page.locator('svg.hotspots a[data-article="1"]')
    polygon = area.locator("polygon")
    props = ("fill", "stroke", "stroke-width", "outline-style", "outline-color")
    unfocused = settled_style(polygon, *props)
    area.scroll_into_view_if_needed()
    unfocused_pixels = area.screenshot(animations="disabled")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg.hotspots a')"):
            break
    else:
        pytest.fail("Tab never reached a hotspot on the page image")
    assert page.evaluate("document.activeElement.getAttribute('data-article')") == "1"
    focused = settled_style(polygon, *props)
    assert focused != unfocused
    assert paints(focused["stroke"]) or focused["outline-style"] != "none", focused
    assert area.screenshot(animations="disabled") != unfocused_pixels  # it shows on screen
    # the focused area's title is highlighted too
    assert "is-active" in page.locator('li[data-article="1"]').get_attribute("class")


def test_paper_selector_waits_for_the_keyboard(page, site, tmp_path):
    third = write_bundle(tmp_path, slug="zhoubao", name="周报", date="2024-02-25")
    load_edition(read_bundle(third), publish=True)
    page.goto(f"{site}/chenbao/2024-03-01/01/")
    select = page.locator("#paper-select")
    names = [o.strip() for o in select.locator("option").all_inner_texts()]
    assert names == ["晨报", "晚报", "周报"]
    button = page.get_by_role("button", name="切换")
    assert button.is_visible()
    seen = navigations(page)
    select.focus()
    press_and_stay(page, "ArrowDown", seen)
    assert select.input_value() == "wanbao"
    press_and_stay(page, "ArrowDown", seen)  # the third paper can be reached
    assert select.input_value() == "zhoubao"
    button.click()
    page.wait_for_url(re.compile(r"/zhoubao/$"))
    assert "周报" in page.title()
    # Enter on the select confirms a keyboard choice too
    page.locator("#paper-select").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/wanbao/$"))
    # a pointer choice still goes at once, even after keys were pressed on the select
    select = page.locator("#paper-select")
    select.focus()
    page.keyboard.press("ArrowUp")
    select.click()
    select.select_option("zhoubao")
    page.wait_for_url(re.compile(r"/zhoubao/$"))


def test_paper_selector_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.goto(f"{site}/chenbao/2024-03-01/01/")
        tab.select_option("#paper-select", "wanbao")
        tab.get_by_role("button", name="切换").click()
        tab.wait_for_url(re.compile(r"/wanbao/$"))
        assert "晚报" in tab.title()
    finally:
        context.close()


def test_pick_a_date_in_the_calendar(page, site, tmp_path):
    # The calendar leads only to months of the archive: give 晨报 one in February.
    load_edition(read_bundle(write_bundle(tmp_path, date="2024-02-10")), publish=True)
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


def test_arrow_keys_leave_links_controls_modifiers_and_zoom_alone(page, site):
    page.goto(f"{site}/chenbao/2024-03-01/01/")
    hint = page.locator(".key-hint")
    assert hint.is_visible() and "←" in hint.inner_text()
    assert page.locator('main a[rel="next"]').get_attribute("aria-keyshortcuts") == "ArrowRight"
    seen = navigations(page)
    for focusable in [
        'main a[rel="next"]',
        'svg.hotspots a[data-article="1"]',
        ".paper-switch button",
        ".search-scope input",
    ]:
        page.locator(focusable).focus()
        press_and_stay(page, "ArrowRight", seen)
    page.evaluate("document.activeElement.blur()")
    press_and_stay(page, "Shift+ArrowRight", seen)
    press_and_stay(page, "Control+ArrowRight", seen)
    # zoomed in so far that the page scrolls sideways: the arrows pan, they do not turn
    # (through the CSSOM: the Content-Security-Policy refuses an injected <style> tag)
    page.evaluate("document.body.style.minWidth = '4000px'")
    press_and_stay(page, "ArrowRight", seen)
    page.evaluate("document.body.style.minWidth = ''")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/02/$"))
