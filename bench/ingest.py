"""Benchmark: ingest the People's Daily January 1998 corpus, and 50 years of it.

    .venv/bin/python bench/ingest.py            # the month, then 50 years
    .venv/bin/python bench/ingest.py --years 5  # a shorter replicated run

Reads the GBK original (``../shared/corpora/raw/rmrb199801_pfr_original_gbk.zip``)
and a copy replicated to N years (dates shifted by year, written to a temporary
folder). For each input, four fresh processes: the baseline parses the input
alone without writing anything; the full runs each migrate a fresh SQLite
database and run ``broadsheet ingest``'s runner, leaving the editions as
drafts (nothing to index: the loader alone) and with ``--publish`` (every
article also goes into the search index, as a daily load does), the latter
both with indexing in the loading process and handed to the follower process
(``BROADSHEET_INGEST_FOLLOWER``, docs/search.md). Printed:
articles per second, peak RSS of each process, and each full run's ratio to
the parse-only baseline measured in the same run. The aim: ratio <= 3 with
``--publish``, and peak memory that does not grow with the input.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "raw" / "rmrb199801_pfr_original_gbk.zip"


def replicate(years: int, folder: Path) -> Path:
    """The GBK corpus with its 8-digit dates shifted by 0..years-1 years, streamed to disk."""
    with zipfile.ZipFile(CORPUS) as zf:
        lines = zf.read("199801.txt").split(b"\n")
    out = folder / f"rmrb-{years}-years.txt"
    with out.open("wb") as fh:
        for y in range(years):
            year = str(1998 + y).encode()
            fh.write(b"\n".join(year + ln[4:] if ln[:1].isdigit() else ln for ln in lines))
            fh.write(b"\n")
    return out


def peak_rss_mb() -> float:
    """This process's own peak RSS.

    ``VmHWM`` belongs to the process's memory map, which ``exec`` replaces;
    ``ru_maxrss`` survives ``exec`` on Linux, so a child started by a large
    parent (``bench/postgres.py`` after its search half) would report the
    parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_parse(path: Path) -> dict:
    from broadsheet.ingest.expand import expand
    from broadsheet.ingest.formats import IngestOptions

    start, articles = time.perf_counter(), 0
    for source, fmt in expand([path]):
        for record in fmt.read(source, IngestOptions()):
            articles += record.article_count
    return {"seconds": time.perf_counter() - start, "articles": articles}


def phase_ingest(path: Path, publish: bool = False) -> dict:
    from django.core.management import call_command

    from broadsheet.ingest.runner import run_ingest

    call_command("migrate", verbosity=0)
    summary = run_ingest([path], publish=publish)
    assert not summary.errors, summary.errors[:3]
    return {"seconds": summary.seconds, "articles": summary.articles}


def child(phase: str, path: Path, **extra_env: str) -> dict:
    """Run one phase in a fresh process with its own empty data folder."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as data:
        env = {
            **os.environ,
            "BROADSHEET_DATA_DIR": data,
            "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
            **extra_env,
        }
        cmd = [sys.executable, __file__, "--phase", phase, str(path)]
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure(label: str, path: Path) -> None:
    parse = child("parse", path)
    print(
        f"{label:<10} {parse['articles']:>8,} articles | parse only     {parse['seconds']:7.2f} s "
        f"({parse['rss_mb']:5.0f} MB)",
        flush=True,
    )
    runs = (
        ("ingest", "drafts", {}),
        ("publish", "--publish, 1 proc", {"BROADSHEET_INGEST_FOLLOWER": "0"}),
        ("publish", "--publish", {"BROADSHEET_INGEST_FOLLOWER": "1"}),
    )
    for phase, name, env in runs:
        full = child(phase, path, **env)
        assert parse["articles"] == full["articles"]
        rate = full["articles"] / full["seconds"]
        print(
            f"{'':<10} {'':>8}          | {name:<16} {full['seconds']:7.2f} s "
            f"({full['rss_mb']:5.0f} MB) | {rate:8,.0f} articles/s "
            f"| ratio {full['seconds'] / parse['seconds']:.2f}x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=50)
    parser.add_argument("--phase", choices=["parse", "ingest", "publish"], help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        import django

        django.setup()
        if args.phase == "parse":
            result = phase_parse(args.path)
        else:
            result = phase_ingest(args.path, publish=args.phase == "publish")
        print(json.dumps({**result, "rss_mb": peak_rss_mb()}))
        return
    measure("1 month", CORPUS)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        measure(f"{args.years} years", replicate(args.years, Path(folder)))


if __name__ == "__main__":
    main()
