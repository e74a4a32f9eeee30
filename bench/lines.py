"""Benchmark: the line reader on one long line and on the same bytes in short lines.

    .venv/bin/python bench/lines.py            # 20 MB
    .venv/bin/python bench/lines.py --mb 100

Prints seconds and MB/s for each. The line reader must be linear in its input:
one 20 MB line took 46 s when it rescanned its buffer on every 64 KiB read
(issue 10); now it takes about as long as 20 MB of 4 KiB lines.
"""

from __future__ import annotations

import argparse
import io
import time

from broadsheet.ingest.encoding import iter_lines


def seconds(data: bytes) -> float:
    start = time.perf_counter()
    for _ in iter_lines(io.BytesIO(data), "bench"):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=20)
    size = parser.parse_args().mb * 1024 * 1024
    text = ("长" * (size // 3)).encode()  # the same kind of text in both: UTF-8 Chinese
    short = b"\n".join(text[i : i + 4095] for i in range(0, size, 4095))
    for label, data in (("one line", text + b"\n"), ("4 KiB lines", short)):
        took = seconds(data)
        rate = len(data) / 1e6 / took
        print(f"{label:12} {len(data) / 1e6:8.1f} MB  {took:7.3f} s  {rate:8.1f} MB/s")


if __name__ == "__main__":
    main()
