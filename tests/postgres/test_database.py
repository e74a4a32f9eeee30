"""The live PostgreSQL connection: UTF-8 enforced, pooled, no generic plans."""

from __future__ import annotations

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.utils import load_backend

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


@pytest.fixture
def ascii_database(django_db_blocker):
    """A second database in the test cluster, made with the wrong encoding."""
    name = "broadsheet_sql_ascii"
    params = connection.settings_dict
    dsn = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name} ENCODING 'SQL_ASCII' LOCALE 'C' TEMPLATE template0")
    with django_db_blocker.unblock():
        yield name
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_a_database_that_is_not_utf8_is_refused_before_any_query(ascii_database):
    settings_dict = {**connection.settings_dict, "NAME": ascii_database}
    settings_dict["OPTIONS"] = {k: v for k, v in settings_dict["OPTIONS"].items() if k != "pool"}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "archive")
    with pytest.raises(ImproperlyConfigured, match="uses encoding SQL_ASCII.*needs UTF8"):
        wrapper.ensure_connection()
    assert wrapper.connection is None  # closed: no later query slips through unchecked


@pytest.mark.django_db
def test_the_test_database_is_utf8_pooled_and_never_prepares():
    connection.ensure_connection()
    assert connection.connection.info.parameter_status("server_encoding") == "UTF8"
    assert connection.connection.prepare_threshold is None
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text", ["人民日报"])
        assert cursor.fetchone()[0] == "人民日报"
