"""Real app processes (gunicorn) against the test database, for multi-server tests.

Each process gets its own empty data folder, as a separate host would: what
they share is the database and the media folder, nothing else.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30
REQUEST_TIMEOUT_S = 15


def database_url() -> str:
    """The URL of the database this test session uses (the test database)."""
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def app_environment(data_dir: Path, media_root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env.update(
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
        DATABASE_URL=database_url(),
        SECRET_KEY="test-only-shared-by-every-app-server",
        BROADSHEET_DATA_DIR=str(data_dir),
        BROADSHEET_MEDIA_ROOT=str(media_root),
        BROADSHEET_SEARCH_BACKEND="postgres",
    )
    env.pop("DATABASE_REPLICA_URL", None)
    env.update(extra)
    return env


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"broadsheet {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class AppServer:
    """One gunicorn process on a loopback port, with its own cookie jar."""

    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen | None = None
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def start(self) -> AppServer:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "broadsheet.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60"],
            env=self.env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not listen on port {self.port} in {START_TIMEOUT_S} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        """GET (or POST ``data``) ``path``; returns the status and the body text."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with opener.open(url, data=body, timeout=REQUEST_TIMEOUT_S) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode("utf-8", "replace")

    def csrf_token(self, path: str) -> str:
        status, body = self.request(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def admin_login(self, username: str, password: str) -> None:
        token = self.csrf_token("/admin/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        status, body = self.request("/admin/login/?next=/admin/", form)
        assert status == 200 and "logout" in body.lower(), "admin login failed"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
