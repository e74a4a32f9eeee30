"""An edition's IIIF manifest opened in Mirador, the library viewer, in real Chromium.

Mirador is installed from the npm registry at test set-up (tests/iiif/tools.py) and served
from a static server of its own, on another origin than Broadsheet: so the manifest, the
info.json and the tiles also cross origins as they do for a library's viewer (CORS).
Nothing is downloaded while the test runs.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.browser.conftest import screenshot
from tests.builders import store_hidpi, write_bundle
from tests.iiif import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWER = """<!doctype html>
<html><head><meta charset="utf-8"><title>Mirador</title></head>
<body style="margin:0"><div id="viewer" style="position:absolute;inset:0"></div>
<script src="mirador.min.js"></script>
<script>
  window.mirador = Mirador.viewer({
    id: "viewer",
    windows: [{manifestId: MANIFEST, sideBarOpen: true, sideBarPanel: "canvas"}],
  });
</script></body></html>
"""


@pytest.fixture(scope="session")
def mirador_dist() -> Path:
    try:
        return tools.mirador()
    except tools.ToolMissing as exc:
        pytest.fail(str(exc))


@pytest.fixture
def viewer(tmp_path, mirador_dist, live_server):
    """A static server on another port: Mirador's file and a page opening the manifest."""
    edition = load_edition(read_bundle(write_bundle(tmp_path)), publish=True).edition
    store_hidpi(edition.pages.get(label="01"))
    site = tmp_path / "viewer"
    site.mkdir()
    (site / "mirador.min.js").symlink_to(mirador_dist / "mirador.min.js")
    manifest = f"{live_server.url}/iiif/chenbao/2024-03-01/manifest.json"
    html = VIEWER.replace("MANIFEST", json.dumps(manifest))
    (site / "index.html").write_text(html, "utf-8")
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/index.html"
    server.shutdown()
    server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def is_tile(response) -> bool:
    """An image cut by Broadsheet's Image API and answered."""
    return "/iiif/image/" in response.url and response.url.endswith(".jpg") and response.ok


def test_mirador_shows_the_pages_and_loads_their_images(page, viewer):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with page.expect_response(is_tile, timeout=20_000) as tile:
        page.goto(viewer)
    assert tile.value.headers["content-type"] == "image/jpeg"
    # The Index lists the two canvases by their printed labels; the first is shown.
    index = page.get_by_role("menuitem")
    index.first.wait_for()
    assert [label.strip() for label in index.all_inner_texts()] == ["第01版 要闻", "第02版 综合"]
    page.get_by_text("1 of 2").first.wait_for()
    screenshot(page, "mirador")
    # The next page's image is fetched through the Image API too.
    with page.expect_response(lambda r: is_tile(r) and "/02/" in r.url, timeout=20_000):
        index.nth(1).click()
    assert not errors, errors


def test_mirador_lists_the_article_areas_with_their_headlines(page, viewer):
    page.goto(viewer)
    page.get_by_role("menuitem").first.wait_for()
    page.get_by_role("tab", name="Annotations").click()
    page.get_by_text("第01版头条：田间地头忙春耕").first.wait_for()
    link = page.get_by_role("link", name="第01版头条：田间地头忙春耕").first
    assert link.get_attribute("href").endswith("/chenbao/2024-03-01/01/1/")
    page.get_by_text("图片新闻").first.wait_for()
