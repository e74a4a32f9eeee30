"""The replica router in a real app server: reader pages from the replica, admin from primary.

The "replica" here is a second database holding a different newspaper than the
primary, so every answer shows which database it came from.
"""

from __future__ import annotations

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tests.builders import write_bundle

from .servers import AppServer, app_environment, database_url, run_cli

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(180),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


@pytest.fixture
def replica_url(transactional_db):
    """A second, migrated database in the test cluster."""
    s = connection.settings_dict
    name = f"{s['NAME']}_replica"
    dsn = f"host={s['HOST']} port={s['PORT']} user={s['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    yield database_url().rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def server(tmp_path, replica_url):
    media = tmp_path / "media"
    bundles = tmp_path / "bundles"
    primary_env = app_environment(tmp_path / "ingest", media)
    replica_env = app_environment(tmp_path / "ingest", media, DATABASE_URL=replica_url)
    run_cli(replica_env, "migrate", "-v0")
    run_cli(primary_env, "ingest", "--publish", str(write_bundle(bundles)))
    wanbao = write_bundle(bundles, slug="wanbao", name="晚报")
    run_cli(replica_env, "ingest", "--publish", str(wanbao))
    env = app_environment(tmp_path / "app", media, DATABASE_REPLICA_URL=replica_url)
    app = AppServer(env).start()
    yield app
    app.stop()


def test_reader_pages_come_from_the_replica(server):
    status, body = server.request("/wanbao/2024-03-01/01/")
    assert status == 200 and "晚报" in body
    assert server.request("/chenbao/2024-03-01/01/")[0] == 404  # only on the primary


def test_the_admin_reads_and_writes_the_primary(server):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "s3cret-pw")
    server.admin_login("editor", "s3cret-pw")  # the user exists on the primary only
    status, body = server.request("/admin/editions/edition/")
    assert status == 200
    assert "晨报" in body and "晚报" not in body
