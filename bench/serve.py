"""Benchmark: reader pages from ``broadsheet serve`` beside nginx sending the same HTML from disk.

    .venv/bin/python bench/serve.py                  # 4 s per run
    .venv/bin/python bench/serve.py --seconds 10 --connections 1 8 32

Needs ``wrk`` and ``nginx`` (Debian: apt-get install wrk nginx; ``scripts/install --test``).
The site is the demo (bench/serving.py). For an article, a page and a search, at
each number of connections (keep-alive, wrk with up to 2 threads), in one run:

- **uncached**: the app, every request a URL the page cache has not seen (a
  query string the views ignore), so each one renders: the cost of a page's
  first reader after a change (the frame's newspaper list and calendar are
  kept per reader generation, like pages);
- **no cache**: a second app with ``BROADSHEET_PAGE_CACHE_SECONDS=0``: nothing kept;
- **cached**: the app answering the same URL from its page cache;
- **python floor**: gunicorn (the same workers and threads) sending the same
  bytes from memory with no Django at all (bench/floor.py): the ceiling of any
  answer from a Python process, the app's page cache included;
- **nginx cache**: nginx's proxy cache in front of the app (docs/deploy.md's block);
- **nginx file**: nginx sending the page's bytes from a file: the aim's yardstick.

Printed: requests/s, p50 and p99 latency, and each one's ratio to nginx file.
Aims on 2 cores (issue 13): cached >= 0.5x nginx file, uncached >= 200 requests/s.
On a machine shared with other work the absolute figures wander; the ratios
within one run are what to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import (  # noqa: E402
    Process,
    app_process,
    demo_site,
    free_port,
    publish_static,
    sample_paths,
)

UNIQUE_LUA = """
local counter, made = 0, 0
function setup(thread) made = made + 1; thread:set("tid", made) end
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%s" .. "bench=" .. tid .. "-" .. counter)
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    bad: int
    spread: tuple[float, float] | None = None  # lowest and highest requests/s of the rounds

    def cell(self) -> str:
        return f"{self.rps:8.0f} {self.p50:6.2f} {self.p99:7.2f}"


def wrk(url: str, connections: int, seconds: float, unique: bool) -> Run:
    threads = min(2, connections)
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        url,
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(UNIQUE_LUA % ("&" if "?" in url else "?"))
    if unique:
        argv[1:1] = ["-s", script.name]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    return parse(out)


def parse(out: str) -> Run:
    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    count = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Run(rps, latency("50"), latency("99"), count)


COLUMNS = ("uncached", "no cache", "cached", "python floor", "nginx cache", "nginx file")


def floor_process(site, workers: int | None, threads: int | None) -> Process:
    """bench/floor.py under gunicorn: the same pages' bytes from memory, no Django."""
    threads = threads or 4
    argv = [sys.executable, "-m", "gunicorn", "--chdir", str(Path(__file__).parent),
            "floor:application", "--bind", f"127.0.0.1:{(port := free_port())}",
            "--workers", str(workers or os.cpu_count() or 1), "--threads", str(threads),
            "--worker-class", "gthread" if threads > 1 else "sync"]  # fmt: skip
    env = {**os.environ, "BENCH_FLOOR_DIR": str(site.folder / "nginx" / "static")}
    return Process("python floor", argv, port, site.folder / "floor.log", env=env)


def measure(
    site,
    nocache_port: int,
    floor_port: int,
    paths: dict,
    levels,
    seconds,
    columns=COLUMNS,
    repeat: int = 1,
) -> dict:
    """Each cell ``repeat`` times, the cells of a round in turn (so a slow spell of a shared
    machine lands on one round of every column, not on every round of one); the median run."""
    results: dict = {}
    for kind, path in paths.items():
        static = publish_static(site, kind, path)
        targets = {
            "uncached": (site.url(site.app_port, path), True),
            "no cache": (site.url(nocache_port, path), False),
            "cached": (site.url(site.app_port, path), False),
            "python floor": (site.url(floor_port, static), False),
            "nginx cache": (site.url(site.proxy_port, path), False),
            "nginx file": (site.url(site.static_port, static), False),
        }
        targets = {c: t for c, t in targets.items() if c in columns}
        for url, unique in targets.values():
            wrk(url, 2, 1, unique)  # warm: workers loaded, caches filled
        for connections in levels:
            runs: dict = {column: [] for column in targets}
            for _ in range(repeat):
                for column, (url, unique) in targets.items():
                    runs[column].append(wrk(url, connections, seconds, unique))
                    print(".", end="", file=sys.stderr, flush=True)
            for column, done in runs.items():
                results[kind, connections, column] = median_run(done)
    print(file=sys.stderr)
    return results


def median_run(runs: list[Run]) -> Run:
    """The run with the median requests/s, its spread across the rounds kept."""
    ordered = sorted(runs, key=lambda r: r.rps)
    middle = ordered[len(ordered) // 2]
    middle.spread = (ordered[0].rps, ordered[-1].rps) if len(ordered) > 1 else None
    return middle


def report(results: dict, paths: dict, levels: list[int], columns=COLUMNS) -> None:
    print(f"requests/s, p50 ms, p99 ms; ratio = requests/s / nginx file's ({os.cpu_count()} CPUs)")
    head = "".join(f" | {c:>23}" for c in columns)
    print(f"{'page':8} {'conns':>5}{head} | ratios to nginx file, in column order")
    for kind in paths:
        for n in levels:
            runs = [results[kind, n, c] for c in columns]
            print(f"{kind:8} {n:5}" + "".join(f" | {r.cell()}" for r in runs) + tail(runs, columns))
    spreads = [(k, n, c, r.spread) for (k, n, c), r in results.items() if r.spread]
    if spreads:
        print("median of the rounds; lowest-highest requests/s:")
        for kind, n, column, (low, high) in spreads:
            print(f"  {kind:8} {n:5} {column:>12}: {low:.0f}-{high:.0f}")


def tail(runs: list[Run], columns) -> str:
    """The ratios to nginx file (when it was measured) and any failed requests."""
    ratios = ""
    if columns[-1] == "nginx file":
        ratios = " | " + ", ".join(f"{r.rps / runs[-1].rps:.3f}" for r in runs[:-1])
    bad = sum(r.bad for r in runs)
    return ratios + (f"  ({bad} non-2xx/errors)" if bad else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (CPUs)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (4)")
    parser.add_argument(
        "--columns",
        nargs="+",
        choices=COLUMNS,
        default=list(COLUMNS),
        help="measure only these (ratios need nginx file)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds per cell; the median")
    args = parser.parse_args()
    columns = tuple(c for c in COLUMNS if c in args.columns)
    if shutil.which("wrk") is None:
        raise SystemExit("bench/serve.py needs wrk (Debian: apt-get install wrk)")
    site = demo_site(workers=args.workers, threads=args.threads)
    nocache_env = {**site.env, "BROADSHEET_PAGE_CACHE_SECONDS": "0"}
    nocache = app_process(
        nocache_env, free_port(), site.folder / "nocache.log", args.workers, args.threads
    )
    try:
        site.processes.append(Process.start(nocache))
        floor = floor_process(site, args.workers, args.threads)
        site.processes.append(Process.start(floor))
        paths = sample_paths(site)
        print("pages: " + ", ".join(f"{k} {v}" for k, v in paths.items()), file=sys.stderr)
        results = measure(site, nocache.port, floor.port, paths, args.connections, args.seconds,
                          columns, args.repeat)  # fmt: skip
        report(results, paths, args.connections, columns)
    finally:
        site.stop()
        shutil.rmtree(site.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
