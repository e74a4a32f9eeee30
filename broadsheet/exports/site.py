"""``broadsheet export site``: the reader as static HTML, openable from disk, servable anywhere.

Every page is rendered by the reader itself (its views and templates, through
Django's test client, which runs the whole request stack without a server), so
the export can never drift from the site; ``links`` then makes its links
relative and lists the media and static files to copy.

Incremental: each edition's pages are rewritten only when its fingerprint
changes (``fingerprint``): its content, and everything around it that its pages
show (the 报刊 list, the publisher's lines, 上一期/下一期, the month's calendar).
The fingerprints are kept in ``OUT_DIR/.broadsheet-export.json``. Editions no
longer public are removed; the front page, each newspaper's page and the
archive months are small and always rewritten. An edition is written into a
staging folder and moved into place, so an interrupted export never leaves
half an edition.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from broadsheet.editions import urls
from broadsheet.editions.models import Edition
from broadsheet.pages import edition_pdf as whole_pdf
from broadsheet.reader import services

from . import files, selection
from .fingerprint import edition_fingerprint
from .links import Rewriter, file_of
from .progress import bar

STATE = ".broadsheet-export.json"
STAGING = ".staging"


class ExportError(Exception):
    """The export cannot go on (a page the reader refused, an unusable folder)."""


@dataclass
class SiteReport:
    written: list[str] = field(default_factory=list)  # "chenbao 2024-03-01"
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # editions (or files) not written, and why


@dataclass
class _Site:
    """One export in progress: the folder, the renderer, what the last export recorded."""

    out: Path
    client: Client
    host: str
    rewriter: Rewriter
    state: dict
    report: SiteReport = field(default_factory=SiteReport)

    def render_or_note(self, url: str) -> None:
        """Render a page of the frame (front page, newspaper, month); a refusal is noted."""
        try:
            self.render(url)
        except ExportError as exc:
            self.report.errors.append(f"{url} not written: {exc}")

    def render(self, url: str, folder: Path | None = None) -> None:
        """Render ``url`` with the reader and write it, links made relative, under ``folder``."""
        response = self.client.get(url, HTTP_HOST=self.host, secure=True)
        if response.status_code != 200:
            raise ExportError(f"{url}: the reader answered {response.status_code}")
        text = self.rewriter.page(response.content.decode("utf-8"), url)
        _write(folder or self.out, file_of(url), text.encode("utf-8"))


def export_site(out: Path, base_url: str = "", progress: bool = False) -> SiteReport:
    """Write (or bring up to date) the static reader site in ``out``."""
    site = _open(out, base_url)
    previous = site.state.get("editions", {})
    current: dict[str, dict] = {}
    for edition in bar(selection.editions(), progress, "editions"):
        key = f"{edition.newspaper.slug}/{edition.date.isoformat()}"
        try:
            current[key] = _edition(site, edition, previous.get(key))
        except (ExportError, OSError, whole_pdf.NoPages) as exc:
            # Go on with the next edition; the copy keeps what it had of this one, and its
            # old fingerprint makes the next run try again.
            site.report.errors.append(f"{key.replace('/', ' ')} not written: {exc}")
            if key in previous:
                current[key] = previous[key]
    shutil.rmtree(out / STAGING, ignore_errors=True)
    _remove_stale(site, previous, current)
    global_media = _global_pages(site)
    _copy_files(site, current, global_media)
    site.state = {"base_url": base_url, "editions": current, "media": sorted(global_media)}
    (out / STATE).write_text(json.dumps(site.state, ensure_ascii=False, indent=1), "utf-8")
    return site.report


def _open(out: Path, base_url: str) -> _Site:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: not a folder")
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        raise ExportError(f"--base-url {base_url!r}: give an http:// or https:// address")
    out.mkdir(parents=True, exist_ok=True)
    state = _read_state(out)
    if state.get("base_url", base_url) != base_url:
        state = {}  # every page names the other address: write them all again
    # Rendered under a host the site answers to; links to it then name base_url instead.
    host = _allowed_host()
    rewriter = Rewriter(
        settings.MEDIA_URL, settings.STATIC_URL, f"https://{host}", base_url.rstrip("/")
    )
    return _Site(out, Client(), host, rewriter, state)


def _allowed_host() -> str:
    """A host name the site answers to, for rendering its pages."""
    plain = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    return plain[0] if plain else "localhost"


def _read_state(out: Path) -> dict:
    path = out / STATE
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text("utf-8"))
    except (ValueError, OSError):
        return {}  # unreadable: write everything again
    return state if isinstance(state, dict) else {}


def _edition(site: _Site, edition: Edition, before: dict | None) -> dict:
    """Write the edition's pages unless its fingerprint is what the last export recorded."""
    fingerprint = edition_fingerprint(edition)
    key = f"{edition.newspaper.slug}/{edition.date.isoformat()}"
    if before and before.get("fingerprint") == fingerprint and (site.out / key).is_dir():
        site.report.unchanged += 1
        return before
    staging = site.out / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    site.rewriter.media = set()
    for url in edition_urls(edition):
        site.render(url, staging)
    _write_edition_pdf(edition, staging)
    target = site.out / key
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    (staging / key).replace(target)
    shutil.rmtree(staging)
    site.report.written.append(f"{edition.newspaper.slug} {edition.date.isoformat()}")
    return {"fingerprint": fingerprint, "media": sorted(site.rewriter.media)}


