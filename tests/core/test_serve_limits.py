"""``broadsheet serve`` bounds the request line, yet the longest search link still works.

Issue 10, finding 7: with ``--limit-request-line 0`` a 5 MB URL held a worker
for seconds and a 20 MB one ended in a 500. A real gunicorn is started here.
"""

from __future__ import annotations

import socket
import urllib.parse

import pytest

from broadsheet.search.query import MAX_QUERY_CHARS
from tests.deploy.test_nginx import app_environment, free_port, serve_process
from tests.postgres.servers import run_cli

pytestmark = pytest.mark.timeout(120)

# The longest query a reader may send, in the longest UTF-8 characters (CJK Extension B,
# four bytes, twelve once percent-encoded), with every other search parameter set.
LONGEST_QUERY = "𠀀" * MAX_QUERY_CHARS
OTHER_PARAMETERS = {
    "paper": "a" * 64,
    "from": "1949-10-01",
    "to": "2049-12-31",
    "page_label": "A" * 16,
    "sort": "oldest",
    "page": "999",
    "per_page": "100",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    env = app_environment(folder / "data", "", None)
    run_cli(env, "migrate", "-v", "0")
    port = free_port()
    app = serve_process(env, port, folder / "gunicorn.log", workers=1)
    app.start()
    yield app
    app.stop()


def request(port: int, target: bytes) -> bytes:
    """Send one GET; return the answer's status line (a refusal may cut the upload short)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading it all
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def test_a_five_megabyte_url_is_refused(server):
    status = request(server.port, b"/search/?q=" + b"a" * 5_000_000)
    assert status.split()[1].startswith(b"4"), status


def test_the_longest_search_link_still_works(server):
    query = urllib.parse.urlencode({"q": LONGEST_QUERY, **OTHER_PARAMETERS})
    status = request(server.port, f"/search/?{query}".encode())
    assert status.split()[1] == b"200", status
