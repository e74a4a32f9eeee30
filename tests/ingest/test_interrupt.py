"""kill -9 in the middle of a multi-edition ingest never leaves half an edition.

The CLI runs as a real process on a file-based SQLite database; it is killed
once some editions have landed; every edition present must be complete, and a
re-run must give exactly what a clean full ingest gives.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from .corpus_io import gbk_lines, write

pytestmark = pytest.mark.slow
YEARS = 4


def replicated(tmp_path):
    """The GBK corpus repeated for several years, dates shifted by year."""
    lines = [ln for ln in gbk_lines() if ln.strip()]
    out = [str(1998 + y).encode() + ln[4:] for y in range(YEARS) for ln in lines]
    return write(tmp_path / "rmrb-years.txt", b"\n".join(out))


def expected_counts(path) -> Counter:
    """Articles per date straight from the input's IDs."""
    seen = {ln[:15] for ln in path.read_bytes().split(b"\n") if ln[:1].isdigit()}
    return Counter(
        f"{k[:4]}-{k[4:6]}-{k[6:8]}".encode().decode() for k in (s.decode() for s in seen)
    )


def cli(data_dir, *args, **kw):
    # Always a file SQLite database in data_dir, also when the suite runs on PostgreSQL.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROADSHEET_DATA_DIR"] = str(data_dir)
    cmd = [sys.executable, "-m", "broadsheet.cli", *args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def run(data_dir, *args) -> int:
    proc = cli(data_dir, *args)
    proc.communicate(timeout=300)
    return proc.returncode


def stored(data_dir) -> dict:
    with sqlite3.connect(data_dir / "broadsheet.sqlite3") as db:
        rows = db.execute(
            "SELECT e.date, count(a.id) FROM editions_edition e "
            "JOIN editions_page p ON p.edition_id = e.id "
            "JOIN editions_article a ON a.page_id = p.id GROUP BY e.id"
        ).fetchall()
        editions = db.execute("SELECT count(*) FROM editions_edition").fetchone()[0]
    assert editions == len(rows)  # no edition without articles
    return dict(rows)


def dump(data_dir) -> list:
    with sqlite3.connect(data_dir / "broadsheet.sqlite3") as db:
        return db.execute(
            "SELECT e.date, p.label, p.ord, a.ord, a.headline, a.body FROM editions_article a "
            "JOIN editions_page p ON a.page_id = p.id JOIN editions_edition e "
            "ON p.edition_id = e.id ORDER BY e.date, p.ord, a.ord".replace("ord", '"order"')
        ).fetchall()


def wait_for_editions(data_dir, proc, at_least: int) -> None:
    db_path = data_dir / "broadsheet.sqlite3"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        with sqlite3.connect(db_path) as db:
            if db.execute("SELECT count(*) FROM editions_edition").fetchone()[0] >= at_least:
                return
        time.sleep(0.02)
    pytest.fail("the ingest ended before it could be interrupted")


def test_kill_9_then_rerun_gives_the_complete_result(tmp_path):
    source = replicated(tmp_path)
    want = expected_counts(source)
    interrupted, clean = tmp_path / "interrupted", tmp_path / "clean"
    for d in (interrupted, clean):
        d.mkdir()
        assert run(d, "migrate", "-v0") == 0
    proc = cli(interrupted, "ingest", str(source), "--json")
    try:
        wait_for_editions(interrupted, proc, at_least=len(want) // 3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    partial = stored(interrupted)
    assert 0 < len(partial) < len(want)
    assert all(partial[d] == want[d] for d in partial)  # every edition present is whole
    assert run(interrupted, "ingest", str(source)) == 0
    assert run(clean, "ingest", str(source)) == 0
    assert stored(interrupted) == dict(want)
    assert dump(interrupted) == dump(clean)
