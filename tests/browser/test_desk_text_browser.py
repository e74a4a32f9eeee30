"""The desk's text corrector in Chromium: the line being edited is outlined on the page image
where the machine read it, a correction is saved, the reader shows it marked; axe-core finds
nothing serious and the CSP is never broken."""

from __future__ import annotations

import pytest

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
from broadsheet.pages.models import PageCorrection
from tests.scans import LINES, machine_read

from . import test_desk_browser as desk_tests
from .test_desk_browser import DATE, assert_clean, login

desk, tab = desk_tests.desk, desk_tests.tab  # the desk tests' fixtures: an editor, a clean tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def outlined(tab) -> list[str]:
    return tab.evaluate(
        "() => [...document.querySelectorAll('rect.tc-box.is-current')]"
        ".map(r => r.getAttribute('data-line'))"
    )


def test_the_line_being_edited_is_outlined_and_the_correction_is_saved(tab, desk):
    page = Edition.objects.get(date=DATE).pages.get(label="02")
    page.articles.all().delete()  # a page read by machine, as a library's scan: no articles
    machine_read(page)
    login(tab, desk)
    tab.goto(f"{desk}/desk/chenbao/{DATE}/page/02/")
    tab.get_by_role("link", name="校对本版文字").click()
    tab.wait_for_url("**/text/")  # loaded: the corrector's deferred script has run
    assert outlined(tab) == []
    tab.get_by_label("第2行").focus()
    assert outlined(tab) == ["2"]
    svg = tab.locator("svg.tc-boxes").bounding_box()
    box = tab.locator("rect.tc-box.is-current").bounding_box()
    assert box["y"] > svg["y"] and box["y"] + box["height"] < svg["y"] + svg["height"]
    tab.get_by_label("第3行").fill("图书馆延长开放时间至晚九点")
    assert outlined(tab) == ["3"]
    assert_clean(tab)
    tab.get_by_role("button", name="保存校对").click()
    tab.wait_for_selector("text=本版文字校对已保存")
    assert PageCorrection.objects.get(page=page).corrected_lines == [2]
    assert_clean(tab)
    publishing.publish(page.edition)
    tab.goto(f"{desk}/chenbao/{DATE}/02/")
    assert "已人工校对" in tab.locator(".machine-text").inner_text()
    assert LINES[0] in tab.locator(".machine-lines").inner_text()
