"""Uploads from the desk: the file goes to the newsroom's ingest task (run here by the
worker command, as `broadsheet serve` runs it beside the server); the run's JSON is what the
progress bar polls, and its summary or errors stay for the edition's screen."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import roles
from broadsheet.newsroom.models import Role
from tests.builders import write_bundle
from tests.pdfs import corrupt_page, edition_pdf

# The worker closes its database connection between tasks (as a long-running one must); on
# PostgreSQL that connection cannot be inside the test's own transaction (as in
# tests/newsroom/services/test_uploads.py).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(client, tmp_path, django_user_model):
    edition = load_edition(read_bundle(write_bundle(tmp_path / "first"))).edition
    user = django_user_model.objects.create_user("editor", password="Correct-Horse-9")
    roles.grant(user, Role.EDITOR, edition.newspaper)
    client.force_login(user)
    return client


def upload(client, capture, path, fmt: str) -> str:
    """Post the file as the upload form does; the run's JSON URL."""
    with capture(execute=True), path.open("rb") as handle:
        response = client.post("/desk/chenbao/upload/", {"upload": handle, "fmt": fmt})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response["Location"].rstrip("/") + ".json"


def test_a_whole_edition_pdf_becomes_an_edition(
    editor, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "chenbao-2024-03-07.pdf"
    path.write_bytes(edition_pdf(2))
    status = upload(editor, django_capture_on_commit_callbacks, path, "edition-pdf")
    queued = editor.get(status).json()
    assert queued["status"] == "queued" and not queued["finished"]
    call_command("worker", batch=True)
    done = editor.get(status).json()
    assert done["status"] == "done" and done["progress"] == 100 and done["finished"]
    assert done["edition_url"] == "/desk/chenbao/2024-03-07/"
    edition = Edition.objects.get(newspaper__slug="chenbao", date="2024-03-07")
    assert edition.status == "draft" and edition.pages.count() == 2
    page = editor.get(done["edition_url"]).content.decode()
    assert "最近一次导入" in page and "没有从编辑台导入的记录" not in page


def test_a_bundle_zip_becomes_an_edition(editor, tmp_path, django_capture_on_commit_callbacks):
    folder = write_bundle(tmp_path / "b", date="2024-03-08")
    archive = shutil.make_archive(str(tmp_path / "chenbao-2024-03-08"), "zip", folder)
    status = upload(editor, django_capture_on_commit_callbacks, tmp_path / archive, "bundle")
    call_command("worker", batch=True)
    assert editor.get(status).json()["status"] == "done"
    assert Edition.objects.filter(newspaper__slug="chenbao", date="2024-03-08").exists()


def test_a_broken_upload_keeps_its_errors(editor, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "chenbao-2024-03-09.pdf"
    path.write_bytes(corrupt_page())
    status = upload(editor, django_capture_on_commit_callbacks, path, "edition-pdf")
    call_command("worker", batch=True)
    failed = editor.get(status).json()
    assert failed["status"] == "failed" and failed["finished"] and failed["errors"]
    page = editor.get(status[: -len(".json")] + "/").content.decode()
    assert "导入失败" in page and 'class="error-list"' in page
    assert not Edition.objects.filter(date="2024-03-09").exists()


def test_an_upload_without_a_file_says_so_on_the_field(editor):
    response = editor.post("/desk/chenbao/upload/", {"fmt": "auto"})
    assert response.status_code == 400
    assert 'id="id_upload_error"' in response.content.decode()
