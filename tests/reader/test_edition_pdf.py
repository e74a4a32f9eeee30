"""全版PDF: the whole edition in one PDF, built from the page PDFs on first request, cached,
and behind the visibility rule like every other door."""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition, Page
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.pages import edition_pdf
from broadsheet.pages.pdftext import PDFIUM_LOCK
from tests.builders import read_manifest, write_bundle, write_manifest

pytestmark = pytest.mark.django_db

URL = "/chenbao/2024-03-01/edition.pdf"


def load(tmp_path, publish=True, replace=False, **kw) -> Edition:
    folder = write_bundle(tmp_path, **kw)
    return load_edition(read_bundle(folder), publish=publish, replace=replace).edition


def fetch(client, url: str = URL, status: int = 200) -> bytes:
    response = client.get(url)
    assert response.status_code == status, url
    # The test client has closed it (a streaming one once read out); a second close would end
    # PostgreSQL's connection mid-test (request_finished).
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data


def page_texts(data: bytes) -> list[str]:
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            return [page.get_textpage().get_text_bounded().strip() for page in pdf]
        finally:
            pdf.close()


def cached() -> list[str]:
    """The whole-edition PDFs (and any temporary file) in media storage."""
    out = []
    if not default_storage.exists(edition_pdf.FOLDER):
        return out
    for sub in default_storage.listdir(edition_pdf.FOLDER)[0]:
        folder = f"{edition_pdf.FOLDER}/{sub}"
        out += [f"{folder}/{name}" for name in default_storage.listdir(folder)[1]]
    return out


def test_the_whole_edition_in_page_order_built_once_and_linked(client, tmp_path):
    load(tmp_path, labels=("01", "02", "03"))
    assert cached() == []
    response = client.get(URL)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="chenbao-2024-03-01.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("public")
    data = b"".join(response.streaming_content)  # read out: the test client closes it
    assert page_texts(data) == ["Test page 01", "Test page 02", "Test page 03"]
    [name] = cached()
    stamp = default_storage.get_modified_time(name)
    assert fetch(client) == data  # the second request reads the cached file
    assert cached() == [name] and default_storage.get_modified_time(name) == stamp
    for label in ("01", "02", "03"):
        page = client.get(f"/chenbao/2024-03-01/{label}/").content.decode()
        assert f'href="{URL}"' in page and "全版PDF下载" in page
    assert client.get("/chenbao/2024-03-01/01.json").json()["data"]["edition_pdf"] == URL


def test_a_replaced_edition_gets_a_new_file(client, tmp_path):
    load(tmp_path / "a", labels=("01", "02"))
    first = fetch(client)
    load(tmp_path / "b", labels=("01", "02", "03"), replace=True)
    second = fetch(client)
    assert len(page_texts(first)) == 2 and len(page_texts(second)) == 3
    assert len(cached()) == 2


def test_pages_without_a_pdf_are_left_out_and_no_pdf_means_no_link(client, tmp_path):
    folder = write_bundle(tmp_path, labels=("01", "02", "03"))
    manifest = read_manifest(folder)
    del manifest["pages"][1]["pdf"]
    write_manifest(folder, manifest)
    load_edition(read_bundle(folder), publish=True)
    assert page_texts(fetch(client)) == ["Test page 01", "Test page 03"]
    Page.objects.update(pdf="")
    fetch(client, status=404)
    assert "全版PDF下载" not in client.get("/chenbao/2024-03-01/01/").content.decode()
    assert client.get("/chenbao/2024-03-01/01.json").json()["data"]["edition_pdf"] == ""


def test_an_unreadable_page_pdf_is_left_out(client, tmp_path):
    edition = load(tmp_path, labels=("01", "02"))
    broken = edition.pages.get(label="02").pdf.name
    with default_storage.open(broken, "wb") as f:
        f.write(b"%PDF-1.4 this is not a PDF")
    assert page_texts(fetch(client)) == ["Test page 01"]
    edition.pages.filter(label="01").update(pdf=broken)
    fetch(client, status=404)


def test_hidden_editions_are_404_and_staff_preview_them(client, tmp_path):
    edition = load(tmp_path, publish=False)
    fetch(client, status=404)
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    b"".join(response.streaming_content)  # read out: the test client closes it
    client.logout()
    publishing.publish(edition)
    fetch(client)
    publishing.withdraw(edition)
    fetch(client, status=404)


def test_a_page_labelled_edition_is_still_a_page(client, tmp_path):
    load(tmp_path, labels=("01", "edition"))
    assert "第edition版" in client.get("/chenbao/2024-03-01/edition/").content.decode()
    assert client.get("/chenbao/2024-03-01/edition.json").json()["ok"] is True
    assert page_texts(fetch(client)) == ["Test page 01", "Test page edition"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_requests_write_one_whole_file(tmp_path):
    edition = load(tmp_path, labels=("01", "02", "03", "04"))
    pages = list(edition.pages.order_by("order"))
    names, errors = [], []
    start = threading.Barrier(6)

    def build():
        try:
            start.wait()
            names.append(edition_pdf.edition_pdf(pages))
        except Exception as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(names)) == 1
    assert cached() == names[:1]  # no temporary file left beside it
    with default_storage.open(names[0]) as f:
        assert len(page_texts(f.read())) == 4


def test_behind_nginx_the_file_is_sent_by_x_accel_redirect(client, tmp_path, settings):
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    load(tmp_path)
    response = client.get(URL)
    assert response.status_code == 200 and response.content == b""
    [name] = cached()
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="chenbao-2024-03-01.pdf"' in response["Content-Disposition"]
