"""The page image in real Chromium: zoom and pan keep every area on its article, the 2x
image, the article's place on its page(s), and nothing wider than a 390 px phone."""

from __future__ import annotations

import re

import pytest

from broadsheet.editions.models import Page
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.browser.conftest import screenshot
from tests.builders import add_jump, read_manifest, store_hidpi, write_bundle, write_manifest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREA = {"1": (0.05, 0.2, 0.95, 0.5), "2": (0.05, 0.55, 0.45, 0.9), "3": (0.5, 0.55, 0.95, 0.9)}
PAGE = "/chenbao/2024-03-01/01/"


@pytest.fixture
def site(tmp_path, live_server):
    edition = load_edition(read_bundle(write_bundle(tmp_path)), publish=True).edition
    store_hidpi(edition.pages.get(label="01"))
    add_jump(edition)
    return live_server.url


def box(locator) -> dict:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
    )


def assert_on_its_area(tab, order: str = "1") -> None:
    """The area's polygon covers the same share of the image as in the data, as drawn now."""
    image = box(tab.locator(".page-figure img"))
    polygon = box(tab.locator(f'svg.hotspots a[data-article="{order}"] polygon'))
    x0, y0, x1, y1 = AREA[order]
    width, height = image["right"] - image["left"], image["bottom"] - image["top"]
    expected = {
        "left": image["left"] + x0 * width,
        "top": image["top"] + y0 * height,
        "right": image["left"] + x1 * width,
        "bottom": image["top"] + y1 * height,
    }
    for side, value in expected.items():
        assert abs(polygon[side] - value) <= 1.5, (side, polygon, expected)


def scale(tab) -> float:
    """How much bigger the image is drawn than its frame."""
    image, frame = box(tab.locator(".page-figure img")), box(tab.locator(".page-figure"))
    return (image["right"] - image["left"]) / (frame["right"] - frame["left"])


