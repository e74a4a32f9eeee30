"""Image API answers cut from the stored page image with Pillow, and kept on disk.

The source is the page's 2x image (``Page.image_hidpi``, else ``Page.image``):
the largest rendering Broadsheet stores, 2400 pixels wide for a rendered PDF
page. Decoding it is most of the cost of any answer (a tile is a crop and a
small JPEG), and a viewer asks for many tiles of one page at once, so the first
request for a tile of the pyramid that ``info.json`` offers cuts every tile of
that scale from one decoding and keeps them all: the rest are read from disk,
as a level 0 server would send pre-cut tiles (bench/iiif.py). Any other region
or size is cut alone and kept too. A JPEG source is decoded at a reduced scale
when the answer is smaller (Pillow's ``draft``: libjpeg scales by 1/2, 1/4 or
1/8 while decoding).

Answers are kept in ``IIIF_CACHE_DIR``, one file per answer, named by a hash of
the source's storage name and the normalised request. Page images are stored
under names made of their content hash, so a replaced image is a new name and
a kept answer is never stale. The cache is read only after the visibility
check, so a withdrawn edition's tiles are never answered from it. Only the
pages viewers open fill it (about 1.5 MB a page for the whole pyramid);
``broadsheet iiif trim`` (``trim``) bounds it by size and by time unused, and
it may be deleted whole at any time (docs/iiif.md).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.pages.render import JPEG_QUALITY

from .imageapi import Request, pyramid_factor, tiles_of


def answer(source: str, request: Request, size: tuple[int, int]) -> bytes:
    """The JPEG for ``request`` cut from ``source`` (of ``size`` pixels), kept once made."""
    data = read(source, request)
    if data is not None:
        return data
    factor = pyramid_factor(request, size)
    if factor is None:
        data = render(source, [request])[0]
        keep(source, request, data)
        return data
    tiles = tiles_of(size, factor)
    for tile, made in zip(tiles, render(source, tiles), strict=True):
        keep(source, tile, made)
        if tile == request:
            data = made
    assert data is not None  # the request is one of the tiles (pyramid_factor)
    return data


def render(source: str, requests: list[Request]) -> list[bytes]:
    """JPEGs for requests of one scale, cut from one decoding of ``source``."""
    first = requests[0]
    scale = min(first.width / first.region.width, first.height / first.region.height)
    with default_storage.open(source, "rb") as handle, Image.open(handle) as image:
        full_width = image.width
        if image.format == "JPEG":
            image.draft(
                image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale))
            )
        image.load()
        ratio = image.width / full_width  # what draft left of the full size
        return [cut(image, request, ratio) for request in requests]


def cut(image: Image.Image, request: Request, ratio: float) -> bytes:
    box = request.region
    area = (box.x * ratio, box.y * ratio, (box.x + box.width) * ratio, (box.y + box.height) * ratio)
    out = image.resize((request.width, request.height), Image.Resampling.LANCZOS, box=area)
    if out.mode not in ("RGB", "L"):
        out = out.convert("RGB")
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def path_of(source: str, request: Request) -> Path:
    box = request.region
    spec = f"{source}|{box.x},{box.y},{box.width},{box.height}|{request.width},{request.height}"
    digest = hashlib.sha256(spec.encode()).hexdigest()
    return Path(settings.IIIF_CACHE_DIR) / digest[:2] / f"{digest}.jpg"


def read(source: str, request: Request) -> bytes | None:
    try:
        return path_of(source, request).read_bytes()
    except OSError:
        return None


def keep(source: str, request: Request, data: bytes) -> None:
    """Write the answer whole or not at all (a reader never sees half a file)."""
    path = path_of(source, request)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


@dataclass(frozen=True)
class Trimmed:
    removed: int  # files
    freed: int  # bytes
    kept: int  # bytes left


def trim(max_bytes: int | None = None, unused_seconds: float | None = None) -> Trimmed:
    """Delete kept answers unused for ``unused_seconds``, then the least recently used
    until at most ``max_bytes`` remain. "Used" is the later of the file's access and
    modification times (with ``relatime`` mounts the access time moves at most daily,
    which is fine at this grain). A reader racing the trim just cuts its tile again."""
    files = sorted(_kept_files(), key=lambda f: f[0])  # oldest use first
    now, total = time.time(), sum(size for _used, size, _path in files)
    removed = freed = 0
    for used, size, path in files:
        stale = unused_seconds is not None and now - used > unused_seconds
        over = max_bytes is not None and total - freed > max_bytes
        if not (stale or over):
            continue
        path.unlink(missing_ok=True)
        removed, freed = removed + 1, freed + size
    return Trimmed(removed, freed, total - freed)


def _kept_files() -> list[tuple[float, int, Path]]:
    """(last use, size, path) of every kept answer; half-written ``.part`` files are left."""
    root = Path(settings.IIIF_CACHE_DIR)
    found = []
    for path in root.glob("*/*.jpg") if root.is_dir() else ():
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((max(stat.st_atime, stat.st_mtime), stat.st_size, path))
    return found
