"""The site bench/serve.py and bench/load.py run against: the demo editions behind nginx.

A fresh data folder gets the demo newspapers (``broadsheet demo --no-serve``: two
newspapers, three days, pages typeset from their PDFs); ``broadsheet serve``
(gunicorn, its default workers) answers on one port, and one nginx answers on
two more: the server block of docs/deploy.md (the page proxy cache in front of
the app, exactly as documented, only ports and folders changed, as in
tests/deploy/test_nginx.py) and a plain ``root`` server sending the same pages'
HTML from files, the static-file speed the app is compared with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.test_nginx import (  # noqa: E402
    Process,
    app_environment,
    documented,
    free_port,
    nginx_binary,
    runnable_server_block,
    serve_process,
)

STATIC_SERVER = """
server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ default_type "text/html; charset=utf-8"; }}
}}
"""


@dataclass
class Site:
    """The running processes and where to reach them; ``stop`` ends what it started."""

    folder: Path
    env: dict[str, str]
    app_port: int
    proxy_port: int
    static_port: int
    processes: list[Process] = field(default_factory=list)

    def url(self, port: int, path: str) -> str:
        return f"http://127.0.0.1:{port}{path}"

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"broadsheet {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def demo_site(
    extra_env: dict[str, str] | None = None, workers: int | None = None, threads: int | None = None
) -> Site:
    """Load the demo into a new data folder and start the app and nginx.

    ``workers`` and ``threads``: gunicorn's, ``broadsheet serve``'s defaults when None."""
    binary = nginx_binary()
    if binary is None:
        raise SystemExit("nginx is not installed (apt-get install nginx)")
    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    doc = documented()
    env = app_environment(folder / "data", doc.exports["BROADSHEET_MEDIA_ACCEL_PREFIX"], None)
    env.update(extra_env or {})
    print("loading the demo editions…", file=sys.stderr)
    cli(env, "demo", "--no-serve")
    site = Site(folder, env, free_port(), free_port(), free_port())
    app = app_process(env, site.app_port, folder / "gunicorn.log", workers, threads)
    site.processes.append(app.start())
    site.processes.append(_nginx(binary, site, doc).start())
    return site


def app_process(
    env: dict[str, str], port: int, log: Path, workers: int | None, threads: int | None
) -> Process:
    """``broadsheet serve`` with the given workers and threads (its defaults when None)."""
    app = serve_process(env, port, log, workers=workers or os.cpu_count() or 1)
    if threads is not None:
        app.argv += ["--threads", str(threads)]
    return app


def _nginx(binary: str, site: Site, doc) -> Process:
    nginx_dir = site.folder / "nginx"
    (nginx_dir / "static").mkdir(parents=True)
    proxied = runnable_server_block(
        doc,
        port=site.proxy_port,
        media_root=site.folder / "data" / "media",
        upstream=f"http://127.0.0.1:{site.app_port}",
        cache=nginx_dir / "page-cache",
    )
    static = STATIC_SERVER.format(port=site.static_port, root=nginx_dir / "static")
    conf = nginx_dir / "nginx.conf"
    temp = "".join(
        f"    {kind}_temp_path {nginx_dir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes auto;\npid {nginx_dir / 'nginx.pid'};\n"
        f"error_log {nginx_dir / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n    access_log off;\n    sendfile on;\n    keepalive_requests 1000000;\n"
        f"{temp}{proxied}{static}}}\n"
    )
    return Process(
        "nginx",
        [binary, "-p", f"{nginx_dir}/", "-e", str(nginx_dir / "error.log"), "-c", str(conf),
         "-g", "daemon off;"],
        site.proxy_port, nginx_dir / "stderr.log",
    )  # fmt: skip


def publish_static(site: Site, name: str, path: str) -> str:
    """Save the app's answer for ``path`` as the file nginx sends at ``/<name>.html``."""
    with urlopen(site.url(site.app_port, path), timeout=30) as response:
        body = response.read()
    (site.folder / "nginx" / "static" / f"{name}.html").write_bytes(body)
    return f"/{name}.html"


def sample_paths(site: Site) -> dict[str, str]:
    """An article, a page and a search of the demo, by kind."""
    out = cli(
        site.env,
        "shell",
        "-c",
        "from broadsheet.editions.models import Article\n"
        "a = Article.objects.filter(page__edition__status='published', page__order=1, order=1)"
        ".select_related('page__edition__newspaper').order_by('-page__edition__date').first()\n"
        "e = a.page.edition\n"
        "print('PATHS', e.newspaper.slug, e.date.isoformat(), a.page.label, a.headline[:2])",
    )
    slug, date, label, word = out.split("PATHS ", 1)[1].split()
    return {
        "article": f"/{slug}/{date}/{label}/1/",
        "page": f"/{slug}/{date}/{label}/",
        "search": f"/search/?q={quote(word)}",
    }
