"""The nginx configuration documented in docs/deploy.md, run for real in front of gunicorn.

The ``server`` block is taken from the doc's ```` ```nginx ```` block; only what must
change on a test machine is substituted (the listen port, without TLS; the server
name; the media folder of the ``internal`` location; the upstream port), so a
wrong doc fails here. ``broadsheet serve`` (gunicorn) runs with
``BROADSHEET_MEDIA_ACCEL_PREFIX`` as the doc exports it and a data folder whose
editions were loaded by ``broadsheet ingest``: one published, one draft, one
withdrawn, each with its own page image, thumbnail, PDF and picture.

Two variants: the single-machine shape (a SQLite file in the data folder, in the
SQLite suite) and the database the PostgreSQL suite runs on (scripts/test-postgres.sh).
Skipped only when no nginx binary is installed (``scripts/install --test`` installs
Debian's).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from PIL import Image

from tests.builders import write_bundle
from tests.postgres.servers import database_url, run_cli

pytestmark = pytest.mark.timeout(240)

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "deploy.md"
START_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 20
PUBLIC_CACHE = "public, max-age=86400, immutable"
MEDIA_CSP = "default-src 'none'; sandbox"  # as the app sends it (broadsheet.reader.media)
CONTENT_TYPES = {
    "image": "image/png",
    "thumbnail": "image/jpeg",
    "pdf": "application/pdf",
    "picture": "image/png",
}
# date -> (page label, picture colour, state); distinct labels and colours give
# every edition its own files (names are content hashes).
EDITIONS = {
    "2024-03-01": ("01", "red", "published"),
    "2024-03-05": ("05", "blue", "draft"),
    "2024-03-09": ("09", "green", "withdrawn"),
}
# Withdraws the withdrawn edition, then prints every edition's media names.
SHELL = """
import json
from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Edition, Page
names = {}
for edition in Edition.objects.all():
    if edition.date.isoformat() == WITHDRAWN:
        publishing.withdraw(edition)
    page = Page.objects.get(edition=edition)
    picture = Article.objects.get(page=page, headline="图片新闻").body[0]["src"]
    names[edition.date.isoformat()] = {
        "image": page.image.name, "thumbnail": page.thumbnail.name,
        "pdf": page.pdf.name, "picture": picture,
    }
print("NAMES " + json.dumps(names))
"""


# --- the doc --------------------------------------------------------------------------


@dataclass
class Documented:
    server_block: str
    exports: dict[str, str]
    serve_host: str
    serve_port: str


def documented() -> Documented:
    """Section 1 of docs/deploy.md: its nginx block, its exports and its serve command."""
    text = DOC.read_text("utf-8")
    section = text.split("\n## 1.", 1)[1].split("\n## 2.", 1)[0]
    blocks = re.findall(r"^```nginx\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) == 1, f"docs/deploy.md: expected one ```nginx block, found {len(blocks)}"
    shell = re.search(r"^```sh\n(.*?)^```", section, re.S | re.M).group(1)
    serve = re.search(r"broadsheet serve --host (\S+) --port (\d+)", shell)
    assert serve, "docs/deploy.md section 1: no 'broadsheet serve --host H --port P'"
    return Documented(
        server_block=blocks[0],
        exports=dict(re.findall(r"^export (\w+)=(\S+)", shell, re.M)),
        serve_host=serve.group(1),
        serve_port=serve.group(2),
    )


def substitute(conf: str, pattern: str, directive: str, what: str) -> str:
    """Replace the one directive ``pattern`` matches (after its indentation) by ``directive``."""
    new, count = re.subn(rf"^([ \t]*){pattern}", lambda m: m.group(1) + directive, conf, flags=re.M)
    assert count == 1, f"docs/deploy.md's nginx block: expected one {what}, found {count}"
    return new


def runnable_server_block(
    doc: Documented, *, port: int, media_root: Path, upstream: str, cache: Path
) -> str:
    """The doc's server block with only the machine-specific values replaced."""
    conf = doc.server_block
    prefix = doc.exports["BROADSHEET_MEDIA_ACCEL_PREFIX"]
    internal = re.search(
        rf"^[ \t]*location\s+{re.escape(prefix)}\s*\{{([^}}]*)\}}", conf, re.M
    )  # the location the app's X-Accel-Redirect points into
    assert internal, f"docs/deploy.md: no 'location {prefix}' for BROADSHEET_MEDIA_ACCEL_PREFIX"
    assert re.search(r"^[ \t]*internal;", internal.group(1), re.M), (
        f"location {prefix}: not internal"
    )
    alias = re.search(r"^[ \t]*alias\s+(\S+);", internal.group(1), re.M)
    media = doc.exports["BROADSHEET_DATA_DIR"].rstrip("/") + "/media/"
    assert alias and alias.group(1) == media, f"location {prefix}: alias is not {media}"
    assert not re.search(r"^[ \t]*location\s+[=~^]*\s*/media", conf, re.M), (
        "a location /media/ bypasses the check"
    )

    # TLS is the production listener's business; the test speaks plain HTTP/1.1.
    conf = re.sub(r"^[ \t]*(ssl_\w+|http2)\s[^;]*;.*\n", "", conf, flags=re.M)
    conf = substitute(conf, r"listen\s[^;]*;", f"listen 127.0.0.1:{port};", "listen")
    conf = substitute(
        conf, r"server_name\s[^;]*;", "server_name localhost 127.0.0.1;", "server_name"
    )
    conf = substitute(conf, rf"alias\s+{re.escape(media)};", f"alias {media_root}/;", "alias")
    conf = substitute(conf, r"proxy_cache_path\s+\S+", f"proxy_cache_path {cache}", "cache path")
    documented_upstream = f"http://{doc.serve_host}:{doc.serve_port}"
    return substitute(
        conf,
        rf"proxy_pass\s+{re.escape(documented_upstream)}/?;",
        f"proxy_pass {upstream};",
        f"proxy_pass {documented_upstream} (the documented serve address)",
    )


