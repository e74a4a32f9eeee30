"""Scene painters: simple flat illustrations standing in for news photos.

Each painter draws on a blank RGB image of any size, using only proportions
of its width and height, so a picture fits whatever place the layout gives it.
"""

from __future__ import annotations

import random

from PIL import Image

from .brushes import disc, gradient, hills, mix, pen, ridge


def river(image: Image.Image, rng: random.Random, params: dict) -> None:
    """Hills over a river, the city's emblem; ``bridge=1`` adds an arch bridge."""
    w, h = image.size
    gradient(image, (120, 170, 215), (226, 236, 240), 0, int(h * 0.6))
    disc(pen(image), w * 0.78, h * 0.18, h * 0.07, (255, 236, 190))
    hills(image, rng, h * 0.42, h * 0.05, (128, 150, 170))
    hills(image, rng, h * 0.52, h * 0.04, (84, 128, 96))
    draw = pen(image)
    draw.rectangle([0, h * 0.62, w, h], fill=(70, 120, 160))
    for _ in range(40):
        y, x = rng.uniform(h * 0.64, h), rng.uniform(0, w)
        draw.line([(x, y), (x + rng.uniform(10, w * 0.08), y)], fill=(200, 225, 240, 140), width=2)
    if params.get("bridge"):
        _bridge(draw, w, h)


def _bridge(draw, w: int, h: int) -> None:
    deck = h * 0.58
    draw.rectangle([0, deck, w, deck + h * 0.025], fill=(235, 230, 220))
    for i in range(5):
        x0 = w * (0.05 + i * 0.19)
        draw.arc(
            [x0, deck, x0 + w * 0.17, deck + h * 0.16], 180, 360, fill=(235, 230, 220), width=4
        )


def city(image: Image.Image, rng: random.Random, params: dict) -> None:
    """A skyline at dusk with lit windows and its reflection."""
    w, h = image.size
    gradient(image, (58, 62, 120), (246, 170, 110), 0, int(h * 0.75))
    draw, x = pen(image), 0.0
    while x < w:
        bw, bh = rng.uniform(w * 0.04, w * 0.1), rng.uniform(h * 0.2, h * 0.6)
        top = h * 0.75 - bh
        draw.rectangle(
            [x, top, x + bw, h * 0.75], fill=mix((40, 44, 70), (70, 70, 100), rng.random())
        )
        _windows(draw, rng, x, top, bw, h * 0.75)
        x += bw + rng.uniform(0, w * 0.015)
    draw.rectangle([0, h * 0.75, w, h], fill=(48, 60, 96))
    for _ in range(60):
        y, x = rng.uniform(h * 0.77, h), rng.uniform(0, w)
        draw.line([(x, y), (x + rng.uniform(6, 30), y)], fill=(250, 200, 120, 110), width=2)


def _windows(draw, rng, x, top, bw, bottom) -> None:
    step = max(6.0, bw / 5)
    for wy in range(int(top + step), int(bottom - step), int(step * 1.4)):
        for wx in range(int(x + step * 0.5), int(x + bw - step * 0.5), int(step)):
            if rng.random() < 0.45:
                draw.rectangle([wx, wy, wx + step * 0.45, wy + step * 0.6], fill=(255, 214, 130))


def field(image: Image.Image, rng: random.Random, params: dict) -> None:
    """Autumn fields in perspective with a farmhouse; ``green=1`` for a winter crop."""
    w, h = image.size
    gradient(image, (150, 196, 230), (240, 240, 230), 0, int(h * 0.45))
    crop = (120, 168, 80) if params.get("green") else (214, 178, 86)
    draw = pen(image)
    draw.rectangle([0, h * 0.45, w, h], fill=crop)
    for i in range(-12, 13):
        draw.line(
            [(w / 2 + i * w * 0.02, h * 0.45), (w / 2 + i * w * 0.16, h)],
            fill=mix(crop, (90, 70, 30), 0.35),
            width=3,
        )
    for _ in range(18):
        x = rng.uniform(0, w)
        disc(draw, x, h * 0.43, rng.uniform(h * 0.03, h * 0.06), (70, 110, 70))
    hx, hy = w * 0.7, h * 0.5
    draw.rectangle([hx, hy - h * 0.1, hx + w * 0.12, hy], fill=(245, 240, 230))
    draw.polygon(
        [
            (hx - w * 0.01, hy - h * 0.1),
            (hx + w * 0.06, hy - h * 0.17),
            (hx + w * 0.13, hy - h * 0.1),
        ],
        fill=(150, 60, 50),
    )


