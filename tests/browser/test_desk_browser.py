"""The desk in Chromium against a live server: log in, move a hotspot, edit an article,
preview; hostile text stays text; axe-core finds nothing serious; the CSP is never broken.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from broadsheet.editions.models import Article, Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import roles
from broadsheet.newsroom.models import Role
from tests.browser.conftest import screenshot
from tests.builders import write_bundle
from tests.pdfs import text_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-9"
DATE = "2024-03-02"
SERIOUS = ("serious", "critical")
RECORD = """
window.__violations = []; window.__dialogs = 0;
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def desk(tmp_path, live_server, django_user_model):
    """A draft edition of 晨报 and its editor; the live server's URL."""
    edition = load_edition(read_bundle(write_bundle(tmp_path, date=DATE))).edition
    user = django_user_model.objects.create_user("editor", password=PASSWORD)
    roles.grant(user, Role.EDITOR, edition.newspaper)
    return live_server.url


@pytest.fixture
def tab(page):
    page.context.add_init_script(RECORD)
    page.on("dialog", lambda dialog: (page.evaluate("window.__dialogs++"), dialog.dismiss()))
    return page


def login(tab, site: str) -> None:
    tab.goto(f"{site}/desk/")
    tab.get_by_label("用户名").fill("editor")
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_url(f"{site}/desk/chenbao/")


def first_article() -> Article:
    edition = Edition.objects.get(date=DATE)
    return Article.objects.filter(page__edition=edition, page__label="01").order_by("order")[0]


def assert_clean(tab) -> None:
    assert tab.evaluate("window.__violations") == [], tab.url
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in Axe().run(tab).response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert serious == [], (tab.url, serious)


def test_a_dragged_vertex_is_saved_and_the_reader_draws_it(tab, desk):
    login(tab, desk)
    tab.goto(f"{desk}/desk/chenbao/{DATE}/page/01/")
    canvas = tab.locator("svg.hs-canvas").bounding_box()
    before = first_article().hotspot[0]
    x, y = before[2]  # the first article's lower right corner
    start = (canvas["x"] + x * canvas["width"], canvas["y"] + y * canvas["height"])
    end = (canvas["x"] + 0.8 * canvas["width"], canvas["y"] + 0.7 * canvas["height"])
    tab.mouse.move(*start)
    tab.mouse.down()
    tab.mouse.move(*end, steps=6)
    tab.mouse.up()
    tab.get_by_role("button", name="保存热区").click()
    expect(tab.locator(".hs-status")).to_have_text("热区已保存")
    saved = first_article().hotspot[0]
    assert saved[2] == pytest.approx([0.8, 0.7], abs=0.01)
    assert saved[0] == before[0]
    screenshot(tab, "desk-hotspot-editor")
    tab.goto(f"{desk}/desk/chenbao/{DATE}/preview/?page=01")
    assert tab.locator(".preview-banner").is_visible()
    points = tab.locator(".hotspots polygon").first.get_attribute("points")
    corner = [float(v) for v in points.split()[2].split(",")]
    assert corner == pytest.approx(saved[2], abs=1e-4)


def test_the_keyboard_alone_moves_a_polygon(tab, desk):
    login(tab, desk)
    tab.goto(f"{desk}/desk/chenbao/{DATE}/page/01/")
    before = first_article().hotspot[0]
    tab.locator(".hs-surface").focus()
    for _ in range(4):
        tab.keyboard.press("Shift+ArrowRight")
    tab.get_by_role("button", name="保存热区").click()
    expect(tab.locator(".hs-status")).to_have_text("热区已保存")
    after = first_article().hotspot[0]
    assert after[0][0] == pytest.approx(min(1, before[0][0] + 0.08), abs=1e-3)


HOSTILE = {
    "引题": "<script>alert(1)</script>",
    "主标题": '<img src=x onerror="alert(2)">标题',
    "副标题": "<svg onload=alert(3)><circle r=9></circle></svg>",
    "作者": '<a href="javascript:alert(4)">记者</a>',
}


def test_hostile_text_typed_in_the_desk_stays_text(tab, desk):
    login(tab, desk)
    article = first_article()
    tab.goto(f"{desk}/desk/article/{article.pk}/")
    for label, text in HOSTILE.items():
        tab.get_by_label(label, exact=True).fill(text)
    tab.locator("[data-block] textarea").first.fill("<iframe src=javascript:alert(5)></iframe>正文")
    tab.get_by_role("button", name="+ 图片").click()
    tab.get_by_label("图片文件名").last.fill("images/photo.png")
    tab.get_by_label("图片说明").last.fill("<b onmouseover=alert(6)>说明</b>")
    tab.get_by_label("替代文字（供读屏软件）").last.fill('"><script>alert(7)</script>')
    tab.get_by_label("更正说明（可选，公开显示在文章下方）").fill("<script>alert(8)</script>")
    tab.get_by_role("button", name="保存稿件").click()
    tab.wait_for_selector(".messages")
    assert tab.get_by_label("主标题", exact=True).input_value() == HOSTILE["主标题"]
    assert HOSTILE["主标题"] in tab.locator("h1").inner_text()
    tab.goto(f"{desk}/desk/chenbao/{DATE}/preview/")
    tab.goto(f"{desk}/chenbao/{DATE}/01/{article.order}/")
    text = tab.locator("main").inner_text()
    for value in (
        HOSTILE["引题"],
        HOSTILE["主标题"],
        "<iframe src=javascript:alert(5)></iframe>正文",
    ):
        assert value in text
    tab.mouse.move(10, 10)
    for url in (
        f"/desk/article/{article.pk}/",
        f"/desk/article/{article.pk}/history/",
        f"/desk/chenbao/{DATE}/page/01/",  # the title in the hotspot editor's list and data
    ):
        tab.goto(desk + url)
        assert HOSTILE["主标题"] in tab.locator("main").inner_text(), url
    injected = (
        'document.querySelectorAll(\'main script:not([type="application/json"]),'
        " main iframe, main svg circle, img[src=x]').length"
    )
    assert tab.evaluate(injected) == 0
    assert tab.evaluate("window.__dialogs") == 0


