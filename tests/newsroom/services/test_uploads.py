"""Uploads: stored, queued in the database (django-tasks-db), ingested by ``broadsheet worker``
through the same runner as the command line, the run's progress and summary kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from broadsheet.editions.models import Edition
from broadsheet.newsroom import services
from broadsheet.newsroom.models import AuditEntry, IngestRun
from tests.builders import write_bundle

# The worker closes its database connection between tasks (as it must, long-running); on
# PostgreSQL's pool that ends the connection, which a test inside one transaction cannot have.
WORKER = pytest.mark.django_db(transaction=True)


def _zip(tmp_path, slug="chenbao", date="2024-04-01", publisher="测试报业集团"):
    folder = write_bundle(tmp_path / "up", slug=slug, date=date, publisher=publisher)
    return shutil.make_archive(str(tmp_path / f"{slug}-{date}"), "zip", folder)


def _work(django_capture_on_commit_callbacks, start):
    """Start an upload (its task queued on commit), then let the worker run the queue."""
    with django_capture_on_commit_callbacks(execute=True):
        run = start()
    assert IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.QUEUED
    call_command("worker", batch=True, verbosity=0)
    run.refresh_from_db()
    return run


@WORKER
def test_an_uploaded_bundle_is_ingested_by_the_worker(
    newsroom, tmp_path, django_capture_on_commit_callbacks
):
    editor = newsroom.people["editor_a"]
    path = _zip(tmp_path)
    upload = SimpleUploadedFile("晨报 2024-04-01.zip", Path(path).read_bytes())
    run = _work(
        django_capture_on_commit_callbacks,
        lambda: services.start_upload(editor, newsroom.paper_a, upload, "auto", publish=True),
    )
    assert (run.status, run.progress, run.errors) == ("done", 100, [])
    assert run.summary["editions"] == 1 and run.summary["articles"] == 6
    assert run.edition == Edition.objects.get(newspaper=newsroom.paper_a, date="2024-04-01")
    assert run.edition.status == "published"
    assert AuditEntry.objects.filter(action="upload", username="editor_a").exists()
    assert services.audit_for(editor, run.edition).get().action == "ingest"
    assert run.as_dict()["status"] == "done"


@WORKER
def test_an_upload_may_not_load_another_newspaper(
    newsroom, tmp_path, django_capture_on_commit_callbacks
):
    """An editor of A uploading a bundle that names paper B loads nothing."""
    path = _zip(tmp_path, slug="wanbao")
    editor = newsroom.people["editor_a"]
    run = _work(
        django_capture_on_commit_callbacks,
        lambda: services.start_upload(editor, newsroom.paper_a, path, "auto"),
    )
    assert run.status == "failed"
    assert "may load only chenbao" in run.errors[0]
    assert not Edition.objects.filter(newspaper=newsroom.paper_b, date="2024-04-01").exists()


@WORKER
def test_a_broken_upload_fails_with_the_ingest_error(
    newsroom, tmp_path, django_capture_on_commit_callbacks
):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    editor = newsroom.people["editor_a"]
    run = _work(
        django_capture_on_commit_callbacks,
        lambda: services.start_upload(editor, newsroom.paper_a, bad, "auto"),
    )
    assert run.status == "failed" and run.errors and run.progress == 100


@pytest.mark.parametrize("person", ["reviewer_a", "nobody"])
def test_who_may_not_upload_is_refused_before_anything_is_stored(newsroom, tmp_path, person):
    with pytest.raises(PermissionDenied):
        services.start_upload(newsroom.people[person], newsroom.paper_a, _zip(tmp_path), "auto")
    assert not IngestRun.objects.exists()


def test_an_editor_of_a_may_not_upload_to_b(newsroom, tmp_path):
    with pytest.raises(PermissionDenied):
        services.start_upload(newsroom.people["editor_a"], newsroom.paper_b, _zip(tmp_path), "auto")


def test_an_upload_past_the_archive_bound_is_refused(newsroom, tmp_path, settings):
    settings.INGEST_LIMITS = {"archive_bytes": 1000}
    with pytest.raises(ValidationError) as caught:
        services.start_upload(newsroom.people["editor_a"], newsroom.paper_a, _zip(tmp_path), "auto")
    assert set(caught.value.message_dict) == {"file"}
    assert not IngestRun.objects.exists()
    assert not list((tmp_path / "uploads").glob("run-*"))  # nothing half-stored is left


def test_an_unknown_format_is_refused_on_its_field(newsroom, tmp_path):
    with pytest.raises(ValidationError) as caught:
        services.start_upload(newsroom.people["editor_a"], newsroom.paper_a, _zip(tmp_path), "doc")
    assert set(caught.value.message_dict) == {"fmt"}
