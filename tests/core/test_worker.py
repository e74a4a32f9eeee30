"""``broadsheet worker`` beside a server: started by ``serve``/``demo`` (``core.worker``), it
stops by itself once the process that started it is gone, so it never outlives the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

START_AND_LEAVE = """
import os, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
import django
django.setup()
from broadsheet.core.worker import start_beside
print(start_beside().pid, flush=True)
time.sleep(5)  # the worker is up and watching; then this "server" ends
"""


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROADSHEET_DATA_DIR"] = str(data_dir)
    return env


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its reaper has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_the_worker_beside_a_server_stops_when_the_server_ends(tmp_path):
    env = _env(tmp_path)
    migrate = [sys.executable, "-m", "broadsheet.cli", "migrate", "-v0"]
    subprocess.run(migrate, env=env, check=True, timeout=300)
    server = subprocess.run(
        [sys.executable, "-c", START_AND_LEAVE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    worker = int(server.stdout.split()[0])
    deadline = time.monotonic() + 60
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.5)
    try:
        assert not _running(worker), "the worker outlived the process that started it"
    finally:
        if _running(worker):
            os.kill(worker, signal.SIGKILL)