def test_the_doc_describes_one_consistent_single_machine_setup():
    """Runs without nginx: the block, the exports and the serve command agree."""
    doc = documented()
    assert doc.exports["BROADSHEET_MEDIA_ACCEL_PREFIX"] == "/protected-media/"
    conf = runnable_server_block(
        doc, port=8080, media_root=Path("/tmp/m"), upstream="http://127.0.0.1:9", cache=Path("/c")
    )
    assert "listen 127.0.0.1:8080;" in conf and "alias /tmp/m/;" in conf


# --- the processes --------------------------------------------------------------------


def serve_process(env: dict, port: int, log: Path, workers: int) -> Process:
    """``broadsheet serve`` (gunicorn) on ``port`` with the app environment ``env``."""
    return Process(
        "broadsheet serve",
        [sys.executable, "-m", "broadsheet.cli", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers)],
        port, log, env=env,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Process:
    """A server process whose output goes to a log file; stopped by ``stop``."""

    name: str
    argv: list[str]
    port: int
    log: Path
    env: dict[str, str] | None = None
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("wb") as out:
            self.popen = subprocess.Popen(
                self.argv, env=self.env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} not listening on {self.port}:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=15)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def nginx_conf(binary: str, folder: Path, server_block: str) -> Path:
    """A whole nginx.conf around ``server_block``: every path nginx writes in ``folder``."""
    built = subprocess.run([binary, "-V"], capture_output=True, text=True).stderr
    temp = ""
    for kind in ("client-body", "proxy", "fastcgi", "uwsgi", "scgi"):
        module = "http_" + kind.replace("client-body", "client_body")
        if f"--http-{kind}-temp-path" in built and f"--without-{module}_module" not in built:
            name = kind.replace("-", "_")
            temp += f"    {name}_temp_path {folder / name};\n"
    mime = "/etc/nginx/mime.types"
    conf = folder / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers must read the tmp folder
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\nlock_file {folder / 'nginx.lock'};\n"
        f"error_log {folder / 'error.log'} info;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        + (f"    include {mime};\n" if Path(mime).exists() else "")
        + "    default_type application/octet-stream;\n    sendfile on;\n"
        f"    access_log {folder / 'access.log'};\n{temp}" + server_block + "}\n"
    )
    return conf


