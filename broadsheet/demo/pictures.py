"""The sample's pictures, painted with Pillow: scenes and charts, any aspect ratio.

Pictures are painted after the page is laid out, at the exact shape of their
place on the page, so nothing is stretched or cropped. Every painter is seeded
from the story, so the same sample always gives the same bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from PIL import Image

from . import charts, scenes
from .stories import Picture

Painter = Callable[[Image.Image, random.Random, dict], None]
PAINTERS: dict[str, Painter] = {**scenes.PAINTERS, **charts.PAINTERS}
MIN_WIDTH = 720  # pixels: wide enough for the article view


class UnknownPicture(ValueError):
    pass


def paint(picture: Picture, width: int, height: int, seed: str) -> Image.Image:
    """A picture ``width`` x ``height`` pixels; ``seed`` makes it repeatable."""
    painter = PAINTERS.get(picture.kind)
    if painter is None:
        raise UnknownPicture(f"unknown picture kind {picture.kind!r} (known: {sorted(PAINTERS)})")
    image = Image.new("RGB", (width, height), "white")
    painter(image, random.Random(seed), dict(picture.params))
    return image


def encode(image: Image.Image, kind: str) -> tuple[bytes, str]:
    """Charts as PNG (sharp lines), scenes as JPEG (small); returns bytes and extension."""
    out = io.BytesIO()
    if kind in charts.PAINTERS:
        image.save(out, "PNG", optimize=True)
        return out.getvalue(), ".png"
    image.save(out, "JPEG", quality=86, optimize=True)
    return out.getvalue(), ".jpg"


def alt_text(picture: Picture) -> str:
    """What a screen reader says: the given alt, a chart's data, or the caption."""
    if picture.alt:
        return picture.alt
    if picture.kind in charts.PAINTERS:
        return charts.describe(picture.kind, dict(picture.params))
    return picture.caption
