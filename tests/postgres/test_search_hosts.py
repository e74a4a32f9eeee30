"""Two app servers, each with its own tantivy index, one PostgreSQL: they answer alike.

Each gunicorn process has its own data folder, so its own search index, fed
by the database's change log from its own cursor (``broadsheet.search.follow``).
Host B is stopped while host A publishes one edition and withdraws another;
restarted, it catches up from its cursor and both answer the same hits. A
third host with an empty folder builds its index and joins.
"""

from __future__ import annotations

import re
import time
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from broadsheet.editions.models import Edition
from tests.builders import write_bundle

from .servers import AppServer, app_environment, run_cli

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(240),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]

QUERY = "/search/?" + urllib.parse.urlencode({"q": "田间地头", "sort": "newest"})
DATES = ("2024-03-01", "2024-03-02", "2024-03-03")
FOLLOW = {"BROADSHEET_SEARCH_BACKEND": "tantivy", "BROADSHEET_SEARCH_FOLLOW_S": "0.2"}
AGREE_S = 30  # how long a host may take to apply what another published


@pytest.fixture
def media_root(tmp_path):
    return tmp_path / "shared-media"


def host_env(tmp_path, media_root, name: str) -> dict[str, str]:
    return app_environment(tmp_path / name, media_root, **FOLLOW)


@pytest.fixture
def drafts(transactional_db, tmp_path, media_root):
    """Three draft editions loaded by the CLI, a third process with its own index."""
    env = host_env(tmp_path, media_root, "ingest-host")
    for date in DATES:
        run_cli(env, "ingest", str(write_bundle(tmp_path / "bundles", date=date)))
    get_user_model().objects.create_superuser("editor", "editor@example.com", "s3cret-pw")
    return {e.date.isoformat(): e for e in Edition.objects.filter(newspaper__slug="chenbao")}


@pytest.fixture
def started(transactional_db):
    servers: list[AppServer] = []
    yield servers
    for server in servers:
        server.stop()


def start(started, env) -> AppServer:
    started.append(AppServer(env).start())
    return started[-1]


def admin_action(server: AppServer, action: str, *editions: Edition) -> None:
    token = server.csrf_token("/admin/editions/edition/")
    form = {"action": action, "_selected_action": [str(e.pk) for e in editions],
            "csrfmiddlewaretoken": token}  # fmt: skip
    assert server.request("/admin/editions/edition/", form)[0] == 200


def hits(server: AppServer) -> tuple[int, list[str]]:
    """The total the search page prints and its result links, in order."""
    status, body = server.request(QUERY)
    assert status == 200, body[:500]
    total = int(re.search(r"共找到 (\d+) 条结果", body).group(1))
    return total, re.findall(r'href="(/chenbao/\d{4}-\d\d-\d\d/\d+/\d+/)"', body)


def answers_soon(server: AppServer, expected) -> None:
    deadline = time.monotonic() + AGREE_S
    while (seen := hits(server)) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert seen == expected


def dates_of(links: list[str]) -> set[str]:
    return {link.split("/")[2] for link in links}


def test_a_host_down_during_a_publish_and_a_withdrawal_catches_up(
    drafts, started, tmp_path, media_root
):
    host_a = start(started, host_env(tmp_path, media_root, "host-a"))
    host_b = start(started, host_env(tmp_path, media_root, "host-b"))
    host_a.admin_login("editor", "s3cret-pw")
    admin_action(host_a, "bulk_publish", drafts[DATES[0]], drafts[DATES[1]])
    both = hits(host_a)
    assert both[0] == 4 and dates_of(both[1]) == set(DATES[:2])
    answers_soon(host_b, both)

    host_b.stop()
    admin_action(host_a, "bulk_publish", drafts[DATES[2]])
    admin_action(host_a, "bulk_withdraw", drafts[DATES[0]])
    after = hits(host_a)
    assert after[0] == 4 and dates_of(after[1]) == set(DATES[1:])

    host_b = start(started, host_b.env)  # the same folder: it goes on from its cursor
    assert DATES[0] not in dates_of(hits(host_b)[1])  # the withdrawal holds at once
    answers_soon(host_b, after)
    for name in ("host-a", "host-b"):
        run_cli(host_env(tmp_path, media_root, name), "search", "--check")  # exits 1 on drift

    host_c = start(started, host_env(tmp_path, media_root, "host-c"))  # a new, empty folder
    answers_soon(host_c, after)
