"""The line reader reads a long line in time proportional to its length.

It used to rescan its whole buffer on every 64 KiB read, so one 20 MB line
took 46 s. Speed is measured in bench/; here the long line is only compared
with the same bytes cut into short lines, a ratio no machine's speed changes.
"""

from __future__ import annotations

import io
import time

from broadsheet.ingest.encoding import TextLine, iter_lines

SIZE = 20 * 1024 * 1024
SHORT = 4095  # bytes per line of the comparison (whole UTF-8 characters)


def cut(data: bytes) -> bytes:
    return b"\n".join(data[i : i + SHORT] for i in range(0, len(data), SHORT))


def read_all(data: bytes) -> tuple[list[TextLine], float]:
    start = time.perf_counter()
    lines = list(iter_lines(io.BytesIO(data), "long.txt"))
    return lines, time.perf_counter() - start


def test_a_20_mb_line_reads_about_as_fast_as_20_mb_of_short_lines():
    text = "长" * (SIZE // 3)  # Chinese: the encoding is decided, and decodes alike both ways
    data = text.encode()
    short, short_seconds = read_all(cut(data))
    [long], long_seconds = read_all(data + b"\n")
    assert long.text == text and long.error is None and len(short) > 5000
    assert long_seconds < 10 * short_seconds + 1.0, (long_seconds, short_seconds)


def test_a_20_mb_ascii_line_reads_about_as_fast_too():
    """All ASCII: the encoding stays undecided, which must not rescan the buffer either."""
    data = b"x" * SIZE
    short, short_seconds = read_all(cut(data))
    [long, tail], long_seconds = read_all(data + b"\n" + "尾".encode())
    assert len(long.text) == SIZE and tail.text == "尾"
    assert long_seconds < 10 * short_seconds + 1.0, (long_seconds, short_seconds)


def test_lines_offsets_and_the_undecodable_line_across_chunk_edges():
    chunk = 64 * 1024
    good = "好".encode()
    data = b"a" * (chunk - 1) + b"\n" + good * chunk + b"\n" + b"b\xff\xfe" + b"\n" + b"tail"
    lines = list(iter_lines(io.BytesIO(data), "edge.txt"))
    assert [line.number for line in lines] == [1, 2, 3, 4]
    assert [line.offset for line in lines] == [
        0,
        chunk,
        chunk + 3 * chunk + 1,
        chunk + 3 * chunk + 5,
    ]
    assert lines[1].text == "好" * chunk and lines[3].text == "tail"
    assert lines[2].error is not None and f"byte {chunk + 3 * chunk + 2}" in lines[2].error.reason
