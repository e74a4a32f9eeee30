"""PostgreSQL beside the embedded defaults, in one run: search latency and ingest rate.

    .venv/bin/python bench/postgres.py                    # search at 10x, ingest of 50 years
    .venv/bin/python bench/postgres.py --scale 50         # search at 50 years
    .venv/bin/python bench/postgres.py --only search      # or: --only ingest

Starts a throwaway PostgreSQL cluster (``tests/pg_cluster.py``; as root it runs
as the ``postgres`` user), then:

- **search**: the same replicated corpus (``bench/search.py``'s documents and
  query classes) indexed by tantivy and by the ``postgres`` backend; per query
  class the recall against the brute-force scan and p50/p95 latency of each,
  with the ratio PostgreSQL / tantivy; and the same table searched with
  ``ts_rank`` over every match instead of the capped ranking, the design
  docs/decisions.md compares it with; and the floor of any plan through the
  GIN index, the matches counted and nothing else; and both engines again with
  every request sorted newest first.
- **ingest**: ``bench/ingest.py``'s full ingest of the GBK People's Daily month
  replicated to N years, into SQLite + tantivy and into PostgreSQL + the
  ``postgres`` backend, each in a fresh process and database, once as drafts
  (the loader alone) and once with ``--publish`` (every article indexed);
  articles per second and the ratio.

The cluster runs with fsync off, as tests do: figures compare engines on this
machine, not durable-write throughput.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pg_cluster import Cluster, create_cluster  # noqa: E402


def load_bench(name: str):
    """Import ``bench/<name>.py`` as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def create_database(cluster: Cluster, name: str) -> str:
    import psycopg

    dsn = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    return cluster.url.rsplit("/", 1)[0] + f"/{name}"


def percentiles(rows: dict) -> dict[str, tuple[float, float]]:
    out = {}
    for kind, row in rows.items():
        lat = sorted(row["lat"])
        out[kind] = (statistics.median(lat), lat[min(len(lat) - 1, int(0.95 * len(lat)))])
    every = sorted(x for row in rows.values() for x in row["lat"])
    out["ALL"] = (statistics.median(every), every[int(0.95 * len(every))])
    return out


def compare(embedded: dict, postgres: dict) -> None:
    a, b = percentiles(embedded), percentiles(postgres)
    print(f"{'class':<14}{'tantivy p50':>12}{'pg p50':>9}{'x':>7}{'tantivy p95':>13}"
          f"{'pg p95':>9}{'x':>7}")  # fmt: skip
    for kind in a:
        (t50, t95), (p50, p95) = a[kind], b[kind]
        print(f"{kind:<14}{t50 * 1e3:>12.2f}{p50 * 1e3:>9.2f}{p50 / t50:>7.1f}"
              f"{t95 * 1e3:>13.2f}{p95 * 1e3:>9.2f}{p95 / t95:>7.1f}")  # fmt: skip


def bench_search(cluster: Cluster, scale: int, per_class: int, repeat: int) -> None:
    os.environ["DATABASE_URL"] = create_database(cluster, "bench_search")
    search = load_bench("search")  # sets Django up against DATABASE_URL
    from django.core.management import call_command

    from broadsheet.search.backends.postgres import PostgresBackend

    call_command("migrate", verbosity=0)
    docs = search.base_documents()
    scan = search.truth.Truth(docs)
    queries = list(search.truth.generate(scan, per_class=per_class))
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-index-") as folder:
        embedded, seconds = search.build(docs, scale, Path(folder))
        describe("tantivy", embedded, seconds)
        results["tantivy"] = search.measure(embedded, docs, queries, scan, scale, repeat)
        results[f"tantivy, {NEWEST}"] = search.measure(
            newest_first(embedded), docs, queries, scan, scale, repeat
        )
    postgres, start = PostgresBackend(), time.perf_counter()
    postgres.rebuild(search.replicated(docs, scale))
    describe("postgres", postgres, time.perf_counter() - start)
    results["postgres"] = search.measure(postgres, docs, queries, scan, scale, repeat)
    # The design not taken: ts_rank over every match (same table, no cap).
    uncapped = PostgresBackend(rank_cap=10**9)
    results["postgres, ts_rank of all matches"] = search.measure(
        uncapped, docs, queries, scan, scale, repeat
    )
    results[FLOOR] = search.measure(count_only(), docs, queries, scan, scale, repeat)
    results[NEWEST] = search.measure(newest_first(postgres), docs, queries, scan, scale, repeat)
    for name, rows in results.items():
        print(f"\n{name}:")
        search.report(rows)
    for name in ("postgres", "postgres, ts_rank of all matches", FLOOR):
        print(f"\nlatency, {name} against tantivy, {scale} x corpus (ms):")
        compare(results["tantivy"], results[name])
    print(f"\nlatency, newest first, postgres against tantivy, {scale} x corpus (ms):")
    compare(results[f"tantivy, {NEWEST}"], results[NEWEST])


