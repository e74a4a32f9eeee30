"""/api/v1/docs in Chromium under the site's CSP: nothing blocked, its stylesheet applied,
and the link to the document leads to the OpenAPI 3.1 JSON."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_the_docs_page_breaks_no_rule(browser, live_server):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/api/v1/docs", wait_until="load")
    tab.wait_for_timeout(200)
    assert tab.evaluate("window.__violations") == []
    method = tab.locator(".method").first
    assert method.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    assert tab.locator("#schemas .schema").count() > 10
    tab.click("text=openapi.json")
    document = json.loads(tab.locator("body").inner_text())
    assert document["openapi"].startswith("3.1")
    context.close()
