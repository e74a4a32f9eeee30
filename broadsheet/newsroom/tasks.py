"""Background work: the desk's uploads ingested by the worker (django-tasks).

``ingest_upload`` runs the same ingest as ``broadsheet ingest`` (``ingest.runner``),
limited to the run's newspaper, and keeps the run's progress, summary and errors on
its ``IngestRun`` row for the desk to poll. The scanned pages it loaded are queued for
OCR (``pages.tasks``), which the worker runs after it. ``broadsheet worker`` runs the worker;
``broadsheet demo`` and ``broadsheet serve`` start one beside the web server.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from django_tasks import task

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import IngestSummary, run_ingest
from broadsheet.pages import ocr

from . import audit
from .models import IngestRun
from .uploads import run_folder

STARTED = 5  # per cent shown once the worker took the run


@task()
def ingest_upload(run_id: int) -> dict:
    """Ingest one stored upload; returns the summary (also kept on the run)."""
    run = IngestRun.objects.select_related("newspaper").get(pk=run_id)
    _progress(run, IngestRun.Status.RUNNING, STARTED, "ingesting")
    try:
        summary = _ingest(run)
    except Exception as exc:  # the run must say it failed, whatever broke; then re-raise
        run.errors = [f"{type(exc).__name__}: {exc}"]
        _progress(run, IngestRun.Status.FAILED, 100, "failed")
        raise
    _finish(run, summary)
    return summary.as_dict()


def _ingest(run: IngestRun) -> IngestSummary:
    loaded: list[str] = []

    def log(line: str) -> None:
        loaded.append(line)
        _progress(run, run.status, min(95, STARTED + 10 * len(loaded)), line[:500])

    return run_ingest(
        [Path(run.upload)],
        fmt=run.fmt,
        options=IngestOptions(newspaper=run.newspaper.slug),
        publish=run.publish,
        log=log,
        newspapers=[run.newspaper.slug],
        ocr=ocr.available(),  # scanned pages are read by the worker next
    )


def _finish(run: IngestRun, summary: IngestSummary) -> None:
    run.summary = summary.as_dict()
    run.errors = summary.errors
    run.edition = _edition(run, summary)
    failed = bool(summary.errors) and not summary.editions
    status = IngestRun.Status.FAILED if failed else IngestRun.Status.DONE
    run.save(update_fields=["summary", "errors", "edition"])
    _progress(run, status, 100, summary.describe().splitlines()[0][:500])
    if run.edition is not None:  # the edition's log shows the upload that made or met it
        details = {"run": run.pk, "loaded": summary.loaded, "errors": summary.errors[:10]}
        audit.record(run.user, "ingest", edition=run.edition, details=details)
    shutil.rmtree(run_folder(run), ignore_errors=True)


def _edition(run: IngestRun, summary: IngestSummary) -> Edition | None:
    """The edition the upload made or met ("chenbao 2024-03-01 (replaced)" → its row)."""
    labels = summary.loaded + [n.split(":")[0] for n in summary.notes]
    for label in labels:
        parts = label.split()
        if len(parts) >= 2 and parts[0] == run.newspaper.slug:
            try:
                date = dt.date.fromisoformat(parts[1])
            except ValueError:
                continue
            return Edition.objects.filter(newspaper=run.newspaper, date=date).first()
    return None


def _progress(run: IngestRun, status: str, progress: int, message: str) -> None:
    run.status, run.progress, run.message = status, progress, message
    run.save(update_fields=["status", "progress", "message"])