def snow(image: Image.Image, rng: random.Random, params: dict) -> None:
    """Snowy hills with pines and falling snow."""
    w, h = image.size
    gradient(image, (176, 192, 210), (232, 238, 244))
    hills(image, rng, h * 0.5, h * 0.06, (214, 224, 236))
    hills(image, rng, h * 0.7, h * 0.04, (246, 248, 252))
    draw = pen(image)
    for _ in range(14):
        x, base, size = (
            rng.uniform(0, w),
            rng.uniform(h * 0.62, h * 0.95),
            rng.uniform(h * 0.08, h * 0.2),
        )
        draw.polygon(
            [(x, base - size), (x - size * 0.35, base), (x + size * 0.35, base)], fill=(44, 90, 70)
        )
        draw.polygon(
            [
                (x, base - size),
                (x - size * 0.12, base - size * 0.66),
                (x + size * 0.12, base - size * 0.66),
            ],
            fill=(250, 250, 252),
        )
    for _ in range(160):
        disc(draw, rng.uniform(0, w), rng.uniform(0, h), rng.uniform(1, 3.5), (255, 255, 255, 200))


def stage(image: Image.Image, rng: random.Random, params: dict) -> None:
    """A theatre stage under spotlights with performers' silhouettes."""
    w, h = image.size
    gradient(image, (30, 20, 40), (60, 30, 40))
    draw = pen(image)
    for x in (w * 0.3, w * 0.5, w * 0.7):
        draw.polygon(
            [(x, 0), (x - w * 0.12, h * 0.85), (x + w * 0.12, h * 0.85)], fill=(255, 240, 200, 50)
        )
    draw.rectangle([0, h * 0.82, w, h], fill=(110, 70, 45))
    for i in range(rng.randint(3, 5)):
        x = w * (0.3 + 0.4 * i / 4) + rng.uniform(-10, 10)
        disc(draw, x, h * 0.5, h * 0.04, (20, 15, 25))
        draw.rounded_rectangle(
            [x - h * 0.05, h * 0.55, x + h * 0.05, h * 0.83], 8, fill=(20, 15, 25)
        )
    for side in (0, 1):
        for k in range(6):
            x0 = w * 0.03 * k if side == 0 else w - w * 0.03 * (k + 1)
            draw.rectangle(
                [x0, 0, x0 + w * 0.03, h * 0.9], fill=mix((150, 20, 30), (90, 10, 20), k % 2)
            )


def track(image: Image.Image, rng: random.Random, params: dict) -> None:
    """A running track with runners and crowded stands."""
    w, h = image.size
    draw = pen(image)
    draw.rectangle([0, 0, w, h * 0.3], fill=(90, 96, 120))
    for _ in range(500):
        disc(
            draw,
            rng.uniform(0, w),
            rng.uniform(0, h * 0.28),
            3,
            mix((200, 80, 60), (240, 220, 90), rng.random()),
        )
    draw.rectangle([0, h * 0.3, w, h], fill=(190, 82, 58))
    for i in range(7):
        y = h * (0.34 + i * 0.1)
        draw.line([(0, y), (w, y)], fill=(245, 240, 235), width=3)
    for i in range(4):
        x, y = w * (0.2 + i * 0.18) + rng.uniform(-20, 20), h * (0.39 + i * 0.1)
        color = mix((40, 90, 170), (230, 190, 40), i / 3)
        disc(draw, x, y - h * 0.09, h * 0.025, (60, 40, 30))
        draw.line([(x, y - h * 0.07), (x - 6, y)], fill=color, width=max(4, int(h * 0.02)))
        draw.line([(x - 6, y), (x - 20, y + h * 0.06)], fill=(60, 40, 30), width=4)
        draw.line([(x - 6, y), (x + 14, y + h * 0.05)], fill=(60, 40, 30), width=4)


def books(image: Image.Image, rng: random.Random, params: dict) -> None:
    """Library shelves full of book spines."""
    w, h = image.size
    draw = pen(image)
    draw.rectangle([0, 0, w, h], fill=(120, 84, 56))
    shelves = 3
    for s in range(shelves):
        top, bottom = h * s / shelves + h * 0.03, h * (s + 1) / shelves - h * 0.03
        draw.rectangle([0, bottom, w, bottom + h * 0.03], fill=(80, 52, 32))
        x = w * 0.02
        while x < w * 0.97:
            bw = rng.uniform(w * 0.015, w * 0.035)
            bt = top + rng.uniform(0, (bottom - top) * 0.3)
            color = mix((160, 40, 40), (40, 90, 140), rng.random())
            draw.rectangle(
                [x, bt, x + bw, bottom], fill=mix(color, (230, 210, 160), rng.random() * 0.4)
            )
            draw.line(
                [(x + bw * 0.2, bt + 8), (x + bw * 0.8, bt + 8)], fill=(230, 200, 120), width=2
            )
            x += bw + 1


