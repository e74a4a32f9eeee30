"""Benchmark: matching a replaced edition's articles to the old ones (``ingest.identity``).

    .venv/bin/python bench/identity.py              # editions of 50, 100, 200 and 400 articles
    .venv/bin/python bench/identity.py --sizes 100

Real text: the first N articles of People's Daily, January 1998
(``../shared/corpora/rmrb1998.jsonl``, its first paragraph as headline). Times
``identity.match`` for a replace that reverses the order of every article
(the common case: headlines kept) and one that changes every headline (the
worst case: every old text against every new one). Prints the median of 5 runs
and how many articles found their old id.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="bench-identity-"))

import django  # noqa: E402

django.setup()

from broadsheet.ingest.identity import Story, _bigrams, _plain, match  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "rmrb1998.jsonl"


def articles(count: int) -> list[tuple[str, list[dict]]]:
    found = []
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            paragraphs = record["paragraphs"]
            blocks = [{"type": "paragraph", "text": p} for p in paragraphs[1:]]
            found.append((paragraphs[0], blocks))
            if len(found) == count:
                return found
    return found


def stories(items, headline=lambda i, h: h) -> list[Story]:
    return [
        Story(f"/p/{i}/", i // 20, i % 20, "", _plain(headline(i, h)), _bigrams(b), str(i))
        for i, (h, b) in enumerate(items)
    ]


def timed(old: list[Story], new: list[Story]) -> tuple[float, int]:
    runs, found = [], 0
    for _ in range(5):
        start = time.perf_counter()
        found = len(match(old, new))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    args = parser.parse_args()
    for size in args.sizes:
        items = articles(size)
        old = stories(items)
        kept, kept_found = timed(old, list(reversed(stories(items))))
        changed = stories(items, lambda i, h: f"（更正）{h[::-1]}")
        worst, worst_found = timed(old, changed)
        print(
            f"{len(items):4d} articles: order reversed {kept * 1000:7.1f} ms ({kept_found} kept), "
            f"every headline changed {worst * 1000:7.1f} ms ({worst_found} kept)"
        )


if __name__ == "__main__":
    main()