def test_zoom_buttons_and_keys_keep_the_areas_on_their_articles(page, site):
    page.goto(site + PAGE)
    assert_on_its_area(page)
    frame = box(page.locator(".page-figure"))
    zoom_in = page.get_by_role("button", name="放大")
    zoom_in.click()
    zoom_in.click()
    assert scale(page) == pytest.approx(2.25, abs=0.01)
    assert page.locator(".zoom-level").inner_text() == "225%"
    assert box(page.locator(".page-figure")) == frame  # the frame stays; the image grows inside
    for order in AREA:
        assert_on_its_area(page, order)
    screenshot(page, "page-zoomed")
    page.get_by_role("button", name="缩小").click()
    assert scale(page) == pytest.approx(1.5, abs=0.01)
    assert_on_its_area(page, "3")
    page.get_by_role("button", name="复位").click()
    assert scale(page) == pytest.approx(1)
    # the keyboard, on the focused image: + zooms, the arrows pan, 0 resets
    page.locator(".page-figure").focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    before = box(page.locator(".page-figure img"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    after = box(page.locator(".page-figure img"))
    assert after["left"] < before["left"] and after["top"] < before["top"]
    assert page.url == site + PAGE  # zoomed, the arrows pan and never turn the page
    assert_on_its_area(page, "2")
    page.keyboard.press("-")
    assert scale(page) == pytest.approx(1.5, abs=0.01)
    page.keyboard.press("0")
    assert scale(page) == pytest.approx(1)
    page.keyboard.press("ArrowRight")  # not zoomed: the arrow turns the page again
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/02/$"))


def test_wheel_and_drag(page, site):
    page.goto(site + PAGE)
    figure = page.locator(".page-figure")
    figure.scroll_into_view_if_needed()
    frame = box(figure)
    centre_x, centre_y = (frame["left"] + frame["right"]) / 2, (frame["top"] + frame["bottom"]) / 2
    page.mouse.move(centre_x, centre_y)
    page.mouse.wheel(0, -200)  # not focused, not zoomed, no Ctrl: the page scrolls, no zoom
    page.wait_for_timeout(200)
    assert scale(page) == pytest.approx(1)
    frame = box(figure)
    centre_x, centre_y = (frame["left"] + frame["right"]) / 2, (frame["top"] + frame["bottom"]) / 2
    page.mouse.move(centre_x, centre_y)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    page.wait_for_function("document.querySelector('.page-figure').classList.contains('is-zoomed')")
    assert scale(page) > 1.2
    assert_on_its_area(page, "2")
    # a drag pans, and a drag that ends on an area does not open its article
    before = box(page.locator(".page-figure img"))
    page.mouse.move(centre_x, centre_y)
    page.mouse.down()
    page.mouse.move(centre_x - 60, centre_y - 40, steps=5)
    page.mouse.up()
    after = box(page.locator(".page-figure img"))
    assert after["left"] == pytest.approx(before["left"] - 60, abs=2)
    assert after["top"] == pytest.approx(before["top"] - 40, abs=2)
    page.wait_for_timeout(300)
    assert page.url == site + PAGE
    assert_on_its_area(page, "1")


def test_the_2x_image_in_srcset_and_when_zoomed(page, site):
    page.goto(site + PAGE)
    hidpi = Page.objects.get(label="01").image_hidpi.name
    image = page.locator(".page-figure img")
    assert image.get_attribute("srcset").endswith(f"/media/{hidpi} 2x")
    page.get_by_role("button", name="放大").click()
    page.wait_for_function(
        "name => document.querySelector('.page-figure img').currentSrc.endsWith(name)", arg=hidpi
    )
    page.wait_for_function("document.querySelector('.page-figure img').complete")
    assert_on_its_area(page)


def test_hidpi_screen_loads_the_2x_image(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        tab = context.new_page()
        tab.goto(site + PAGE)
        hidpi = Page.objects.get(label="01").image_hidpi.name
        assert tab.evaluate("document.querySelector('.page-figure img').currentSrc").endswith(hidpi)
    finally:
        context.close()


def test_the_article_shows_its_place_on_its_page(page, site):
    page.goto(site + "/chenbao/2024-03-01/01/2/")
    mini = page.locator("a.mini-page")
    assert mini.count() == 1 and mini.get_attribute("href") == PAGE
    image, polygon = box(mini.locator("img")), box(mini.locator("polygon"))
    x0, y0, x1, y1 = AREA["2"]
    width, height = image["right"] - image["left"], image["bottom"] - image["top"]
    assert polygon["left"] == pytest.approx(image["left"] + x0 * width, abs=1.5)
    assert polygon["bottom"] == pytest.approx(image["top"] + y1 * height, abs=1.5)
    assert polygon["right"] == pytest.approx(image["left"] + x1 * width, abs=1.5)
    assert page.locator(".page-nav").is_visible()
    screenshot(page, "article-place")
    mini.click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/01/$"))


def test_a_jumped_article_on_both_pages(page, site):
    page.goto(site + "/chenbao/2024-03-01/02/")
    item = page.locator('.title-list li[data-article="01-1"]')
    assert "上接第01版" in item.inner_text()
    area = page.locator('svg.hotspots a[data-article="01-1"]')
    area.hover()
    assert "is-active" in (item.get_attribute("class") or "")
    own = page.locator('.title-list li[data-article="1"]')  # page 02's own article 1
    assert "is-active" not in (own.get_attribute("class") or "")
    screenshot(page, "jump-into-page")
    area.click()
    page.wait_for_url(re.compile(r"/chenbao/2024-03-01/01/1/$"))
    minis = page.locator("a.mini-page")
    assert [minis.nth(i).get_attribute("href") for i in range(2)] == [
        PAGE,
        "/chenbao/2024-03-01/02/",
    ]
    assert "第02版" in minis.nth(1).inner_text()
    assert "下转第02版" in page.locator('.title-list li[data-article="1"]').inner_text()


LONG = "A1" * 75 + "https://example.com/" + "9" * 130  # 300 characters, no break opportunity


@pytest.fixture
def long_site(tmp_path, live_server):
    folder = write_bundle(tmp_path)
    manifest = read_manifest(folder)
    first = manifest["articles"][0]
    first["headline"] = LONG
    first["kicker"] = first["subheadline"] = first["byline"] = LONG
    first["body"][0]["text"] = LONG
    first["body"][1]["text"] = LONG
    manifest["pages"][0]["name"] = "AP" + "W" * 60
    del manifest["pages"][1]["image"]  # a page read as a list of its articles
    for article in manifest["articles"][3:]:
        article["headline"] = LONG
    write_manifest(folder, manifest)
    load_edition(read_bundle(folder), publish=True)
    return live_server.url


@pytest.mark.parametrize(
    "path",
    ["/chenbao/2024-03-01/01/", "/chenbao/2024-03-01/01/1/", "/chenbao/2024-03-01/02/"],
)
def test_long_unbroken_strings_stay_inside_a_390px_phone(browser, long_site, path):
    assert len(LONG) == 300
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        tab = context.new_page()
        tab.goto(long_site + path)
        assert LONG in tab.content()
        width = tab.evaluate("document.documentElement.scrollWidth")
        tab.viewport_name = "phone"
        screenshot(tab, "long-string" + path.replace("/", "-").rstrip("-"))
        assert width <= 390, f"{path} is {width}px wide"
    finally:
        context.close()


def touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    touch_points = [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touch_points})


def test_pinch_zooms_the_page_on_a_touch_screen(browser, site):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="zh-CN"
    )
    try:
        tab = context.new_page()
        tab.goto(site + PAGE)
        figure = tab.locator(".page-figure")
        figure.scroll_into_view_if_needed()
        frame = box(figure)
        x, y = (frame["left"] + frame["right"]) / 2, (frame["top"] + frame["bottom"]) / 2
        cdp = context.new_cdp_session(tab)
        touch(cdp, "touchStart", [(x - 30, y), (x + 30, y)])
        for step in range(1, 11):
            touch(cdp, "touchMove", [(x - 30 - 6 * step, y), (x + 30 + 6 * step, y)])
        touch(cdp, "touchEnd", [])
        assert scale(tab) == pytest.approx(3, rel=0.1)  # fingers 60 px apart, then 180
        assert tab.evaluate("visualViewport.scale") == pytest.approx(1)  # not the browser's zoom
        for order in AREA:
            assert_on_its_area(tab, order)
        # one finger pans the zoomed page
        before = box(tab.locator(".page-figure img"))
        touch(cdp, "touchStart", [(x, y)])
        for step in range(1, 6):
            touch(cdp, "touchMove", [(x - 10 * step, y)])
        touch(cdp, "touchEnd", [])
        assert box(tab.locator(".page-figure img"))["left"] < before["left"] - 30
        assert tab.url == site + PAGE
    finally:
        context.close()
