"""Editions for the exports' tests: real bundles (PNG pages, PDFs) ingested, some hidden.

Three public editions that between them hold every kind of page: pages given with
an image and a PDF, a page given only as a PDF (its images rendered, its articles
found by machine), a page without articles, a picture, a 转版; and three hidden
ones (draft, scheduled for tomorrow, withdrawn), whose headlines and page labels
carry ``HIDDEN`` so any trace of them in an export is found.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import add_jump, read_manifest, write_bundle, write_manifest

HIDDEN = "HIDDEN"


def _load(root, publish: bool = True, change=None, **kw) -> Edition:
    folder = write_bundle(root, **kw)
    if change is not None:
        manifest = read_manifest(folder)
        change(manifest)
        write_manifest(folder, manifest)
    return load_edition(read_bundle(folder), publish=publish).edition


def _pdf_only_second_page(manifest: dict) -> None:
    """Page 02 given as its PDF alone, with no articles: rendered, its articles found."""
    del manifest["pages"][1]["image"]
    manifest["articles"] = [a for a in manifest["articles"] if a["page"] != "02"]


def _empty_page(manifest: dict) -> None:
    """Page 02 without any article (an advertisement, say), and no PDF."""
    del manifest["pages"][1]["pdf"]
    manifest["articles"] = [a for a in manifest["articles"] if a["page"] != "02"]


def _hidden(status: str):
    def change(manifest: dict) -> None:
        for article in manifest["articles"]:
            article["headline"] = f"{HIDDEN} {status} 不应导出"

    return change


def public_editions(root) -> list[Edition]:
    first = _load(root, date="2024-03-01")
    add_jump(first)
    second = _load(root, date="2024-03-02", issue_number=101, change=_pdf_only_second_page)
    # As the page-PDF ingest marks the articles it finds (this small PDF has too little text).
    second.pages.get(label="01").articles.filter(order=2).update(machine_found=True)
    other = _load(
        root, slug="wanbao", name="晚报", date="2024-02-20", publisher="晚报社", change=_empty_page
    )
    return [first, second, other]


def hidden_editions(root) -> list[Edition]:
    """A draft, a scheduled (tomorrow) and a withdrawn edition of 晨报."""
    draft = _load(root, date="2024-03-05", publish=False, labels=("H1",), change=_hidden("draft"))
    later = _load(root, date="2024-03-06", labels=("H2",), change=_hidden("scheduled"))
    publishing.schedule(later, timezone.now() + dt.timedelta(days=1))
    gone = _load(root, date="2024-02-28", labels=("H3",), change=_hidden("withdrawn"))
    publishing.withdraw(gone)
    return [draft, later, gone]


def hidden_files(editions: list[Edition]) -> set[str]:
    """Storage names of the hidden editions' page files (their labels make them their own)."""
    names = set()
    for edition in editions:
        for page in edition.pages.all():
            names |= {f.name for f in (page.image, page.pdf, page.thumbnail) if f}
    return names
