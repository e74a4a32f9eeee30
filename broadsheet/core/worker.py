"""The background worker beside a server: started by ``serve`` and ``demo``, gone with them.

``broadsheet worker`` (django-tasks-db's worker) runs the desk's uploads. On one machine
``broadsheet serve`` and ``broadsheet demo`` start one as their child; it watches the
process that started it and stops (as on SIGTERM, after its running task) once that
process is gone, so it never outlives the server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

WATCH_SECONDS = 2.0


def watch_parent(parent: int) -> None:
    """Stop (as on SIGTERM: the running task finishes first) once ``parent`` is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def start_beside() -> subprocess.Popen:
    """Start ``broadsheet worker`` as a child of this process (serve, demo)."""
    argv = [sys.executable, "-m", "broadsheet.cli", "worker", f"--parent={os.getpid()}"]
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL)
