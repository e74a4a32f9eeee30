"""OCR in the background: scanned pages read by ``broadsheet worker`` (django-tasks).

Reading a page takes seconds to minutes, so a date range, a whole archive or what an
ingest just loaded is not read while someone waits: ``broadsheet ocr --background``,
``broadsheet ingest --ocr`` and the desk's uploads queue the pages here, in tasks of
``BATCH`` pages (a task of minutes, never hours; several workers share a long run), and
the worker reads them with the same ``reading.read_page`` as the command. A page that
got its text meanwhile (read by another run, or its PDF replaced) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable

from django_tasks import task

from .reading import new_summary, pages_to_read, read_into

BATCH = 20


class OcrFailed(RuntimeError):
    """Pages of a background run could not be read (each named); the others were."""


@task()
def ocr_pages(page_ids: list[int], force: bool = False) -> dict:
    """Read the pages of ``page_ids`` that still need it; the run's summary.

    Every page is tried; when any failed the task fails at the end, naming them, so
    the queue shows it (the pages read are stored all the same).
    """
    pages = pages_to_read(force=force).filter(pk__in=page_ids)
    summary = new_summary()
    for page in pages.select_related("edition__newspaper"):
        read_into(summary, page)
    if summary["errors"]:
        raise OcrFailed("; ".join(summary["errors"]))
    return summary


def enqueue(page_ids: Iterable[int], force: bool = False) -> int:
    """Queue the pages for the worker, ``BATCH`` a task; returns how many were queued."""
    ids = list(page_ids)
    for start in range(0, len(ids), BATCH):
        ocr_pages.enqueue(ids[start : start + BATCH], force)
    return len(ids)


def enqueue_editions(edition_ids: Iterable[int]) -> int:
    """Queue the pages of these editions that have an image and no text (scans)."""
    pages = pages_to_read().filter(edition_id__in=list(edition_ids))
    return enqueue(pages.values_list("pk", flat=True))
