"""Two app servers, one database: what one publishes, the other shows at once.

Each gunicorn process has its own empty data folder; they share only the
PostgreSQL database and the media folder (a shared mount in production). No
local file, cache or index is needed for the reader, the page images or
search (backend ``postgres``).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from broadsheet.editions.models import Edition
from tests.builders import write_bundle

from .servers import AppServer, app_environment, run_cli

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(180),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]

PAGE = "/chenbao/2024-03-01/01/"
HEADLINE = "第01版头条：田间地头忙春耕"


@pytest.fixture
def media_root(tmp_path):
    return tmp_path / "shared-media"


@pytest.fixture
def draft_edition(transactional_db, tmp_path, media_root):
    """A draft edition loaded by the CLI, a third process, as an editor's ingest would."""
    env = app_environment(tmp_path / "ingest-host", media_root)
    run_cli(env, "ingest", str(write_bundle(tmp_path / "bundles")))
    return Edition.objects.get(newspaper__slug="chenbao")


@pytest.fixture
def servers(transactional_db, tmp_path, media_root):
    started = []
    try:
        for name in ("host-a", "host-b"):
            started.append(AppServer(app_environment(tmp_path / name, media_root)).start())
        yield started
    finally:
        for server in started:
            server.stop()


def publish_through_admin(server: AppServer, edition: Edition) -> None:
    get_user_model().objects.create_superuser("editor", "editor@example.com", "s3cret-pw")
    server.admin_login("editor", "s3cret-pw")
    token = server.csrf_token("/admin/editions/edition/")
    form = {
        "action": "bulk_publish",
        "_selected_action": [str(edition.pk)],
        "csrfmiddlewaretoken": token,
    }
    status, _body = server.request("/admin/editions/edition/", form)
    assert status == 200


def test_an_edition_published_through_one_server_is_visible_through_the_other(
    draft_edition, servers
):
    host_a, host_b = servers
    assert host_a.request(PAGE)[0] == 404
    assert host_b.request(PAGE)[0] == 404  # host B has answered for the draft once

    publish_through_admin(host_a, draft_edition)

    status, body = host_b.request(PAGE)
    assert status == 200 and HEADLINE in body
    image = re.search(r'src="(/media/pages/[^"]+\.png)"', body).group(1)
    assert host_b.request(image)[0] == 200  # page images come from the shared media


def test_withdrawing_through_one_server_hides_the_edition_on_the_other(draft_edition, servers):
    host_a, host_b = servers
    publish_through_admin(host_a, draft_edition)
    assert host_b.request(PAGE)[0] == 200
    token = host_a.csrf_token("/admin/editions/edition/")
    form = {"action": "bulk_withdraw", "_selected_action": [str(draft_edition.pk)],
            "csrfmiddlewaretoken": token}  # fmt: skip
    assert host_a.request("/admin/editions/edition/", form)[0] == 200
    assert host_b.request(PAGE)[0] == 404
