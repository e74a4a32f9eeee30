"""The IIIF Image API 3.0 request, parsed and bounded before any pixel is read.

``{region}/{size}/{rotation}/{quality}.{format}`` is turned into a ``Request``:
the source rectangle to cut and the output size, both in whole pixels of the
source image (the stored 2x page image). Broadsheet answers compliance level 1
(regions by pixels and percent, ``square``; sizes by width, height, both,
best-fit ``!w,h``, percent and ``max``), plus upscaling with ``^`` up to the
source's own size: a page is never served larger than it is stored, so
``maxWidth``/``maxHeight`` in ``info.json`` are the source's width and height.

Everything is checked here, so a request for an absurd size is a 400 before
Pillow allocates anything: numbers have at most ``MAX_DIGITS`` digits, the
output is at most the source's size and ``MAX_AREA`` pixels (and never zero),
and a region must overlap the image. A valid request for what level 1 does not offer (rotation,
``gray``/``bitonal``, ``png``) is ``NotImplemented`` (501), as the spec asks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_DIGITS = 6  # no page image is a million pixels wide; longer numbers are refused outright
_INT = rf"[0-9]{{1,{MAX_DIGITS}}}"
_FLOAT = rf"[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]{{1,{MAX_DIGITS}}})?"
_REGION_PX = re.compile(rf"^({_INT}),({_INT}),({_INT}),({_INT})$")
_REGION_PCT = re.compile(rf"^pct:({_FLOAT}),({_FLOAT}),({_FLOAT}),({_FLOAT})$")
_SIZE_WH = re.compile(rf"^(!)?({_INT})?,({_INT})?$")
_SIZE_PCT = re.compile(rf"^pct:({_FLOAT})$")
_ROTATION = re.compile(rf"^!?{_FLOAT}$")

TILE = 512  # pixels: the side of the tiles info.json offers
# Pixels of one answer at most: a rendered page (2400 px wide, at most 4:1) is smaller, but
# a bundle's page scan may reach ingest's limit (80 MP) and is then served in parts.
MAX_AREA = 25_000_000
QUALITIES = ("default", "color")
FORMATS = ("jpg",)


class BadRequest(ValueError):
    """A request the Image API forbids or that exceeds the limits: the answer is 400."""


class NotImplementedFeature(ValueError):
    """A well-formed request for a feature beyond level 1: the answer is 501."""


@dataclass(frozen=True)
class Box:
    """A rectangle of the source image in pixels."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Request:
    region: Box
    width: int  # of the answer, in pixels
    height: int


def parse(
    region: str, size: str, rotation: str, quality: str, fmt: str, source: tuple[int, int]
) -> Request:
    """The checked request for an image of ``source`` (width, height) pixels."""
    box = parse_region(region, source)
    width, height = parse_size(size, box, source)
    check_rotation(rotation)
    if quality not in QUALITIES and quality not in ("gray", "bitonal"):
        raise BadRequest(f"unknown quality {quality!r}")
    if quality not in QUALITIES:
        raise NotImplementedFeature(f"quality {quality!r} is not offered (level 1)")
    if fmt not in FORMATS:
        raise NotImplementedFeature(f"format {fmt!r} is not offered: only jpg")
    return Request(box, width, height)


