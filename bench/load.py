"""Benchmark: N concurrent readers while editions are published and withdrawn.

    .venv/bin/python bench/load.py                    # 16 readers, 3 phases of 10 s
    .venv/bin/python bench/load.py --readers 32 --seconds 20 --editions 30

The site is the demo (bench/serving.py), served by ``broadsheet serve`` (gunicorn,
its default workers, the app sending media itself). Each reader is a thread
that loops over a mix of requests on one keep-alive connection: the front page,
an article, a page, a search and a page image (media), each from the demo's
newest edition, and records the status and the time of each. Three phases:

- **quiet**: readers only;
- **ingest**: ``broadsheet ingest --publish`` loads new editions (the demo's
  bundles under later dates) while the readers read;
- **withdraw**: the edition the readers are reading is withdrawn half-way through.

An error is a status other than 200 (or 404 for the withdrawn edition after its
withdrawal), a failed connection, or a 200 for the withdrawn edition's article or
page after ``withdraw`` returned (a leak; its page image stays public, as the
editions loaded during "ingest" are copies that use the same file). Errors must be 0. Printed per
phase: requests/s and p50/p95/p99 per kind of request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import ROOT, cli, demo_site, sample_paths  # noqa: E402


@dataclass
class Tally:
    """What the readers saw in one phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    gone: int = 0  # 404s of the withdrawn edition: the withdrawal was seen
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, problem: str | None, status) -> None:
        with self.lock:
            self.latencies[kind].append(ms)
            self.gone += status == 404
            if problem:
                self.errors.append(problem)


@dataclass
class Readers:
    port: int
    urls: dict[str, str]  # kind -> path
    hidden: set[str] = field(default_factory=set)  # paths withdrawn: 404 expected
    hidden_since: float = float("inf")  # when withdraw() returned: a 200 after is a leak

    def read(self, tally: Tally, stop: threading.Event) -> None:
        conn = None
        while not stop.is_set():
            for kind, path in self.urls.items():
                conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                started = time.monotonic()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException) as exc:
                    status, conn = f"{type(exc).__name__}: {exc}", None
                ms = (time.monotonic() - started) * 1000
                tally.add(kind, ms, self.problem(path, status, started), status)

    def problem(self, path: str, status, started: float) -> str | None:
        if path in self.hidden:
            if status == 200 and started > self.hidden_since:
                return f"LEAK {path}: 200 after the withdrawal"
            return None if status in (200, 404) else f"{path}: {status}"
        return None if status == 200 else f"{path}: {status}"


def run_phase(readers: Readers, count: int, seconds: float, during=None) -> tuple[Tally, float]:
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=readers.read, args=(tally, stop), daemon=True) for _ in range(count)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during is not None:
        during()
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return tally, time.monotonic() - started


def later_bundles(site, count: int) -> Path:
    """The demo's newest bundle of each newspaper copied under the next dates."""
    newest: dict[str, tuple[date, Path]] = {}
    for manifest_file in (site.folder / "data").rglob("edition.json"):
        manifest = json.loads(manifest_file.read_text("utf-8"))
        day, slug = date.fromisoformat(manifest["date"]), manifest["newspaper"]["slug"]
        if slug not in newest or newest[slug][0] < day:
            newest[slug] = (day, manifest_file.parent)
    papers, target = sorted(newest), site.folder / "later"
    for i in range(count):
        day, source = newest[papers[i % len(papers)]]
        manifest = json.loads((source / "edition.json").read_text("utf-8"))
        manifest["date"] = (day + timedelta(days=1 + i // len(papers))).isoformat()
        folder = target / f"{manifest['newspaper']['slug']}-{manifest['date']}"
        shutil.copytree(source, folder)
        (folder / "edition.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return target


def media_path(site, page_path: str) -> str:
    slug, day, label = page_path.strip("/").split("/")
    out = cli(
        site.env,
        "shell",
        "-c",
        "from broadsheet.editions.models import Page\n"
        f"p = Page.objects.get(edition__newspaper__slug={slug!r}, edition__date={day!r}, "
        f"label={label!r})\nprint('IMAGE', p.image.name)",
    )
    return "/media/" + out.split("IMAGE ", 1)[1].strip()


def report(name: str, tally: Tally, seconds: float) -> dict:
    total = sum(len(v) for v in tally.latencies.values())
    row = {"phase": name, "rps": total / seconds, "errors": len(tally.errors), "kinds": {}}
    print(f"\n{name}: {total} requests in {seconds:.1f} s = {row['rps']:.0f}/s, "
          f"errors {len(tally.errors)}, 404 {tally.gone}")  # fmt: skip
    for problem in tally.errors[:10]:
        print("   ", problem)
    print(f"  {'kind':10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, values in tally.latencies.items():
        cuts = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
        row["kinds"][kind] = (cuts[49], cuts[94], cuts[98])
        print(f"  {kind:10} {len(values):6} {cuts[49]:8.1f} {cuts[94]:8.1f} {cuts[98]:8.1f}")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--editions", type=int, default=12, help="published during 'ingest'")
    parser.add_argument("--warm", type=float, default=10, help="seconds read before measuring")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (CPUs)")
    args = parser.parse_args()
    site = demo_site({"BROADSHEET_MEDIA_ACCEL_PREFIX": ""}, workers=args.workers)
    try:
        paths = sample_paths(site)
        urls = {"front": "/", **paths, "media": media_path(site, paths["page"])}
        readers = Readers(site.app_port, urls)
        print(f"{args.readers} readers; " + ", ".join(f"{k} {v}" for k, v in urls.items()))
        run_phase(readers, args.readers, args.warm)  # every worker has opened the index, etc.
        rows = [report("quiet", *run_phase(readers, args.readers, args.seconds))]

        bundles = later_bundles(site, args.editions)

        def ingest() -> None:
            started = time.monotonic()
            cli(site.env, "ingest", "--publish", str(bundles))
            print(f"  (ingest --publish of {args.editions} editions: "
                  f"{time.monotonic() - started:.1f} s)")  # fmt: skip

        rows.append(report("ingest", *run_phase(readers, args.readers, args.seconds, ingest)))

        readers.urls = {**urls, "front": "/" + paths["page"].split("/")[1] + "/"}
        # Its page image stays public: the editions loaded in "ingest" are copies using it.
        readers.hidden = {paths["article"], paths["page"]}
        slug, day = paths["page"].strip("/").split("/")[:2]

        def withdraw() -> None:
            time.sleep(args.seconds / 2)
            cli(site.env, "shell", "-c", WITHDRAW.format(slug=slug, day=day))
            readers.hidden_since = time.monotonic()

        rows.append(report("withdraw", *run_phase(readers, args.readers, args.seconds, withdraw)))
        print("\n" + json.dumps(rows, indent=None))
        if any(row["errors"] for row in rows):
            sys.exit(1)
    finally:
        site.stop()
        subprocess.run(["rm", "-rf", str(site.folder)], cwd=ROOT, check=False)


WITHDRAW = """
from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
publishing.withdraw(Edition.objects.get(newspaper__slug={slug!r}, date={day!r}))
"""


if __name__ == "__main__":
    main()
