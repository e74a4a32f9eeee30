"""A search hit boxed on an OCR'd page in real Chromium: a publisher's bundle whose page is a
scan (an image, no PDF text), read by ``broadsheet ocr`` for real; the query is found in the
article by search, its 在版面上查看 link opens the page with ``?hl=``, and the box is drawn
over the line where the scan prints it."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.core.management import call_command

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
from broadsheet.pages import ocr
from broadsheet.pages.models import PageText
from tests.builders import ingest_json, write_manifest
from tests.scans import LINES, scan

from .test_hits_browser import inside, rects

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not ocr.available(), reason="OCR engine not installed"),
    pytest.mark.django_db(transaction=True),
]
QUERY = "智能农机"  # printed on the scan's second line


def _bundle(root):
    """A one-page edition: the page a scan (no PDF), one article that says what it prints."""
    folder = root / "chenbao-2024-03-05"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "01.png").write_bytes(scan().png)
    article = {
        "page": "01",
        "headline": LINES[0],
        "body": [{"type": "paragraph", "text": f"{LINES[1]}。{LINES[2]}。"}],
    }
    write_manifest(
        folder,
        {
            "format": "broadsheet-edition/1",
            "newspaper": {"slug": "chenbao", "name": "晨报", "publisher": {"name": "测试报业集团"}},
            "date": "2024-03-05",
            "pages": [{"label": "01", "name": "要闻", "image": "pages/01.png"}],
            "articles": [article],
        },
    )
    return folder


@pytest.fixture
def site(tmp_path, live_server):
    summary = ingest_json(_bundle(tmp_path))
    assert summary["errors"] == [], summary
    call_command("ocr", json=True, stdout=io.StringIO())
    assert PageText.objects.get().source == "ocr"
    publishing.publish(Edition.objects.get())
    return live_server.url


def test_a_hit_on_an_ocr_page_is_boxed_where_the_scan_prints_it(page, site):
    page.goto(f"{site}/search/?q={QUERY}")
    page.click("text=在版面上查看")
    page.wait_for_selector("svg.hotspots rect.hit", state="attached")
    assert f"hl={QUERY}" in unquote(page.url)
    image, hits = rects(page)
    assert len(hits) == 1 and inside(hits[0], image)
    x0, y0, x1, y1 = scan().boxes[1]  # the second line, 智能农机 its last four characters
    width, height = image["right"] - image["left"], image["bottom"] - image["top"]
    hit = hits[0]
    top, bottom = (hit["top"] - image["top"]) / height, (hit["bottom"] - image["top"]) / height
    left, right = (hit["left"] - image["left"]) / width, (hit["right"] - image["left"]) / width
    assert abs(top - y0) < 0.03 and abs(bottom - y1) < 0.03
    assert x0 < left < x1 and abs(right - x1) < 0.03  # the line's second half, to its end
    assert 0.4 < (right - left) / (x1 - x0) < 0.6
    assert "本版找到 1 处" in page.locator(".find-count").inner_text()
