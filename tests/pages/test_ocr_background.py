"""OCR in the background: ``broadsheet ocr --background``, ``broadsheet ingest --ocr`` and the
desk's uploads queue scanned pages (django-tasks, in the database), and ``broadsheet worker``
reads them for real with the same ``read_page`` as the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from broadsheet.editions.models import Page
from broadsheet.newsroom import roles, services
from broadsheet.newsroom.models import IngestRun, Role
from broadsheet.pages import ocr
from broadsheet.pages.models import PageText
from tests.builders import ingest_json
from tests.scans import LINES, scan, scanned_pdf

# The worker closes its database connection between tasks (as the desk upload tests say):
# these tests are transactional.
pytestmark = [
    pytest.mark.skipif(not ocr.available(), reason="OCR engine not installed"),
    pytest.mark.timeout(600),
    pytest.mark.django_db(transaction=True),
]


def _scanned(tmp_path, date="2024-03-05"):
    path = tmp_path / f"chenbao-{date}.pdf"
    path.write_bytes(scanned_pdf(scan()))
    return path


def _read(page: Page) -> list[str]:
    return [line.text for line in PageText.objects.get(page=page).text.lines]


def _ocr(**opts) -> dict:
    out = io.StringIO()
    call_command("ocr", json=True, stdout=out, **opts)
    return json.loads(out.getvalue())


def test_ocr_background_queues_the_pages_and_the_worker_reads_them(tmp_path):
    ingest_json(_scanned(tmp_path), newspaper="chenbao")
    ingest_json(_scanned(tmp_path, "2024-03-06"), newspaper="chenbao")
    assert _ocr(background=True, date_from="2024-03-06") == {"queued": 1, "batch": 20}
    assert not PageText.objects.exists()  # nothing read until the worker runs
    call_command("worker", batch=True, verbosity=0)
    [read] = PageText.objects.all()
    assert read.page.edition.date.isoformat() == "2024-03-06" and _read(read.page) == list(LINES)
    assert read.engine.startswith(ocr.ENGINE)
    [result] = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL" and result.return_value["errors"] == []
    assert _ocr(background=True, all=True) == {"queued": 1, "batch": 20}  # the other one


def test_a_page_that_cannot_be_read_fails_the_task_by_name_and_the_others_are_read(tmp_path):
    ingest_json(_scanned(tmp_path), newspaper="chenbao")
    ingest_json(_scanned(tmp_path, "2024-03-06"), newspaper="chenbao")
    lost = Page.objects.get(edition__date="2024-03-06")
    for name in (lost.image.name, lost.image_hidpi.name):
        default_storage.delete(name)
    _ocr(background=True, all=True)
    call_command("worker", batch=True, verbosity=0)
    [result] = DBTaskResult.objects.all()
    assert result.status == "FAILED" and "chenbao 2024-03-06 page 01" in result.traceback
    assert _read(Page.objects.get(edition__date="2024-03-05")) == list(LINES)
    assert not PageText.objects.filter(page=lost).exists()


def test_all_beside_a_filter_is_refused():
    with pytest.raises(CommandError, match="--all"):
        _ocr(background=True, all=True, newspaper="chenbao")


def test_ingest_with_ocr_queues_the_scanned_pages_it_loaded(tmp_path):
    summary = ingest_json(_scanned(tmp_path), newspaper="chenbao", ocr=True)
    assert summary["ocr_queued"] == 1 and summary["needs_ocr"] == ["chenbao 2024-03-05 page 01"]
    again = ingest_json(_scanned(tmp_path), newspaper="chenbao", ocr=True)
    assert again["ocr_queued"] == 0  # unchanged: nothing loaded, nothing queued again
    call_command("worker", batch=True, verbosity=0)
    assert _read(Page.objects.get()) == list(LINES)


def test_a_desk_upload_of_scans_is_read_by_the_worker_after_its_ingest(
    tmp_path, django_user_model, django_capture_on_commit_callbacks, settings
):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    ingest_json(_scanned(tmp_path, "2024-03-01"), newspaper="chenbao")
    editor = django_user_model.objects.create_user("editor")
    paper = Page.objects.get().edition.newspaper
    roles.grant(editor, Role.EDITOR, paper)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_upload(editor, paper, _scanned(tmp_path), "edition-pdf")
    call_command("worker", batch=True, verbosity=0)
    run = IngestRun.objects.get(pk=run.pk)
    assert run.status == "done" and run.summary["ocr_queued"] == 1
    assert _read(Page.objects.get(edition__date="2024-03-05")) == list(LINES)
    assert not PageText.objects.filter(page__edition__date="2024-03-01").exists()
