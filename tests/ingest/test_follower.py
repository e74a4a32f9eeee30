"""A bulk ``--publish`` ingest hands indexing to a second process, and that process is safe.

The CLI runs as a real process on a file-based SQLite database (also in the
PostgreSQL run: the follower must open the same database as the loader). The
test finds the follower among the loader's children, kills the loader with
``kill -9`` and checks that the follower, on its own, brings the index exactly
in step with the editions that landed, then exits; a re-run completes both.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from broadsheet.ingest.indexing import FOLLOW_AFTER

from .test_interrupt import cli, expected_counts, replicated, run, stored, wait_for_editions

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _follower_on(monkeypatch):
    """Whatever the machine's CPU count, the CLI processes these tests start may follow."""
    monkeypatch.setenv("BROADSHEET_INGEST_FOLLOWER", "1")


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def drift(data_dir) -> dict:
    proc = cli(data_dir, "search", "--check", "--json")
    out, _ = proc.communicate(timeout=300)
    return json.loads(out)


def test_loader_killed_follower_still_indexes_what_landed(tmp_path):
    source = replicated(tmp_path)
    want = expected_counts(source)
    data = tmp_path / "data"
    data.mkdir()
    assert run(data, "migrate", "-v0") == 0
    proc = cli(data, "ingest", "--publish", str(source))
    try:
        wait_for_editions(data, proc, at_least=max(FOLLOW_AFTER + 5, len(want) // 2))
        followers = children(proc.pid)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert followers, "a bulk --publish ingest indexes in a second process"
    deadline = time.monotonic() + 120
    while any(map(running, followers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(running, followers)), "the follower exits once the loader is gone"

    landed = stored(data)
    assert 0 < len(landed) < len(want)
    report = drift(data)
    assert report["in_step"], report
    assert report["documents"] == sum(landed.values())

    assert run(data, "ingest", "--publish", str(source)) == 0
    report = drift(data)
    assert report["in_step"] and report["documents"] == sum(want.values()), report


def test_a_follower_that_dies_leaves_the_rest_to_the_loader(tmp_path):
    """Killing the follower mid-run costs nothing: the loader applies what it left."""
    source = replicated(tmp_path)
    want = expected_counts(source)
    data = tmp_path / "data"
    data.mkdir()
    assert run(data, "migrate", "-v0") == 0
    proc = cli(data, "ingest", "--publish", "--json", str(source))
    wait_for_editions(data, proc, at_least=FOLLOW_AFTER + 5)
    deadline = time.monotonic() + 60
    while not (followers := children(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert followers
    for pid in followers:
        os.kill(pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert json.loads(out)["articles"] == sum(want.values())
    report = drift(data)
    assert report["in_step"] and report["documents"] == sum(want.values()), report


def no_children_while_ingesting(data, source) -> None:
    assert run(data, "migrate", "-v0") == 0
    proc = cli(data, "ingest", "--publish", str(source))
    seen = set()
    while proc.poll() is None:
        seen.update(children(proc.pid))
        time.sleep(0.01)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert not seen
    assert drift(data)["in_step"]


def test_short_ingest_stays_in_one_process(tmp_path):
    """Fewer editions than FOLLOW_AFTER: no second process is started."""
    source = replicated(tmp_path)
    one_day = tmp_path / "one-day.txt"
    one_day.write_bytes(
        b"\n".join(ln for ln in source.read_bytes().split(b"\n") if ln.startswith(b"19980101"))
    )
    (tmp_path / "data").mkdir()
    no_children_while_ingesting(tmp_path / "data", one_day)


def test_follower_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BROADSHEET_INGEST_FOLLOWER", "0")
    (tmp_path / "data").mkdir()
    no_children_while_ingesting(tmp_path / "data", replicated(tmp_path))


def test_follower_is_told_the_loaders_database(tmp_path):
    """The follower opens what the loader writes, not what the environment names."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROADSHEET_DATA_DIR"] = str(tmp_path / "elsewhere")
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='broadsheet.settings'; "
        "django.setup(); from django.conf import settings; "
        f"settings.SEARCH_INDEX_DIR = {str(tmp_path / 'index')!r}; "
        "from broadsheet.ingest.follower import _live_settings; s = _live_settings(); "
        "print(s['DATABASES']['default']['NAME']); print(s['SEARCH_INDEX_DIR'])"
    )
    out = subprocess.run(
        [os.sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0].endswith("broadsheet.sqlite3") and "elsewhere" in out[0]
    assert out[1] == str(tmp_path / "index")