def test_the_desk_passes_axe_and_keeps_the_csp(tab, desk):
    tab.goto(f"{desk}/desk/login/")
    assert_clean(tab)
    login(tab, desk)
    article = first_article()
    for name, path in (
        ("calendar", "/desk/chenbao/"),
        ("edition", f"/desk/chenbao/{DATE}/"),
        ("page", f"/desk/chenbao/{DATE}/page/01/"),
        ("article", f"/desk/article/{article.pk}/"),
        ("history", f"/desk/article/{article.pk}/history/"),
        ("upload", "/desk/chenbao/upload/"),
        ("preview", f"/desk/chenbao/{DATE}/preview/"),
        ("preview-article", f"/chenbao/{DATE}/01/1/"),  # the reader's article page, previewed
    ):
        tab.goto(desk + path)
        assert_clean(tab)
        screenshot(tab, f"desk-{name}")


def page_pdfs_zip(folder: Path, date: str) -> Path:
    """Two page PDFs with real text (written here), zipped as a print system sends them."""
    path = folder / f"chenbao-{date}.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("01-要闻.pdf", text_page("春耕时节田间忙"))
        bundle.writestr("02-综合.pdf", text_page("城市书房夜间开放"))
    return path


def shanghai(when: dt.datetime) -> str:
    return when.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.timeout(300)
def test_an_editor_takes_page_pdfs_to_a_scheduled_edition(tab, desk, tmp_path, browser):
    """The issue's whole road: upload, progress, headline and hotspot fixed, preview,
    schedule, and the edition appears to readers by itself at its time."""
    login(tab, desk)
    tab.goto(f"{desk}/desk/chenbao/upload/")
    tab.get_by_label("文件").set_input_files(str(page_pdfs_zip(tmp_path, "2024-03-05")))
    tab.get_by_label("格式").select_option("pdf-pages")
    tab.get_by_role("button", name="上传并导入").click()
    tab.wait_for_url("**/desk/runs/*/")
    assert tab.locator("progress").get_attribute("value") == "0"
    call_command("worker", batch=True)  # the worker `broadsheet serve` starts beside it
    expect(tab.locator("[data-run-state]")).to_have_text("导入完成")
    assert tab.locator("progress").get_attribute("value") == "100"
    tab.get_by_role("link", name="打开这一期").click()
    expect(tab.locator("h1 .status")).to_have_text("草稿")
    assert tab.locator(".page-grid img").count() == 2

    tab.locator(".page-grid a").first.click()
    tab.locator("#articles-title + ol a").first.click()
    tab.get_by_label("主标题", exact=True).fill("春耕时节田间忙碌")
    tab.get_by_role("button", name="保存稿件").click()
    expect(tab.locator(".messages")).to_contain_text("稿件已保存")

    tab.goto(f"{desk}/desk/chenbao/2024-03-05/page/01/")
    tab.get_by_role("button", name="整版重新自动定位").click()
    expect(tab.locator(".hs-status")).to_have_text("已重新自动定位")
    assert tab.locator("polygon.hs-polygon").count() >= 1
    tab.locator(".hs-surface").focus()
    tab.keyboard.press("n")  # a new area for the selected article, then moved by keys
    tab.keyboard.press("Shift+ArrowLeft")
    tab.get_by_role("button", name="保存热区").click()
    expect(tab.locator(".hs-status")).to_have_text("热区已保存")

    tab.get_by_role("link", name="预览本版").click()
    expect(tab.locator(".preview-banner")).to_be_visible()
    expect(tab.locator(".hotspots a").first).to_have_attribute("aria-label", "春耕时节田间忙碌")

    tab.goto(f"{desk}/desk/chenbao/2024-03-05/")
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=8)
    tab.get_by_label("新状态").select_option("scheduled")
    tab.get_by_label("发布时间").fill(shanghai(at))
    tab.get_by_role("button", name="更新状态").click()
    expect(tab.locator("h1 .status")).to_have_text("定时发布")

    reader = browser.new_context(locale="zh-CN")
    try:
        public = reader.new_page()
        url = f"{desk}/chenbao/2024-03-05/01/"
        assert public.goto(url).status == 404
        public.wait_for_timeout(max(0, (at - dt.datetime.now(dt.UTC)).total_seconds() + 1) * 1000)
        assert public.goto(url).status == 200
        assert public.locator(".preview-banner").count() == 0
        first_area = public.locator(".hotspots a").first
        expect(first_area).to_have_attribute("aria-label", "春耕时节田间忙碌")
    finally:
        reader.close()


def test_saving_an_untouched_article_changes_nothing(tab, desk):
    """The browser posts a textarea's line breaks as CRLF and a paragraph may start with
    the 　　 indent: the body that comes back is the body that went out."""
    article = first_article()
    assert "\n" in article.body[0]["text"] and article.body[0]["text"].startswith("　　")
    login(tab, desk)
    tab.goto(f"{desk}/desk/article/{article.pk}/")
    tab.get_by_role("button", name="保存稿件").click()
    expect(tab.locator(".messages")).to_contain_text("稿件已保存")
    saved = Article.objects.get(pk=article.pk)
    assert saved.body == article.body
