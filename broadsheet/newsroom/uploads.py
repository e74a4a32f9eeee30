"""Uploads from the desk (and the write API): stored safely, then ingested in the background.

The file is copied into the private data folder (``UPLOAD_DIR``), never used where the
browser's temporary file lies, and refused past ingest's own bound for a whole archive
(``ingest.limits``); what is inside a zip (bombs, paths) is ingest's to check, with the
same limits as on the command line. The ingest itself runs in the worker
(``tasks.ingest_upload``) through the same runner as ``broadsheet ingest``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.editions.models import Newspaper
from broadsheet.ingest.formats import FORMATS
from broadsheet.ingest.limits import limits, size_text

from . import audit, roles
from .models import IngestRun

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def start_upload(user, newspaper: Newspaper, path_or_file, fmt: str, *, publish=False) -> IngestRun:
    """Store the upload, queue its ingest, and return the run the desk polls."""
    roles.require(user, "upload", newspaper)
    if publish:
        roles.require(user, "publish", newspaper)
    if fmt != "auto" and fmt not in FORMATS:
        raise ValidationError(
            {"fmt": [f"format {fmt[:40]!r} is not one of auto, {', '.join(FORMATS)}"]}
        )
    run = IngestRun.objects.create(newspaper=newspaper, user=user, fmt=fmt, publish=publish)
    try:
        run.upload = str(_store(run, path_or_file))
    except ValidationError:
        _discard(run)
        raise
    run.message = "queued"
    run.save(update_fields=["upload", "message"])
    audit.record(user, "upload", details={"run": run.pk, "newspaper": newspaper.slug})
    from .tasks import ingest_upload

    transaction.on_commit(lambda: ingest_upload.enqueue(run.pk))
    return run


def run_folder(run: IngestRun) -> Path:
    return Path(settings.UPLOAD_DIR) / f"run-{run.pk}"


def _store(run: IngestRun, path_or_file) -> Path:
    """Copy a file, a folder (page PDFs) or an uploaded file into the run's folder."""
    folder = run_folder(run)
    folder.mkdir(parents=True, exist_ok=True)
    bound = limits().archive_bytes
    if isinstance(path_or_file, str | Path):
        source = Path(path_or_file)
        if source.is_dir():
            return _store_folder(source, folder / _safe(source.name), bound)
        with source.open("rb") as given:
            return _store_stream(given, folder / _safe(source.name), bound)
    name = getattr(path_or_file, "name", "") or "upload"
    return _store_stream(path_or_file, folder / _safe(Path(name).name), bound)


def _store_stream(given, target: Path, bound: int) -> Path:
    written = 0
    with target.open("wb") as out:
        chunks = (
            given.chunks(CHUNK)
            if hasattr(given, "chunks")
            else iter(lambda: given.read(CHUNK), b"")
        )
        for chunk in chunks:
            written += len(chunk)
            if written > bound:
                raise ValidationError({"file": [_too_large(bound)]})
            out.write(chunk)
    return target


def _store_folder(source: Path, target: Path, bound: int) -> Path:
    files = [p for p in sorted(source.rglob("*")) if p.is_file() and not p.is_symlink()]
    if sum(p.stat().st_size for p in files) > bound:
        raise ValidationError({"file": [_too_large(bound)]})
    for path in files:
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return target


def _too_large(bound: int) -> str:
    return _("上传文件超过 %(limit)s 的上限。") % {"limit": size_text(bound)}


def _safe(name: str) -> str:
    """A file name that cannot leave the run's folder or surprise a shell."""
    cleaned = _UNSAFE.sub("_", name).strip("._") or "upload"
    return cleaned[:120]


def _discard(run: IngestRun) -> None:
    shutil.rmtree(run_folder(run), ignore_errors=True)
    run.delete()
