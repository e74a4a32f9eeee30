"""No stored file runs script when opened from the site, in real Chromium (issue 10, finding 1).

Each hostile file carries ``<script>`` that sets ``window.__pwned`` and the
title; opened at its ``/media/`` URL (as a reader following a link, or an
editor from the admin would), the script must not run. The page PDF must still
open in Chromium's PDF viewer despite the ``sandbox`` policy on media answers.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.deploy.test_nginx import app_environment, free_port, serve_process
from tests.postgres.servers import run_cli
from tests.reader.test_media_types import (
    gif_with_script,
    hostile_bundle,
    pdf_with_script,
    png_with_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

# Adds a row stored before detection (a legacy ``.html`` name), prints every media name.
SHELL = """
import json, pathlib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from broadsheet.editions import media
from broadsheet.editions.models import Article, Page
page = Page.objects.get()
data = ContentFile(pathlib.Path(LEGACY).read_bytes())
legacy = default_storage.save("pages/aa/legacy.html", data)
Page.objects.filter(pk=page.pk).update(thumbnail=legacy)
media.refresh([page.edition_id])
pictures = [b["src"] for a in Article.objects.all() for b in a.body if b.get("type") == "image"]
print("NAMES " + json.dumps([page.image.name, legacy, page.pdf.name, *pictures]))
"""


@pytest.fixture
def hostile_site(tmp_path):
    """``broadsheet serve`` (gunicorn, the real media door) over an ingested hostile bundle.

    Not Django's live server: it answers ``/media/`` from the folder itself, without the view.
    """
    files = {"image": gif_with_script(), "pdf": pdf_with_script(tmp_path)}
    folder = hostile_bundle(tmp_path, picture=png_with_script(), **files)
    env = app_environment(tmp_path / "data", "", None)
    run_cli(env, "migrate", "-v", "0")
    run_cli(env, "ingest", "--publish", str(folder))
    (tmp_path / "legacy").write_bytes(gif_with_script())
    out = run_cli(env, "shell", "-c", f"LEGACY = {str(tmp_path / 'legacy')!r}\n{SHELL}")
    names = json.loads(out.split("NAMES ", 1)[1])
    port = free_port()
    app = serve_process(env, port, tmp_path / "gunicorn.log", workers=3)
    app.start()
    try:
        yield f"http://127.0.0.1:{port}", names
    finally:
        app.stop()


def open_url(tab, url: str) -> None:
    try:
        tab.goto(url, wait_until="domcontentloaded")
    except PlaywrightError as exc:  # an attachment downloads instead of opening
        if "Download is starting" not in str(exc):
            raise
    tab.wait_for_timeout(300)


def test_no_stored_file_runs_script(browser, hostile_site):
    base, names = hostile_site
    assert any(n.endswith(".html") for n in names)  # the legacy row is among them
    context = browser.new_context(accept_downloads=True)
    try:
        for name in names:
            tab = context.new_page()
            open_url(tab, f"{base}/media/{name}")
            for frame in tab.frames:
                assert frame.evaluate("window.__pwned") is None, (name, frame.url)
            assert tab.title() != "pwned", name
            tab.close()
    finally:
        context.close()


def test_the_page_pdf_still_opens_in_the_pdf_viewer(browser, hostile_site):
    base, names = hostile_site
    pdf = next(n for n in names if n.endswith(".pdf"))
    tab = browser.new_page()
    try:
        headers = tab.request.get(f"{base}/media/{pdf}").headers
        assert headers["content-security-policy"] == "default-src 'none'; sandbox"
        tab.goto(f"{base}/media/{pdf}")
        tab.wait_for_timeout(1500)  # the viewer is an extension frame inside the tab
        viewers = [f for f in tab.frames if f.url.startswith("chrome-extension://")]
        assert viewers, [f.url for f in tab.frames]
        assert viewers[0].evaluate("!!document.querySelector('pdf-viewer')")
    finally:
        tab.close()
