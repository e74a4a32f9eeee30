"""Benchmark: the doors (feeds, sitemaps) on People's Daily, January 1998 replicated to N years.

    .venv/bin/python bench/doors.py             # 10 Januaries (31,480 articles)
    .venv/bin/python bench/doors.py --years 30

Loads the GBK corpus (``../shared/corpora/raw``), shifted by one year per copy
(``bench/ingest.replicate``), into a fresh SQLite database as drafts, then
publishes every edition with one UPDATE (the doors read only the status). Then
times, warm, through Django's test client (URL routing, views, templates, no
network): the sitemap index (it counts every per-year sitemap), one year's
article and page sitemaps, the news sitemap, the article and edition feeds in
RSS and Atom, and an article page with its citation tags. Prints the median of
5 runs, the answer's size and the number of SQL queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
os.environ.setdefault("BROADSHEET_INGEST_FOLLOWER", "0")
os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="bench-doors-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.ingest import replicate  # noqa: E402
from broadsheet.editions.models import Article, Edition  # noqa: E402
from broadsheet.ingest.runner import run_ingest  # noqa: E402

RUNS = 5


def load(years: int) -> str:
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        summary = run_ingest([replicate(years, Path(folder))], publish=False)
    assert not summary.errors, summary.errors[:3]
    Edition.objects.update(status=Edition.Status.PUBLISHED)
    return Edition.objects.values_list("newspaper__slug", flat=True).first()


def timed(client: Client, url: str) -> tuple[float, int, int]:
    """Median seconds of RUNS warm requests, bytes of the answer, queries of one request."""
    client.get(url)  # warm
    seconds = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(seconds), len(response.content), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    paper = load(args.years)
    print(f"{Edition.objects.count():,} editions, {Article.objects.count():,} articles")
    article = Article.objects.select_related("page__edition").order_by("pk").first()
    edition = article.page.edition
    urls = [
        "/sitemap.xml",
        f"/sitemap-{paper}-1998.xml",
        f"/sitemap-{paper}-1998-pages.xml",
        "/sitemap-news.xml",
        f"/{paper}/feed.rss",
        f"/{paper}/feed.atom",
        f"/{paper}/editions.rss",
        f"/{paper}/{edition.date}/{article.page.label}/{article.order}/",
    ]
    client = Client()
    for url in urls:
        seconds, size, queries = timed(client, url)
        print(f"{url:<40} {seconds * 1000:8.1f} ms {size / 1024:8.0f} KiB {queries:4d} queries")


if __name__ == "__main__":
    main()