def app_environment(data_dir: Path, prefix: str, database: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROADSHEET_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
        SECRET_KEY="test-only-nginx",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        BROADSHEET_DATA_DIR=str(data_dir),
        BROADSHEET_MEDIA_ACCEL_PREFIX=prefix,
        BROADSHEET_INGEST_FOLLOWER="0",
    )
    if database:
        env.update(DATABASE_URL=database, BROADSHEET_SEARCH_BACKEND="postgres")
    return env


def load_editions(env: dict[str, str], root: Path) -> dict[str, dict[str, str]]:
    """Ingest the three editions through the CLI; their media names by state."""
    folders = {}
    for date, (label, colour, state) in EDITIONS.items():
        folder = write_bundle(root / state, date=date, labels=(label,))
        Image.new("RGB", (120, 80), colour).save(folder / "images" / "photo.png")
        folders[state] = folder
    run_cli(env, "migrate", "-v", "0")
    run_cli(env, "ingest", "--publish", str(folders["published"]), str(folders["withdrawn"]))
    run_cli(env, "ingest", str(folders["draft"]))
    withdrawn = next(d for d, (_l, _c, s) in EDITIONS.items() if s == "withdrawn")
    out = run_cli(env, "shell", "-c", f"WITHDRAWN = {withdrawn!r}\n{SHELL}")
    names = json.loads(out.split("NAMES ", 1)[1])
    return {EDITIONS[date][2]: files for date, files in names.items()}


@dataclass
class Site:
    port: int
    media_root: Path
    prefix: str
    files: dict[str, dict[str, str]]  # state -> kind -> storage name
    nginx: Process
    app: Process
    env: dict[str, str] | None = None

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite-file"),
        # The subprocesses commit their rows: only a transactional test flushes them after.
        # (Asking for ``transactional_db`` inside the fixture came too late: pytest-django
        # had already chosen a rolled-back transaction, and the next test found the rows.)
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=[pytest.mark.postgres, pytest.mark.django_db(transaction=True)],
        ),
    ]
)
def site(request, tmp_path):
    if request.param == "postgresql":
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: scripts/test-postgres.sh")
        database = database_url()
    else:
        if connection.vendor == "postgresql":
            pytest.skip("the SQLite-file variant runs in the SQLite suite")
        database = None
    binary = nginx_binary()
    if binary is None:
        pytest.skip("nginx not installed (Debian: apt-get install nginx; scripts/install --test)")

    doc = documented()
    prefix = doc.exports["BROADSHEET_MEDIA_ACCEL_PREFIX"]
    data_dir = tmp_path / "data"
    env = app_environment(data_dir, prefix, database)
    files = load_editions(env, tmp_path / "bundles")

    app_port, nginx_port = free_port(), free_port()
    app = serve_process(env, app_port, tmp_path / "gunicorn.log", workers=2)
    folder = tmp_path / "nginx"
    folder.mkdir()
    media_root = data_dir / "media"
    block = runnable_server_block(
        doc,
        port=nginx_port,
        media_root=media_root,
        upstream=f"http://127.0.0.1:{app_port}",
        cache=folder / "page-cache",
    )
    conf = nginx_conf(binary, folder, block)
    nginx = Process(
        "nginx",
        [binary, "-p", f"{folder}/", "-e", str(folder / "error.log"), "-c", str(conf),
         "-g", "daemon off;"],
        nginx_port, folder / "stderr.log",
    )  # fmt: skip
    try:
        app.start()
        nginx.start()
        yield Site(nginx_port, media_root, prefix, files, nginx, app, env)
    finally:
        nginx.stop()
        app.stop()


# --- the checks -----------------------------------------------------------------------