def parse_region(region: str, source: tuple[int, int]) -> Box:
    """``full``, ``square``, ``x,y,w,h`` or ``pct:x,y,w,h``, clipped to the image."""
    width, height = source
    if region == "full":
        return Box(0, 0, width, height)
    if region == "square":
        side = min(width, height)
        return Box((width - side) // 2, (height - side) // 2, side, side)
    if match := _REGION_PX.match(region):
        x, y, w, h = (int(g) for g in match.groups())
    elif match := _REGION_PCT.match(region):
        px, py, pw, ph = (float(g) for g in match.groups())
        x, y = math.floor(px * width / 100), math.floor(py * height / 100)
        w, h = math.ceil(pw * width / 100), math.ceil(ph * height / 100)
    else:
        raise BadRequest(f"malformed region {region!r}")
    return clip(Box(x, y, w, h), source)


def clip(box: Box, source: tuple[int, int]) -> Box:
    """The part of ``box`` inside the image; a box with no area there is a 400."""
    width, height = source
    if box.width <= 0 or box.height <= 0 or box.x >= width or box.y >= height:
        raise BadRequest("the region is empty or outside the image")
    return Box(box.x, box.y, min(box.width, width - box.x), min(box.height, height - box.y))


def parse_size(size: str, box: Box, source: tuple[int, int]) -> tuple[int, int]:
    """The answer's (width, height); never larger than the source image, never zero."""
    upscale = size.startswith("^")
    spec = size[1:] if upscale else size
    width, height = _scaled(spec, box)
    if width < 1 or height < 1:
        raise BadRequest(f"size {size!r} leaves no pixel")
    if not upscale and (width > box.width or height > box.height):
        raise BadRequest(f"size {size!r} is larger than the region: ask with ^ to upscale")
    if width > source[0] or height > source[1]:
        raise BadRequest(f"size {size!r} is larger than the image's {source[0]}x{source[1]}")
    if width * height > max_area(source):
        raise BadRequest(f"size {size!r} is more than {max_area(source):,} pixels (maxArea)")
    return width, height


def max_area(source: tuple[int, int]) -> int:
    """The most pixels one answer may have (``maxArea`` in info.json)."""
    return min(source[0] * source[1], MAX_AREA)


def _scaled(spec: str, box: Box) -> tuple[int, int]:
    if spec == "max":
        return box.width, box.height
    if match := _SIZE_PCT.match(spec):
        scale = float(match.group(1)) / 100
        return round(box.width * scale), round(box.height * scale)
    match = _SIZE_WH.match(spec)
    if match is None:
        raise BadRequest(f"malformed size {spec!r}")
    bang, w, h = match.group(1), match.group(2), match.group(3)
    if w is None and h is None or bang and (w is None or h is None):
        raise BadRequest(f"malformed size {spec!r}")
    return _fitted(bool(bang), w, h, box)


def _fitted(best_fit: bool, w: str | None, h: str | None, box: Box) -> tuple[int, int]:
    """``w,``, ``,h``, ``w,h`` or ``!w,h`` (the largest size keeping the aspect ratio)."""
    if w is None:
        return round(box.width * int(h or 0) / box.height), int(h or 0)
    if h is None:
        return int(w), round(box.height * int(w) / box.width)
    if not best_fit:
        return int(w), int(h)
    scale = min(int(w) / box.width, int(h) / box.height)
    return max(1, round(box.width * scale)), max(1, round(box.height * scale))


def check_rotation(rotation: str) -> None:
    if not _ROTATION.match(rotation):
        raise BadRequest(f"malformed rotation {rotation!r}")
    if rotation != "0":
        raise NotImplementedFeature("rotation and mirroring are not offered (level 1)")


def scale_factors(size: tuple[int, int]) -> list[int]:
    """1, 2, 4... until the whole image fits one tile: the pyramid info.json offers."""
    factors = [1]
    while max(size) / factors[-1] > TILE:
        factors.append(factors[-1] * 2)
    return factors


def tiles_of(size: tuple[int, int], factor: int) -> list[Request]:
    """Every tile of the pyramid at ``factor``, as a viewer following info.json asks for it:
    the region a grid square of ``TILE * factor`` pixels, the size the region / factor."""
    side, (width, height) = TILE * factor, size
    return [
        tile_request(Box(x, y, min(side, width - x), min(side, height - y)), factor)
        for y in range(0, height, side)
        for x in range(0, width, side)
    ]


def tile_request(box: Box, factor: int) -> Request:
    return Request(box, -(-box.width // factor), -(-box.height // factor))


def pyramid_factor(request: Request, size: tuple[int, int]) -> int | None:
    """The scale factor of the pyramid tile ``request`` is, or None for any other request."""
    box = request.region
    for factor in scale_factors(size):
        side = TILE * factor
        if box.x % side or box.y % side:
            continue
        expected = Box(box.x, box.y, min(side, size[0] - box.x), min(side, size[1] - box.y))
        if request == tile_request(expected, factor):
            return factor
    return None