def edition_urls(edition: Edition) -> list[str]:
    """The reader URLs of one edition: itself, its pages and its articles."""
    slug, date = edition.newspaper.slug, edition.date
    out = [urls.edition_url(slug, date)]
    for page in selection.pages(edition):
        out.append(urls.page_url(slug, date, page.label))
        page_url = out[-1]
        out += [f"{page_url}{article.order}/" for article in page.articles.all()]
    return out


def _write_edition_pdf(edition: Edition, folder: Path) -> None:
    """The whole-edition PDF (全版PDF) beside the edition's pages, where its link points."""
    name = whole_pdf.edition_pdf(services.pages_of(edition))
    if name:
        url = urls.edition_pdf_url(edition.newspaper.slug, edition.date)
        files.copy_to(name, folder / file_of(url))


def _remove_stale(site: _Site, previous: dict, current: dict) -> None:
    """Editions no longer public leave the export (withdrawn since, or replaced)."""
    for key in sorted(set(previous) - set(current)):
        shutil.rmtree(site.out / key, ignore_errors=True)
        site.report.removed.append(key.replace("/", " "))
    papers = {key.split("/")[0] for key in current}
    for key in previous:
        paper = key.split("/")[0]
        if paper not in papers:
            shutil.rmtree(site.out / paper, ignore_errors=True)


def _global_pages(site: _Site) -> set[str]:
    """The front page, each newspaper's page and its archive months; their media names."""
    site.rewriter.media = set()
    site.render_or_note("/")
    for paper in selection.newspapers():
        site.render_or_note(urls.newspaper_url(paper.slug))
        shutil.rmtree(site.out / paper.slug / "archive", ignore_errors=True)
        for year, month in _months(paper):
            site.render_or_note(urls.month_url(paper.slug, year, month))
    return set(site.rewriter.media)


def _months(paper) -> list[tuple[int, int]]:
    """Every month from the paper's first public edition to its last (the reader's archive)."""
    span = services.month_range(paper)
    if span is None:
        return []
    months, (year, month) = [], span.first
    while (year, month) <= span.last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _copy_files(site: _Site, current: dict, global_media: set[str]) -> None:
    """Copy the media and static files the pages use; delete media no page uses any more."""
    wanted = set(global_media)
    for entry in current.values():
        wanted.update(entry["media"])
    for name in sorted(wanted):
        try:
            files.copy_out(name, site.out / "media")
        except OSError as exc:
            site.report.errors.append(f"media file {name!r} not copied: {exc}")
    _remove_unused(site.out / "media", wanted)
    for name in sorted(site.rewriter.static | _static_names()):
        found = finders.find(name)
        if found:
            _write(site.out / "static", name, Path(found).read_bytes())


def _static_names() -> set[str]:
    """The reader's own static files, also when no page was rendered in this run."""
    folder = Path(__file__).resolve().parent.parent / "reader" / "static"
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _remove_unused(media: Path, wanted: set[str]) -> None:
    if not media.is_dir():
        return
    for path in media.rglob("*"):
        if path.is_file() and path.relative_to(media).as_posix() not in wanted:
            path.unlink()


def _write(folder: Path, name: str, data: bytes) -> None:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
