"""The least a Python server can do per request: gunicorn sending bytes it holds in memory.

bench/serve.py runs this WSGI app under gunicorn with the same workers and threads
as ``broadsheet serve``, answering ``/<name>.html`` with the file of that name
from ``BENCH_FLOOR_DIR`` (the pages nginx sends), read once. No Django, no
database, no cache lookup: what is left is gunicorn's HTTP parsing and writing in
Python, the ceiling for any answer the app gives, its page cache included.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = Path(os.environ.get("BENCH_FLOOR_DIR", "."))
_KEPT: dict[str, bytes] = {}


def application(environ, start_response):
    name = environ.get("PATH_INFO", "/").strip("/")
    if name not in _KEPT:
        path = FOLDER / name
        _KEPT[name] = path.read_bytes() if path.is_file() else b""
    body = _KEPT[name]
    status = "200 OK" if body else "404 Not Found"
    start_response(
        status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]
