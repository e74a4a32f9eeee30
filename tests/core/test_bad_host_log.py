"""A request with a Host the site does not serve logs one line, not a traceback.

Issue 10, finding 14: every bad Host header printed a full traceback, so a
scanner could fill the log. A real gunicorn (``broadsheet serve``) is asked.
"""

from __future__ import annotations

import time

import pytest

from tests.core.test_serve_limits import server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.timeout(120)


def test_a_bad_host_header_is_one_line_of_log(server):  # noqa: F811
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    conn.request("GET", "/", headers={"Host": "evil.example"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 400
    time.sleep(0.5)  # the worker writes its log line after answering
    log = server.log.read_text(errors="replace")
    lines = [line for line in log.splitlines() if "evil.example" in line and "HTTP_HOST" in line]
    assert len(lines) == 1, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
