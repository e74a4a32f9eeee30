"""Benchmark: one reader page's CPU time inside one process, where bench/serve.py's time goes.

    .venv/bin/python bench/render.py                 # the demo in a new data folder
    .venv/bin/python bench/render.py --requests 1000 --data /tmp/demo-data

No network and no gunicorn: each request is a WSGI call into Django's handler
(the middleware, the view, the template), timed in CPU seconds of this process
(``time.process_time``), so other work on the machine changes the figures less
than wall time. For an article, a page, an edition and a search of the demo
(bench/serving.py's samples), in one run:

- **uncached**: every request a URL the page cache has not seen (a query string
  the views ignore), as bench/serve.py's column of that name;
- **no cache**: ``PAGE_CACHE_SECONDS = 0``: nothing kept, not even the parts every
  page shares (the newspaper list, the calendar);
- **cached**: the same URL answered from the page cache: the baseline, the least
  a request costs in Django here;

each the median of ``--requests`` requests after a warm-up, with the SQL queries
of one request and the ratio to the cached answer. ``--profile KIND`` prints
cProfile's top functions for that page uncached.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(data: str | None) -> None:
    """Point Django at ``data`` (a folder with the demo), or load the demo into a new one."""
    if data is None:
        data = tempfile.mkdtemp(prefix="bench-render-")
        print("loading the demo editions…", file=sys.stderr)
        env = {**os.environ, "BROADSHEET_DATA_DIR": data, "BROADSHEET_INGEST_FOLLOWER": "0"}
        subprocess.run(
            [sys.executable, "-m", "broadsheet.cli", "demo", "--no-serve"],
            env=env, cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
    os.environ["BROADSHEET_DATA_DIR"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    os.environ["BROADSHEET_SEARCH_FOLLOW_S"] = "0"  # no follower thread beside the timing
    import django

    django.setup()


class Caller:
    """WSGI requests into Django's handler, as gunicorn would make them."""

    def __init__(self) -> None:
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import RequestFactory

        self.handler = WSGIHandler()
        self.factory = RequestFactory()
        self.counter = itertools.count()

    def unique(self, path: str) -> str:
        return f"{path}{'&' if '?' in path else '?'}bench={next(self.counter)}"

    def __call__(self, path: str) -> bytes:
        environ = self.factory.get(path).environ
        environ["wsgi.input"] = io.BytesIO(b"")
        status = []
        body = self.handler(environ, lambda line, headers: status.append(line))
        try:
            content = b"".join(body)
        finally:
            body.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{path}: {status[0]}")
        return content


def cpu_ms(request, count: int) -> float:
    """Median CPU milliseconds of ``count`` calls of ``request`` after a warm-up."""
    for _ in range(max(10, count // 10)):
        request()
    times = []
    for _ in range(count):
        start = time.process_time()
        request()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def queries(request) -> int:
    from django.db import connection

    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        request()
    return len(seen)


def samples() -> dict[str, str]:
    """An article, its page, its edition and a search, as bench/serving.py picks them."""
    from broadsheet.editions.models import Article
    from broadsheet.editions.urls import article_url, edition_url, page_url

    article = (
        Article.objects.filter(page__edition__status="published", page__order=1, order=1)
        .select_related("page__edition__newspaper")
        .order_by("-page__edition__date")
        .first()
    )
    edition = article.page.edition
    return {
        "article": article_url(article),
        "page": page_url(edition.newspaper.slug, edition.date, article.page.label),
        "edition": edition_url(edition.newspaper.slug, edition.date),
        "search": f"/search/?q={article.headline[:2]}",
    }


def measure(call: Caller, path: str, count: int) -> dict[str, tuple[float, int]]:
    from django.test import override_settings

    uncached = lambda: call(call.unique(path))  # noqa: E731
    out = {"uncached": (cpu_ms(uncached, count), queries(uncached))}
    with override_settings(PAGE_CACHE_SECONDS=0):
        out["no cache"] = (cpu_ms(uncached, count), queries(uncached))
    call(path)
    out["cached"] = (cpu_ms(lambda: call(path), count), queries(lambda: call(path)))
    return out


def profile(call: Caller, path: str, count: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        call(call.unique(path))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per figure")
    parser.add_argument("--data", help="a data folder that holds the demo already")
    parser.add_argument("--profile", choices=["article", "page", "edition", "search"])
    args = parser.parse_args()
    prepare(args.data)
    call = Caller()
    paths = samples()
    if args.profile:
        profile(call, paths[args.profile], args.requests)
        return
    columns = ("uncached", "no cache", "cached")
    print("CPU ms per request (median), queries; ratio = ms / cached ms; one process, no network")
    print(f"{'page':8}" + "".join(f" | {c:>17}" for c in columns) + " | ratios")
    for kind, path in paths.items():
        got = measure(call, path, args.requests)
        cells = "".join(f" | {got[c][0]:8.2f} ms {got[c][1]:2d} q" for c in columns)
        base = got["cached"][0]
        ratios = ", ".join(f"{got[c][0] / base:.1f}" for c in columns[:2])
        print(f"{kind:8}{cells} | {ratios}")


if __name__ == "__main__":
    main()
