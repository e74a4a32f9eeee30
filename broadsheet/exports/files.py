"""Media files copied out of storage into an export folder, under their storage names.

Storage names are content-addressed (``pages/ab/<sha256>.png``), so a file
already in the folder under its name is the same file and is not copied again:
an incremental export copies only what is new.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.files.storage import default_storage


def copy_out(name: str, folder: Path) -> str:
    """Copy the stored file ``name`` to ``folder/name`` unless it is there; returns ``name``."""
    target = folder / name
    if not target.exists():
        copy_to(name, target)
    return name


def copy_to(name: str, target: Path) -> None:
    """Copy the stored file ``name`` to ``target``, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with default_storage.open(name, "rb") as src, partial.open("wb") as out:
        shutil.copyfileobj(src, out)
    partial.replace(target)


def page_files(page) -> list[str]:
    """Every stored file of a page (images, thumbnail, PDF)."""
    names = (page.image.name, page.image_hidpi.name, page.thumbnail.name, page.pdf.name)
    return [n for n in names if n]


def picture_names(article) -> list[str]:
    """The stored pictures an article's body shows."""
    return [b["src"] for b in article.body if b.get("type") == "image" and b.get("src")]
