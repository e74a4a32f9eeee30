"""Small drawing helpers shared by the scene and chart painters."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFont

from .fonts import cjk_font

RGB = tuple[int, int, int]


def pen(image: Image.Image) -> ImageDraw.ImageDraw:
    """A drawing context that blends RGBA fills (for glow, mist, shadows)."""
    return ImageDraw.Draw(image, "RGBA")


def font(size: int) -> ImageFont.FreeTypeFont:
    found = cjk_font()
    return ImageFont.truetype(str(found.path), max(8, size), index=found.index)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    (ar, ag, ab), (br, bg, bb) = a, b
    return round(ar + (br - ar) * t), round(ag + (bg - ag) * t), round(ab + (bb - ab) * t)


def gradient(image: Image.Image, top: RGB, bottom: RGB, y0: int = 0, y1: int | None = None):
    """A vertical gradient between rows ``y0`` and ``y1``."""
    draw, y1 = ImageDraw.Draw(image), image.height if y1 is None else y1
    for y in range(y0, y1):
        draw.line([(0, y), (image.width, y)], fill=mix(top, bottom, (y - y0) / max(1, y1 - y0)))


def ridge(rng: random.Random, width: int, base: float, rough: float, steps: int = 24):
    """The outline of a range of hills: a random walk around ``base``."""
    points, y = [], base
    for i in range(steps + 1):
        y = base + (y - base) * 0.6 + rng.uniform(-rough, rough)
        points.append((width * i / steps, y))
    return points


def hills(image: Image.Image, rng: random.Random, base: float, rough: float, color):
    outline = ridge(rng, image.width, base, rough)
    pen(image).polygon([*outline, (image.width, image.height), (0, image.height)], fill=color)


def disc(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, fill, outline=None):
    draw.ellipse([x - r, y - r, x + r, y + r], fill=fill, outline=outline)
