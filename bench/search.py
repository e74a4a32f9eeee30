"""Search quality and speed on real text, against a brute-force scan measured in the same run.

    .venv/bin/python bench/search.py               # the corpora as they are
    .venv/bin/python bench/search.py --scale 50    # replicated to 50 years of Januaries
    .venv/bin/python bench/search.py --ingest      # also: indexing's share of ingest time
    .venv/bin/python bench/search.py --scale 50 --index /tmp/i50  # keep the index for re-runs

Documents are People's Daily (January 1998) and the Taiwan news from
``../shared/corpora``. ``--scale N`` replicates them at the index level, each
copy shifted back by one more year, with new ids. Queries are drawn from the
text (``tests/search/truth.py``); the truth is a plain Python scan of the
folded text, timed over all N copies.

Measured per query, warm, as the API answers it: parse + total count + top 20
by relevance + headline and snippet highlighting of the 20 hits. The
"page" column adds what the reader page also shows: counts per newspaper
and per month/year (one more aggregation pass). Not included: the database
fetch of the 20 rows and template rendering. Prints one row per query class.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="bench-search-"))

import django  # noqa: E402

django.setup()

from broadsheet.search import highlight  # noqa: E402
from broadsheet.search.backends.base import SearchRequest  # noqa: E402
from broadsheet.search.backends.tantivy import TantivyBackend  # noqa: E402
from broadsheet.search.query import parse  # noqa: E402
from tests.search import truth  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
STRIDE = 1_000_000  # id offset between copies


def base_documents() -> list:
    rmrb = truth.rmrb_documents(CORPORA / truth.RMRB)
    return [*rmrb, *truth.tw_documents(CORPORA / truth.TW_NEWS)]


def shifted(doc, copy: int):
    date = doc.date
    year = date.year - copy
    day = min(date.day, 28) if date.month == 2 else date.day
    return replace(
        doc,
        key=doc.key + copy * STRIDE,
        edition_id=doc.edition_id + copy * STRIDE,
        date=date.replace(year=year, day=day),
    )


def replicated(docs: list, scale: int):
    for copy in range(scale):
        for doc in docs:
            yield shifted(doc, copy)


def build(docs: list, scale: int, path: Path) -> tuple[TantivyBackend, float | None]:
    """The index of ``scale`` copies; an index already in ``path`` with that many is reused."""
    backend = TantivyBackend(path)
    if backend.stats()["documents"] == len(docs) * scale:
        return backend, None
    start = time.perf_counter()
    backend.rebuild(replicated(docs, scale))
    return backend, time.perf_counter() - start


def timed_search(backend, text: str, originals: dict, facets: bool = False) -> float:
    """Seconds for total + top 20 + highlighting (+ facets), as the API (or page) needs them."""
    start = time.perf_counter()
    query = parse(text)
    request = SearchRequest(query=query, now=int(time.time()), limit=20, facets=facets)
    result = backend.search(request)
    phrases = tuple(query.highlight_phrases())
    for hit in result.hits:
        headline, body = originals[hit.key % STRIDE]
        highlight.mark_all(headline, phrases)
        highlight.snippet(body, phrases)
    return time.perf_counter() - start


def scan_time(scan: truth.Truth, query, scale: int) -> tuple[set[int], float]:
    """The brute-force answer over all copies, and how long the scan took."""
    start = time.perf_counter()
    found = set()
    for copy in range(scale):
        found |= {aid + copy * STRIDE for aid in scan.matches(query)}
    return found, time.perf_counter() - start


def all_hits(backend, text: str, size: int) -> set[int]:
    request = SearchRequest(query=parse(text), now=int(time.time()), limit=size + 10)
    return {h.key for h in backend.search(request).hits}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def measure(backend, docs, queries, scan, scale, repeat: int) -> dict:
    originals = {d.key: (d.headline, d.body) for d in docs}
    rows = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "lat": [], "qmed": [], "page": [],
                                "scan": []})  # fmt: skip
    for query in queries:
        expected, took = scan_time(scan, query, scale)
        got = all_hits(backend, query.text, len(expected))
        row = rows[query.kind]
        row["tp"] += len(expected & got)
        row["fn"] += len(expected - got)
        row["fp"] += len(got - expected)
        row["scan"].append(took)
        timed_search(backend, query.text, originals, facets=True)  # warm
        runs = [timed_search(backend, query.text, originals) for _ in range(repeat)]
        row["lat"] += runs
        row["qmed"].append(statistics.median(runs))
        row["page"] += [timed_search(backend, query.text, originals, True) for _ in range(repeat)]
    return rows


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(rows: dict) -> None:
    print("API = parse + count + top 20 + highlighting; page = API + newspaper and date facets.")
    print("p50/p95/max over every timed run; q-med p95: p95 over queries of each query's median")
    print("run (less of other processes' noise); p95/scan: p95 / median brute-force scan. ms.")
    head = f"{'class':<14}{'n':>4}{'recall':>8}{'prec.':>7}{'p50':>8}{'p95':>8}{'max':>8}"
    print(head + f"{'q-med p95':>10}{'page p95':>10}{'scan p50':>10}{'p95/scan':>10}")
    every = {"tp": 0, "fn": 0, "fp": 0, "lat": [], "qmed": [], "page": [], "scan": []}
    for kind, row in [*rows.items(), ("ALL", every)]:
        if kind != "ALL":
            for key in every:
                every[key] += row[key]
        print(f"{kind:<14}{len(row['scan']):>4}{report_row(row)}")


def report_row(row: dict) -> str:
    lat, scan = row["lat"], statistics.median(row["scan"])
    p95 = percentile(lat, 0.95)
    recall = row["tp"] / max(1, row["tp"] + row["fn"])
    precision = row["tp"] / max(1, row["tp"] + row["fp"])
    return (f"{recall:>8.3f}{precision:>7.3f}{ms(percentile(lat, 0.5))}{ms(p95)}{ms(max(lat))}"
            f"{ms(percentile(row['qmed'], 0.95)):>10}{ms(percentile(row['page'], 0.95)):>10}"
            f"{ms(scan):>10}{p95 / scan:>10.4f}")  # fmt: skip


def ingest_share() -> None:
    """``broadsheet ingest`` of the PFR month (GBK zip): how much of its time is indexing?"""
    from django.core.management import call_command

    from broadsheet.ingest.runner import run_ingest
    from broadsheet.search import service

    call_command("migrate", verbosity=0)
    spent = [0.0]
    apply = service.apply_outbox

    def timed_apply() -> int:
        start = time.perf_counter()
        try:
            return apply()
        finally:
            spent[0] += time.perf_counter() - start

    service.apply_outbox = timed_apply  # the outbox's after-commit hook calls it
    source = CORPORA / "raw" / "rmrb199801_pfr_original_gbk.zip"
    start = time.perf_counter()
    summary = run_ingest([source], publish=True)
    total = time.perf_counter() - start
    print(f"ingest: {summary.editions} editions ({summary.articles} articles) in {total:.2f} s, "
          f"of which indexing {spent[0]:.2f} s ({100 * spent[0] / total:.0f}%)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the corpora (years)")
    parser.add_argument("--per-class", type=int, default=30, help="queries per class")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query")
    parser.add_argument("--index", type=Path, help="index folder to keep (reused if complete)")
    parser.add_argument("--ingest", action="store_true", help="also time ingest vs indexing")
    args = parser.parse_args()
    docs = base_documents()
    with tempfile.TemporaryDirectory(prefix="bench-index-") as folder:
        backend, seconds = build(docs, args.scale, args.index or Path(folder))
        describe(backend, docs, args.scale, seconds)
        scan = truth.Truth(docs)
        queries = truth.generate(scan, per_class=args.per_class)
        report(measure(backend, docs, queries, scan, args.scale, args.repeat))
    if args.ingest:
        ingest_share()


def describe(backend, docs: list, scale: int, seconds: float | None) -> None:
    stats = backend.stats()
    chars = sum(len(d.headline) + len(d.body) for d in docs) * scale / 1e6
    built = f"built in {seconds:.1f} s ({chars / seconds:.2f} M chars/s)" if seconds else "reused"
    print(f"{stats['documents']} documents ({scale} x {len(docs)}), {chars:.1f} M chars: "
          f"{built}, index {stats['bytes'] / 1e6:.0f} MB; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip


if __name__ == "__main__":
    main()