def one(headers: http.client.HTTPMessage, name: str) -> str:
    """The value of a header that must be present exactly once."""
    values = headers.get_all(name) or []
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def test_the_documented_nginx_config_sends_only_what_the_app_allows(site: Site):
    status, headers, body = site.get("/")
    assert status == 200, (status, body[:500])
    assert "晨报".encode() in body

    for kind, name in site.files["published"].items():
        data = (site.media_root / name).read_bytes()
        status, headers, body = site.get(f"/media/{name}")
        assert status == 200, (kind, status, body[:300])
        assert body == data, kind
        assert one(headers, "Content-Type") == CONTENT_TYPES[kind], kind
        assert one(headers, "Cache-Control") == PUBLIC_CACHE, kind
        assert one(headers, "Content-Length") == str(len(data)), kind
        assert one(headers, "X-Content-Type-Options") == "nosniff", kind
        assert one(headers, "Content-Security-Policy") == MEDIA_CSP, kind
        assert "X-Accel-Redirect" not in headers, kind
        assert one(headers, "Last-Modified") and one(headers, "Accept-Ranges") == "bytes"

    pdf = site.files["published"]["pdf"]
    whole = (site.media_root / pdf).read_bytes()
    status, headers, body = site.get(f"/media/{pdf}", Range="bytes=10-29")
    assert status == 206 and body == whole[10:30], (status, body[:100])
    assert one(headers, "Content-Range") == f"bytes 10-29/{len(whole)}"
    assert one(headers, "Content-Type") == "application/pdf"
    assert one(headers, "Cache-Control") == PUBLIC_CACHE
    assert one(headers, "X-Content-Type-Options") == "nosniff"
    assert one(headers, "Content-Security-Policy") == MEDIA_CSP
    status, _headers, body = site.get(f"/media/{pdf}", Range="bytes=-7")
    assert status == 206 and body == whole[-7:]
    status, headers, body = site.get(f"/media/{pdf}")
    status, _h, body = site.get(f"/media/{pdf}", **{"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""

    for state in ("draft", "withdrawn"):
        for kind, name in site.files[state].items():
            assert (site.media_root / name).is_file(), (state, kind)  # on disk, yet not sent
            status, headers, body = site.get(f"/media/{name}")
            assert status == 404, (state, kind, status)
            assert (site.media_root / name).read_bytes() not in body
            assert "X-Accel-Redirect" not in headers

    # The internal location is reachable only through the app's X-Accel-Redirect.
    for name in (site.files["published"]["image"], site.files["draft"]["pdf"]):
        status, _headers, body = site.get(site.prefix + name)
        assert status == 404, (name, status)
        assert (site.media_root / name).read_bytes() not in body

    log = (site.nginx.log.parent / "error.log").read_text(errors="replace")
    assert "[emerg]" not in log and "[crit]" not in log, log[-2000:]


PAGE = "/chenbao/2024-03-01/01/"


def test_nginx_keeps_public_pages_and_nothing_else(site: Site):
    """The documented proxy cache: pages as the app's Cache-Control allows, never media."""
    status, headers, body = site.get(PAGE)
    assert status == 200 and one(headers, "X-Cache-Status") == "MISS"
    assert "Set-Cookie" not in headers and "Cookie" not in headers.get("Vary", "")
    status, headers, again = site.get(PAGE)
    assert status == 200 and one(headers, "X-Cache-Status") == "HIT" and again == body
    status, _headers, empty = site.get(PAGE, **{"If-None-Match": one(headers, "ETag")})
    assert status == 304 and empty == b""

    # Staff (a session) and a reader who chose English always reach the app.
    _status, headers, _body = site.get(PAGE, Cookie="sessionid=staff")
    assert one(headers, "X-Cache-Status") == "BYPASS"
    assert "no-store" in one(headers, "Cache-Control")
    _status, headers, english = site.get(PAGE, Cookie="django_language=en")
    assert one(headers, "X-Cache-Status") == "BYPASS" and b"Headlines" in english
    _status, headers, chinese = site.get(PAGE)
    assert one(headers, "X-Cache-Status") == "HIT" and chinese == body

    # A media file sent through /protected-media/ is never stored: once its edition is
    # withdrawn, nginx answers 404 at once.
    name = site.files["published"]["image"]
    for _ in range(2):
        status, _headers, _body = site.get(f"/media/{name}")
        assert status == 200
    run_cli(site.env, "shell", "-c", WITHDRAW_ALL)
    status, _headers, _body = site.get(f"/media/{name}")
    assert status == 404


WITHDRAW_ALL = """
from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
for edition in Edition.objects.filter(status="published"):
    publishing.withdraw(edition)
"""
