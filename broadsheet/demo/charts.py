"""Chart painters: bar, line and ring charts drawn from a story's own figures.

Parameters come from the content file: ``标题`` (title), ``单位`` (unit), and
every other ``label=value`` pair is a data point, in the order written.
"""

from __future__ import annotations

import random

from PIL import Image

from .brushes import font, pen

INK = (40, 40, 46)
GRID = (214, 214, 220)
PALETTE = [(190, 40, 40), (40, 100, 160), (230, 160, 40), (70, 140, 90), (120, 80, 150)]
RESERVED = ("标题", "单位")


def series(params: dict) -> list[tuple[str, float]]:
    return [(k, float(v)) for k, v in params.items() if k not in RESERVED]


def describe(kind: str, params: dict) -> str:
    """A chart in words, for alt text: title, then every point with its unit."""
    unit = params.get("单位", "")
    names = {"bars": "柱状图", "line": "折线图", "ring": "环形图"}
    points = "，".join(f"{k}{v:g}{unit}" for k, v in series(params))
    return f"{names.get(kind, '图表')}：{params.get('标题', '')}。{points}。"


def _frame(image: Image.Image, params: dict):
    """Title and plot area; returns (draw, left, top, right, bottom, text size)."""
    w, h = image.size
    size = max(14, int(min(w, h * 1.6) / 26))
    draw = pen(image)
    draw.rectangle([0, 0, w, h], fill=(250, 248, 244))
    draw.text(
        (w / 2, size * 0.6),
        params.get("标题", ""),
        font=font(int(size * 1.2)),
        fill=INK,
        anchor="mt",
    )
    if params.get("单位"):
        draw.text(
            (w - size, size * 2.3),
            f"单位：{params['单位']}",
            font=font(size),
            fill=INK,
            anchor="rt",
        )
    return draw, size * 2.5, size * 4, w - size * 1.5, h - size * 2.5, size


def _scale(points, top: float, bottom: float):
    peak = max(v for _, v in points) * 1.15 or 1.0
    return lambda v: bottom - (bottom - top) * v / peak


def bars(image: Image.Image, rng: random.Random, params: dict) -> None:
    points = series(params)
    draw, left, top, right, bottom, size = _frame(image, params)
    y = _scale(points, top, bottom)
    slot = (right - left) / len(points)
    for i, (label, value) in enumerate(points):
        x = left + slot * i + slot * 0.2
        draw.rectangle(
            [x, y(value), x + slot * 0.6, bottom],
            fill=PALETTE[1] if i == len(points) - 1 else PALETTE[0],
        )
        draw.text(
            (x + slot * 0.3, y(value) - 4), f"{value:g}", font=font(size), fill=INK, anchor="mb"
        )
        draw.text((x + slot * 0.3, bottom + 6), label, font=font(size), fill=INK, anchor="mt")
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=2)


def line(image: Image.Image, rng: random.Random, params: dict) -> None:
    points = series(params)
    draw, left, top, right, bottom, size = _frame(image, params)
    y = _scale(points, top, bottom)
    for k in range(1, 5):
        gy = top + (bottom - top) * k / 5
        draw.line([(left, gy), (right, gy)], fill=GRID, width=1)
    step = (right - left) / max(1, len(points) - 1)
    xy = [(left + step * i, y(v)) for i, (_, v) in enumerate(points)]
    draw.line(xy, fill=PALETTE[1], width=max(3, size // 5), joint="curve")
    for (x, py), (label, value) in zip(xy, points, strict=True):
        draw.ellipse([x - 5, py - 5, x + 5, py + 5], fill=PALETTE[0])
        draw.text((x, py - 8), f"{value:g}", font=font(size), fill=INK, anchor="mb")
        draw.text((x, bottom + 6), label, font=font(size), fill=INK, anchor="mt")
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=2)


def ring(image: Image.Image, rng: random.Random, params: dict) -> None:
    points = series(params)
    draw, left, top, right, bottom, size = _frame(image, params)
    r = min(bottom - top, (right - left) * 0.5) / 2
    cx, cy = left + r + size, (top + bottom) / 2
    total, start = sum(v for _, v in points) or 1.0, -90.0
    for i, (label, value) in enumerate(points):
        sweep = 360 * value / total
        draw.pieslice([cx - r, cy - r, cx + r, cy + r], start, start + sweep, fill=PALETTE[i % 5])
        start += sweep
        ly = top + size * 1.8 * i + size
        draw.rectangle([cx + r + size * 2, ly, cx + r + size * 3, ly + size], fill=PALETTE[i % 5])
        draw.text(
            (cx + r + size * 3.5, ly),
            f"{label} {value:g}{params.get('单位', '')}",
            font=font(size),
            fill=INK,
        )
    draw.ellipse([cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55], fill=(250, 248, 244))


PAINTERS = {"bars": bars, "line": line, "ring": ring}