def lanterns(image: Image.Image, rng: random.Random, params: dict) -> None:
    """A night street hung with red lanterns."""
    w, h = image.size
    gradient(image, (16, 24, 60), (50, 40, 80))
    draw = pen(image)
    for x0 in range(0, w, max(40, w // 9)):
        top = h * rng.uniform(0.35, 0.55)
        draw.rectangle([x0, top, x0 + w / 10, h], fill=(30, 26, 40))
        draw.polygon(
            [(x0 - 10, top), (x0 + w / 20, top - h * 0.08), (x0 + w / 10 + 10, top)],
            fill=(22, 20, 30),
        )
    for row, y in enumerate((h * 0.22, h * 0.4)):
        points = ridge(rng, w, y, h * 0.02, 10)
        draw.line(points, fill=(90, 80, 70), width=2)
        for x, py in points[1:-1]:
            r = h * (0.045 if row else 0.055)
            disc(draw, x, py + r * 1.3, r * 2.2, (255, 120, 60, 40))
            draw.ellipse([x - r * 1.1, py + r * 0.4, x + r * 1.1, py + r * 2.4], fill=(214, 40, 36))
            draw.rectangle(
                [x - r * 0.4, py + r * 0.25, x + r * 0.4, py + r * 0.5], fill=(230, 180, 60)
            )
            draw.line([(x, py + r * 2.4), (x, py + r * 3.1)], fill=(230, 180, 60), width=2)


def harbor(image: Image.Image, rng: random.Random, params: dict) -> None:
    """A river port: cranes, stacked containers and a cargo boat."""
    w, h = image.size
    gradient(image, (170, 200, 225), (235, 238, 240), 0, int(h * 0.6))
    draw = pen(image)
    draw.rectangle([0, h * 0.6, w, h], fill=(60, 110, 140))
    colors = [(200, 70, 50), (40, 110, 170), (230, 170, 50), (70, 140, 90)]
    for i in range(3):
        x = w * (0.15 + i * 0.28)
        draw.line([(x, h * 0.58), (x, h * 0.15)], fill=(220, 90, 40), width=6)
        draw.line([(x - w * 0.06, h * 0.18), (x + w * 0.14, h * 0.18)], fill=(220, 90, 40), width=5)
    for row in range(3):
        for k in range(int(w // 60)):
            if rng.random() < 0.7:
                x0, y0 = k * 60 + 5, h * 0.56 - row * h * 0.06
                draw.rectangle([x0, y0 - h * 0.055, x0 + 54, y0], fill=rng.choice(colors))
    draw.polygon(
        [(w * 0.2, h * 0.74), (w * 0.75, h * 0.74), (w * 0.7, h * 0.84), (w * 0.25, h * 0.84)],
        fill=(40, 44, 56),
    )
    draw.rectangle([w * 0.58, h * 0.66, w * 0.68, h * 0.74], fill=(240, 240, 240))


def tea(image: Image.Image, rng: random.Random, params: dict) -> None:
    """Terraced tea hills in morning mist."""
    w, h = image.size
    gradient(image, (200, 220, 215), (240, 244, 236), 0, int(h * 0.4))
    for i in range(9):
        base = h * (0.3 + i * 0.085)
        hills(image, rng, base, h * 0.03, mix((120, 170, 110), (40, 100, 60), i / 8))
        draw = pen(image)
        draw.line(ridge(rng, w, base + h * 0.02, h * 0.01), fill=(30, 80, 40, 120), width=3)
    draw = pen(image)
    for _ in range(5):
        y = rng.uniform(h * 0.3, h * 0.6)
        draw.rectangle([0, y, w, y + h * 0.04], fill=(255, 255, 255, 60))


def market(image: Image.Image, rng: random.Random, params: dict) -> None:
    """A covered market: striped awnings over stalls of produce."""
    w, h = image.size
    gradient(image, (236, 228, 214), (210, 196, 176))
    draw = pen(image)
    stalls = 4
    for s in range(stalls):
        x0, x1 = w * s / stalls + 6, w * (s + 1) / stalls - 6
        for k in range(8):
            color = (200, 50, 50) if (k + s) % 2 else (250, 245, 235)
            sx = x0 + (x1 - x0) * k / 8
            draw.rectangle([sx, h * 0.12, sx + (x1 - x0) / 8, h * 0.3], fill=color)
        draw.rectangle([x0, h * 0.62, x1, h * 0.9], fill=(150, 100, 60))
        for _ in range(26):
            fruit = rng.choice([(230, 120, 30), (200, 40, 40), (110, 170, 60), (240, 200, 60)])
            disc(
                draw,
                rng.uniform(x0 + 10, x1 - 10),
                rng.uniform(h * 0.56, h * 0.64),
                h * 0.025,
                fruit,
            )


PAINTERS = {
    "river": river,
    "city": city,
    "field": field,
    "snow": snow,
    "stage": stage,
    "track": track,
    "books": books,
    "lanterns": lanterns,
    "harbor": harbor,
    "tea": tea,
    "market": market,
}
