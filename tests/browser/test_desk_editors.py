"""The desk's two editors as static scripts, driven in Chromium on their own markup.

The markup is the desk's own include (rendered by a bare template engine, no database),
the scripts are the files the desk serves; the tests read the state the editors leave
behind (the polygons they would save, the form fields the article form would post).
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from django.template import Context, Engine
from PIL import Image

from tests.conftest import REPO

pytestmark = pytest.mark.browser

NEWSROOM = REPO / "broadsheet" / "newsroom"
STATIC = NEWSROOM / "static" / "newsroom"
ENGINE = Engine(dirs=[str(NEWSROOM / "templates")], libraries={"i18n": "django.templatetags.i18n"})
ORIGIN = "http://desk.test/"
SQUARE = [[0.1, 0.1], [0.3, 0.1], [0.3, 0.3], [0.1, 0.3]]


def _png(width: int, height: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#eeeae0").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _open(tab, template: str, context: dict, script: str) -> None:
    body = ENGINE.get_template(template).render(Context(context))
    css = (STATIC / "desk.css").read_text()
    html = (
        "<!doctype html><html lang='zh-hans'><head><meta charset='utf-8'><title>desk</title>"
        f"<style>{css}</style>"
        f"</head><body><main>{body}</main></body></html>"
    )
    # A page of its own origin, so the editor's relative save URLs resolve (and can be routed).
    tab.route(
        ORIGIN, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")
    )
    tab.goto(ORIGIN)
    tab.add_script_tag(path=str(STATIC / script))


def _editor_state(tab) -> list[dict]:
    return tab.evaluate(
        "document.querySelector('[data-hotspot-editor]').hotspotEditor.articles"
        ".map(a => ({id: a.id, polygons: a.polygons, dirty: a.dirty}))"
    )


@pytest.fixture
def hotspots(page):
    articles = [
        {
            "id": 7,
            "title": "第一篇",
            "polygons": [SQUARE],
            "save_url": "/save/7",
            "place_url": "/place/7",
        },
        {"id": 8, "title": "第二篇", "polygons": [], "save_url": "/save/8", "place_url": ""},
    ]
    context = {
        "image": {"url": _png(400, 600), "width": 400, "height": 600, "alt": "第01版"},
        "editor_data": {"articles": articles, "place_page_url": "/place-page"},
        "articles": [{"id": 7, "title": "第一篇"}, {"id": 8, "title": "第二篇"}],
    }
    _open(page, "newsroom/includes/hotspot_editor.html", context, "hotspot-editor.js")
    return page


def _point(tab, x: float, y: float) -> tuple[float, float]:
    box = tab.locator("svg.hs-canvas").bounding_box()
    return box["x"] + x * box["width"], box["y"] + y * box["height"]


def test_a_vertex_dragged_with_the_mouse_moves_only_that_corner(hotspots):
    tab = hotspots
    tab.mouse.move(*_point(tab, 0.3, 0.3))
    tab.mouse.down()
    tab.mouse.move(*_point(tab, 0.5, 0.45), steps=5)
    tab.mouse.up()
    moved = _editor_state(tab)[0]
    assert moved["dirty"]
    corner = moved["polygons"][0][2]
    assert corner == pytest.approx([0.5, 0.45], abs=0.01)
    assert moved["polygons"][0][0] == [0.1, 0.1]


def test_the_polygon_body_dragged_moves_every_corner(hotspots):
    tab = hotspots
    tab.mouse.move(*_point(tab, 0.2, 0.2))
    tab.mouse.down()
    tab.mouse.move(*_point(tab, 0.4, 0.3), steps=4)
    tab.mouse.up()
    polygon = _editor_state(tab)[0]["polygons"][0]
    assert polygon[0] == pytest.approx([0.3, 0.2], abs=0.01)
    assert polygon[2] == pytest.approx([0.5, 0.4], abs=0.01)


def test_touch_drags_a_vertex(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    tab = context.new_page()
    try:
        articles = [{"id": 1, "title": "甲", "polygons": [SQUARE], "save_url": "/s"}]
        data = {
            "image": {"url": _png(400, 600), "width": 400, "height": 600, "alt": "版"},
            "editor_data": {"articles": articles},
            "articles": articles,
        }
        _open(tab, "newsroom/includes/hotspot_editor.html", data, "hotspot-editor.js")
        start, end = _point(tab, 0.1, 0.1), _point(tab, 0.05, 0.2)
        cdp = context.new_cdp_session(tab)
        for kind, (x, y) in (("touchStart", start), ("touchMove", end), ("touchEnd", end)):
            points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        corner = _editor_state(tab)[0]["polygons"][0][0]
        assert corner == pytest.approx([0.05, 0.2], abs=0.015)
    finally:
        context.close()


def test_the_keyboard_moves_adds_and_removes(hotspots):
    tab = hotspots
    tab.focus(".hs-surface")
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("Shift+ArrowDown")
    polygon = _editor_state(tab)[0]["polygons"][0]
    assert polygon[0] == pytest.approx([0.105, 0.12])
    tab.keyboard.press("]")  # first vertex
    tab.keyboard.press("v")  # a vertex after it, half way to the next
    assert len(_editor_state(tab)[0]["polygons"][0]) == 5
    tab.keyboard.press("ArrowUp")  # moves only the new vertex
    polygon = _editor_state(tab)[0]["polygons"][0]
    assert polygon[1] == pytest.approx([0.205, 0.115])
    tab.keyboard.press("Delete")  # the vertex
    assert len(_editor_state(tab)[0]["polygons"][0]) == 4
    tab.keyboard.press("Delete")  # no vertex selected: the polygon
    assert _editor_state(tab)[0]["polygons"] == []


def test_buttons_add_a_polygon_to_the_chosen_article(hotspots):
    tab = hotspots
    tab.get_by_role("button", name="第二篇").click()
    assert tab.get_by_role("button", name="第二篇").get_attribute("aria-pressed") == "true"
    tab.get_by_role("button", name="添加区域").click()
    state = _editor_state(tab)
    assert len(state[1]["polygons"]) == 1 and state[1]["dirty"]
    assert not state[0]["dirty"]
    assert tab.locator("polygon.is-selected").count() == 1


def test_save_posts_each_changed_article_and_shows_the_answer(hotspots):
    tab = hotspots
    posted = []

    def answer(route):
        body = json.loads(route.request.post_data)
        posted.append((route.request.url, body))
        route.fulfill(json={"polygons": body["polygons"]})

    tab.route("**/save/*", answer)
    tab.focus(".hs-surface")
    tab.keyboard.press("ArrowLeft")
    tab.get_by_role("button", name="保存热区").click()
    tab.wait_for_function("document.querySelector('.hs-status').textContent === '热区已保存'")
    assert len(posted) == 1 and posted[0][0].endswith("/save/7")
    assert posted[0][1]["polygons"][0][0] == pytest.approx([0.095, 0.1])
    assert not _editor_state(tab)[0]["dirty"]


def test_a_refused_save_says_why(hotspots):
    tab = hotspots
    tab.route("**/save/*", lambda r: r.fulfill(status=400, json={"error": "热区无效"}))
    tab.focus(".hs-surface")
    tab.keyboard.press("ArrowLeft")
    tab.get_by_role("button", name="保存热区").click()
    tab.wait_for_selector(".hs-status.is-error")
    assert tab.locator(".hs-status").inner_text() == "热区无效"
    assert _editor_state(tab)[0]["dirty"]


def _blocks_page(tab, blocks: list[dict]) -> None:
    context = {"blocks": blocks, "block_types": ["paragraph", "subheading", "image"]}
    template = "newsroom/includes/block_editor.html"
    body = ENGINE.get_template(template).render(Context(context))
    css = (STATIC / "desk.css").read_text()
    html = f"<!doctype html><html><head><style>{css}</style></head><body><form>{body}</form>"
    tab.set_content(html)
    tab.add_script_tag(path=str(STATIC / "block-editor.js"))


def _posted(tab) -> list[tuple]:
    return tab.evaluate(
        """() => { const f = new FormData(document.querySelector('form'));
        const t = f.getAll('block_type'), x = f.getAll('block_text'), s = f.getAll('block_src'),
              c = f.getAll('block_caption'), a = f.getAll('block_alt');
        return t.map((type, i) => [type, x[i], s[i], c[i], a[i]]); }"""
    )


def test_blocks_are_added_reordered_and_removed(page):
    tab = page
    _blocks_page(
        tab,
        [
            {"type": "paragraph", "text": "第一段"},
            {"type": "image", "src": "a.png", "caption": "图", "alt": "替代"},
        ],
    )
    tab.get_by_role("button", name="+ 小标题").click()
    assert tab.evaluate("document.activeElement.id") == "block-3-text"
    tab.keyboard.type("新的小标题")
    tab.locator("[data-block]").nth(2).get_by_role("button", name="上移").click()
    tab.locator("[data-block]").nth(1).get_by_role("button", name="上移").click()
    assert _posted(tab) == [
        ["subheading", "新的小标题", "", "", ""],
        ["paragraph", "第一段", "", "", ""],
        ["image", "", "a.png", "图", "替代"],
    ]
    assert tab.locator("[data-block]").first.get_by_role("button", name="上移").is_disabled()
    tab.locator("[data-block]").nth(1).get_by_role("button", name="删除").click()
    assert [b[0] for b in _posted(tab)] == ["subheading", "image"]
    assert tab.locator("label[for='block-2-caption']").count() == 1
    assert tab.locator("[data-blocks-live]").inner_text() == "已删除第2块"


def test_every_field_keeps_its_own_label_after_changes(page):
    tab = page
    _blocks_page(tab, [])
    assert tab.locator("[data-blocks-empty]").is_visible()
    for name in ("+ 段落", "+ 图片", "+ 段落"):
        tab.get_by_role("button", name=name).click()
    assert not tab.locator("[data-blocks-empty]").is_visible()
    ids = tab.evaluate("[...document.querySelectorAll('[data-block] [id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))
    assert tab.get_by_label("图片说明").count() == 1
    assert tab.get_by_label("段落文字").count() == 2


def test_editor_scripts_are_plain_files():
    """The CSP allows only the site's own script files: nothing inline in the desk's markup."""
    for template in Path(NEWSROOM / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and " style=" not in text and "onclick" not in text, template
