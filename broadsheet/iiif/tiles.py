"""Image API answers cut from the stored page image with Pillow, and kept on disk.

The source is the page's 2x image (``Page.image_hidpi``, else ``Page.image``):
the largest rendering Broadsheet stores, 2400 pixels wide for a rendered PDF
page. A JPEG source is decoded at a reduced scale when the answer is small
(Pillow's ``draft``: libjpeg scales by 1/2, 1/4 or 1/8 while decoding), so a
zoomed-out tile costs a fraction of a full decode.

Answers are cached in ``IIIF_CACHE_DIR`` (Django's file cache, at most
``CACHE_ENTRIES`` files, culled by a third when full), keyed by the source's
storage name and the normalised request. Page images are stored under names
made of their content hash, so a replaced image is a new key and an entry can
never be stale. The cache is consulted only after the visibility check, so a
withdrawn edition's cached tiles are never answered; the folder may be deleted
at any time.
"""

from __future__ import annotations

import hashlib
import io
import math

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.pages.render import JPEG_QUALITY

from .imageapi import Request

CACHE_ENTRIES = 20_000  # about 1 GB of tiles at 50 KB each


def cache() -> FileBasedCache:
    """The cache in ``IIIF_CACHE_DIR`` (made per call: it is a folder, the object is cheap)."""
    location = str(settings.IIIF_CACHE_DIR)
    return FileBasedCache(location, {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES}})


def cache_key(source: str, request: Request) -> str:
    box = request.region
    spec = f"{source}|{box.x},{box.y},{box.width},{box.height}|{request.width},{request.height}"
    return "iiif:" + hashlib.sha256(spec.encode()).hexdigest()


def answer(source: str, request: Request) -> bytes:
    """The JPEG for ``request`` cut from ``source``, from the cache when made before."""
    key = cache_key(source, request)
    data = cache().get(key)
    if data is None:
        data = render(source, request)
        cache().set(key, data)
    return data


def render(source: str, request: Request) -> bytes:
    """Cut the region, scale it to the requested size, encode it as JPEG."""
    with default_storage.open(source, "rb") as handle, Image.open(handle) as image:
        full_width = image.width
        scale = min(request.width / request.region.width, request.height / request.region.height)
        if image.format == "JPEG":
            image.draft(
                image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale))
            )
        ratio = image.width / full_width  # what draft left of the full size
        box = request.region
        area = (
            box.x * ratio,
            box.y * ratio,
            (box.x + box.width) * ratio,
            (box.y + box.height) * ratio,
        )
        out = image.resize((request.width, request.height), Image.Resampling.LANCZOS, box=area)
    if out.mode not in ("RGB", "L"):
        out = out.convert("RGB")
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
