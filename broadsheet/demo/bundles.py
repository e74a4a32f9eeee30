"""Build the sample as edition bundles: lay out, print and write every edition.

The output is ordinary ``broadsheet-edition/1`` bundles (docs/formats/edition-bundle.md),
loaded through the same reader and loader as any publisher's files. Like a print
system's export, a bundle holds each page's PDF and each article's text, and
nothing else: no page images and no hotspots. The loader renders the pages and
places every article on its page from its text (docs/formats/pdf-pages.md), so
the demo goes through the road a publisher's PDFs take. A build is
written to a staging folder and moved into place whole, and is reused until the
sample's text or code changes (a digest of both is kept beside the bundles).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import pictures
from .layout import StoryLayout
from .makeup import make_up
from .press import PrintedPage, print_page
from .stories import CONTENT_DIR, Catalogue, EditionPlan, load_catalogue

FORMAT = "broadsheet-edition/1"
MANIFEST = "edition.json"
STAMP = "BUILD"
PACKAGE_DIR = Path(__file__).resolve().parent

Log = Callable[[str], None]


def source_digest() -> str:
    """A digest of everything the sample is made from: its text and its code."""
    digest = hashlib.sha256()
    files = [*PACKAGE_DIR.glob("*.py"), *CONTENT_DIR.rglob("*.toml")]
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def bundle_name(plan: EditionPlan) -> str:
    return f"{plan.paper.slug}-{plan.date.isoformat()}"


def build_bundles(target: Path, *, rebuild: bool = False, log: Log = print) -> list[Path]:
    """The sample's bundle folders in ``target`` (paper order, then date), built if stale."""
    catalogue = load_catalogue()
    folders = [target / bundle_name(plan) for plan in catalogue.editions]
    digest = source_digest()
    stamp = target / STAMP
    if not rebuild and stamp.is_file() and stamp.read_text() == digest:
        if all((folder / MANIFEST).is_file() for folder in folders):
            log(f"Using the sample bundles built before in {target}")
            return folders
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".demo-build-", dir=target.parent))
    try:
        _build_all(catalogue, staging, log)
        (staging / STAMP).write_text(digest)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folders


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` so no reader sees a half-written build."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _build_all(catalogue: Catalogue, staging: Path, log: Log) -> None:
    jobs = [(plan, catalogue.publisher, staging / bundle_name(plan)) for plan in catalogue.editions]
    with ProcessPoolExecutor(max_workers=2) as pool:
        for folder, warnings in pool.map(_build_job, jobs):
            log(f"Built {folder.name}")
            for warning in warnings:
                log(f"  warning: {warning}")


def _build_job(job: tuple[EditionPlan, dict, Path]) -> tuple[Path, list[str]]:
    plan, publisher, folder = job
    return folder, write_edition(plan, publisher, folder)


def write_edition(plan: EditionPlan, publisher: dict, folder: Path) -> list[str]:
    """Write one edition bundle into ``folder``; returns the layout warnings."""
    (folder / "pages").mkdir(parents=True)
    (folder / "images").mkdir()
    pages, articles, warnings = [], [], []
    for i, page in enumerate(plan.pages):
        layout = make_up(page, first=i == 0)
        warnings += layout.warnings
        printed = print_page(plan, layout, publisher)
        pages.append(_write_page(folder, page.label, page.name, printed))
        for story in layout.stories:
            articles.append(_article(folder, plan, page.label, story, printed))
    manifest = _manifest(plan, publisher, pages, articles)
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (folder / MANIFEST).write_text(text + "\n", "utf-8")
    return warnings


def _manifest(plan: EditionPlan, publisher: dict, pages: list, articles: list) -> dict:
    return {
        "format": FORMAT,
        "newspaper": {
            "slug": plan.paper.slug,
            "name": plan.paper.name,
            "language": "zh-hans",
            "publisher": publisher,
        },
        "date": plan.date.isoformat(),
        "issue_number": plan.issue,
        "pages": pages,
        "articles": articles,
    }


def _write_page(folder: Path, label: str, name: str, printed: PrintedPage) -> dict:
    (folder / "pages" / f"{label}.pdf").write_bytes(printed.pdf)
    return {"label": label, "name": name, "pdf": f"pages/{label}.pdf"}


def _article(folder: Path, plan, label: str, story: StoryLayout, printed: PrintedPage) -> dict:
    body = []
    for j, block in enumerate(story.story.blocks):
        if block["type"] != "image":
            body.append(block)
            continue
        picture = block["picture"]
        name, data = printed.pictures.get((story.order, j)) or _unplaced(plan, label, story, j)
        (folder / name).write_bytes(data)
        alt = pictures.alt_text(picture) or _first_paragraph(story)
        body.append({"type": "image", "src": name, "caption": block["caption"], "alt": alt})
    s = story.story
    return {
        "page": label,
        "order": story.order,
        "kicker": s.kicker,
        "headline": s.headline,
        "subheadline": s.subheadline,
        "byline": s.byline,
        "body": body,
    }


def _first_paragraph(story: StoryLayout) -> str:
    """Alt text for a photo printed without a caption: the words that go with it."""
    texts = [b["text"] for b in story.story.blocks if b["type"] == "paragraph"]
    return texts[0][:80] if texts else ""


def _unplaced(plan: EditionPlan, label: str, story: StoryLayout, block: int):
    """A picture of a story cut short on the page: still part of the article."""
    picture = story.story.blocks[block]["picture"]
    width = pictures.MIN_WIDTH
    image = pictures.paint(picture, width, round(width * 0.66), f"{plan.date}/{label}/{block}")
    data, ext = pictures.encode(image, picture.kind)
    return f"images/{label}-{story.order:02d}-{block:02d}{ext}", data