FLOOR = "postgres, the matches counted and nothing else (recall 0: no hits asked)"
NEWEST = "newest first (the reader's 按时间 sort)"


def newest_first(backend):
    """``backend`` answering every request newest first, as a reader sorting by date asks."""

    class NewestFirst(type(backend)):
        def __init__(self):
            self.__dict__.update(backend.__dict__)

        def search(self, request):
            return super().search(dataclasses.replace(request, sort="newest"))

    return NewestFirst()


def count_only():
    """The floor of any query plan through the GIN index: ``count(*)`` of the matches.

    Nothing is ranked, ordered or fetched, so no ranking or query shape can make the
    ``postgres`` engine faster than this; a phrase still rechecks each candidate's vector.
    """
    from django.db import transaction

    from broadsheet.search.backends import postgres

    class CountOnly(postgres.PostgresBackend):
        def search(self, request):
            alias = postgres._read_alias()
            with transaction.atomic(using=alias), postgres._cursor(alias) as cursor:
                where = postgres.Where.of(request, postgres._overflow_of(cursor, request.query))
                cursor.execute("SET LOCAL enable_seqscan = off")
                return postgres._counted(cursor, where, request)

    return CountOnly()


def describe(name: str, backend, seconds: float) -> None:
    stats = backend.stats()
    print(f"{name}: {stats['documents']:,} documents indexed in {seconds:.1f} s, "
          f"{stats['bytes'] / 1e6:,.0f} MB", flush=True)  # fmt: skip


def bench_ingest(cluster: Cluster, years: int) -> None:
    """Drafts (the loader alone) and ``--publish`` (loader + search index) into each engine."""
    ingest = load_bench("ingest")
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        path = ingest.replicate(years, Path(folder))
        for phase, mode in (("ingest", "drafts"), ("publish", "--publish")):
            seconds = {}
            for label in ("sqlite", "postgres"):
                os.environ.pop("DATABASE_URL", None)
                os.environ["BROADSHEET_SEARCH_BACKEND"] = "tantivy"
                if label == "postgres":
                    os.environ["DATABASE_URL"] = create_database(cluster, "bench_ingest")
                    os.environ["BROADSHEET_SEARCH_BACKEND"] = "postgres"
                full = ingest.child(phase, path)
                seconds[label] = full["seconds"]
                print(f"ingest {years} years, {mode:<9} into {label:<8}: {full['articles']:,} "
                      f"articles in {full['seconds']:.1f} s, "
                      f"{full['articles'] / full['seconds']:,.0f} articles/s, "
                      f"peak {full['rss_mb']:.0f} MB", flush=True)  # fmt: skip
            print(f"ingest time, {mode}, PostgreSQL against SQLite: "
                  f"{seconds['postgres'] / seconds['sqlite']:.2f}x", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="corpus copies for search")
    parser.add_argument("--years", type=int, default=50, help="years of the ingest corpus")
    parser.add_argument("--per-class", type=int, default=30, help="queries per class")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query")
    parser.add_argument("--only", choices=["search", "ingest"], help="run one half")
    args = parser.parse_args()
    cluster = create_cluster()
    try:
        if args.only != "ingest":
            bench_search(cluster, args.scale, args.per_class, args.repeat)
        if args.only != "search":
            bench_ingest(cluster, args.years)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
