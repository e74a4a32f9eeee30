"""The reader, the search page and the admin work in Chromium under the CSP (issue 10 #9).

Any script, style or image the policy blocks fires a ``securitypolicyviolation``
event; none may fire. The moved pieces still do their job: the remembered text
size is applied (reader/font-step.js), the page zoom works and the chart's bars
keep their heights (a nonced ``<style>`` block).
"""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def site(tmp_path, live_server, django_user_model):
    load_edition(read_bundle(write_bundle(tmp_path, date="2024-03-01")), publish=True)
    load_edition(read_bundle(write_bundle(tmp_path, date="2023-05-02")), publish=True)
    django_user_model.objects.create_superuser("chief", "c@example.com", "Correct-Horse-9")
    return live_server.url


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def visit(tab, url: str) -> None:
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(200)
    assert tab.evaluate("window.__violations") == [], url


def test_reader_pages_break_no_rule(tab, site):
    visit(tab, f"{site}/chenbao/2024-03-01/01/")
    tab.click('[data-zoom="in"]')  # the zoom sets styles through the CSSOM: allowed
    tab.wait_for_timeout(300)
    assert tab.locator(".zoom-level").inner_text() != "100%"
    assert tab.evaluate("window.__violations") == []
    visit(tab, f"{site}/chenbao/2024-03-01/01/1/")
    tab.click('[data-font="up"]')
    tab.reload(wait_until="load")
    root = "getComputedStyle(document.documentElement).getPropertyValue('--font-step')"
    assert tab.evaluate(root).strip() == "1"  # the remembered size, as before the move
    assert tab.evaluate("window.__violations") == []


def test_the_search_chart_breaks_no_rule(tab, site):
    visit(tab, f"{site}/search/?q=春耕")
    heights = tab.eval_on_selector_all(
        ".search-histogram .bar", "bars => bars.map(b => b.getBoundingClientRect().height)"
    )
    assert len(heights) == 2 and max(heights) > 10


def test_the_admin_breaks_no_rule(tab, site):
    visit(tab, f"{site}/admin/login/")
    tab.fill("#id_username", "chief")
    tab.fill("#id_password", "Correct-Horse-9")
    tab.click("input[type=submit]")
    tab.wait_for_url(f"{site}/admin/")
    change = f"/admin/editions/edition/{Edition.objects.order_by('pk').first().pk}/change/"
    for path in ("/admin/", "/admin/editions/edition/", change):
        visit(tab, site + path)
