"""Small page images for 版面导航, made once at ingest.

A phone showing the page list should not download every full page image;
a 200-pixel JPEG is a few kilobytes. Thumbnails are stored beside the page
image under a name derived from it, so a re-ingest reuses them.
"""

from __future__ import annotations

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

THUMB_WIDTH = 200


def thumbnail_name(image_name: str) -> str:
    stem = posixpath.splitext(posixpath.basename(image_name))[0]
    return f"thumbs/{stem[:2]}/{stem}-w{THUMB_WIDTH}.jpg"


def make_thumbnail(data: bytes, width: int = THUMB_WIDTH) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        img.draft("RGB", (width, width * 4))  # JPEG: decode at a reduced scale
        rgb = img.convert("RGB")
        height = max(1, round(rgb.height * width / rgb.width))
        small = rgb.resize((width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=80, optimize=True)
        return out.getvalue()


def store_thumbnail(image_name: str, read) -> str:
    """Store (once) the thumbnail of a stored page image; '' if it is no image."""
    name = thumbnail_name(image_name)
    if default_storage.exists(name):
        return name
    try:
        data = make_thumbnail(read())
    except (UnidentifiedImageError, OSError, ValueError):
        return ""
    default_storage.save(name, ContentFile(data))
    return name
