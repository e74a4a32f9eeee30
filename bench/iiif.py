"""Benchmark: the IIIF doors on the demo editions (page PDFs rendered at 2400 px wide).

    .venv/bin/python bench/iiif.py
    .venv/bin/python bench/iiif.py --runs 9

Builds and loads the demo (``broadsheet demo --no-serve``) into a fresh data folder, then
times, through Django's test client (routing, visibility, views; no network):

- the newest edition's manifest and its newspaper's collection (median of the runs, size,
  SQL queries);
- a page's ``info.json``;
- every tile of the page's pyramid as a viewer asks for it (512 px tiles at each scale
  factor of ``info.json``, as OpenSeadragon asks: ``x,y,w,h/w,h/0/default.jpg``): first
  cut from the stored JPEG (cache emptied), then answered from the file cache. Printed
  per scale factor: tiles, median and slowest milliseconds, and bytes per tile.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
os.environ.setdefault("BROADSHEET_INGEST_FOLLOWER", "0")
os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="bench-iiif-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from broadsheet.editions.models import Edition  # noqa: E402


def timed(client: Client, url: str) -> tuple[float, int, int]:
    """Milliseconds, bytes and SQL queries of one GET (which must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content), len(queries)


def document(client: Client, url: str, runs: int) -> None:
    results = [timed(client, url) for _ in range(runs)]
    median = statistics.median(r[0] for r in results)
    print(f"{url}: {median:.1f} ms median, {results[0][1]:,} bytes, {results[0][2]} queries")


def tile_urls(base: str, info: dict, factor: int) -> list[str]:
    """The tiles a viewer asks for at one scale factor (OpenSeadragon's requests: the size is
    the level's size, ceil(width / factor), less the tiles before, so it rounds up)."""
    side = info["tiles"][0]["width"] * factor
    urls = []
    for y in range(0, info["height"], side):
        for x in range(0, info["width"], side):
            w, h = min(side, info["width"] - x), min(side, info["height"] - y)
            urls.append(f"{base}/{x},{y},{w},{h}/{-(-w // factor)},{-(-h // factor)}/0/default.jpg")
    return urls


def pyramid(client: Client, base: str, info: dict, label: str) -> None:
    for factor in info["tiles"][0]["scaleFactors"]:
        results = [timed(client, url) for url in tile_urls(base, info, factor)]
        times = sorted(r[0] for r in results)
        size = statistics.mean(r[1] for r in results)
        print(
            f"  {label} scale 1/{factor}: {len(results)} tiles, {statistics.median(times):.1f} ms"
            f" median, {times[-1]:.1f} ms slowest, {size / 1024:.0f} KB each"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    edition = Edition.objects.public().select_related("newspaper").order_by("-date").first()
    assert edition is not None
    slug, date = edition.newspaper.slug, edition.date.isoformat()
    label = edition.pages.order_by("order").first().label
    client = Client()
    document(client, f"/iiif/{slug}/{date}/manifest.json", args.runs)
    document(client, f"/iiif/{slug}/collection.json", args.runs)
    base = f"/iiif/image/{slug}/{date}/{label}"
    document(client, f"{base}/info.json", args.runs)
    info = json.loads(client.get(f"{base}/info.json").content)
    print(f"page {label}: {info['width']} x {info['height']} px")
    shutil.rmtree(settings.IIIF_CACHE_DIR, ignore_errors=True)
    pyramid(client, base, info, "cut")
    pyramid(client, base, info, "cached")


if __name__ == "__main__":
    main()
