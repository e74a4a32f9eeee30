"""The environment decides the databases: pool, prepared plans, replica, errors.

These tests read no database, so they run on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from broadsheet.core.db import POSTGRESQL, SQLITE, databases_from_env

SQLITE_URL = "sqlite:///archive.sqlite3"
PG_URL = "postgresql://epaper:secret@db1.example:5433/broadsheet"
REPLICA_URL = "postgresql://reader@db2.example/broadsheet"


def test_default_is_sqlite_in_wal_mode():
    databases = databases_from_env({}, default_url=SQLITE_URL)
    assert list(databases) == ["default"]
    assert databases["default"]["ENGINE"] == SQLITE
    assert "journal_mode=WAL" in databases["default"]["OPTIONS"]["init_command"]
    assert databases["default"]["CONN_MAX_AGE"] is None  # kept: opening one cost 1.1 ms a request


def test_database_url_switches_to_pooled_postgresql_without_generic_plans():
    default = databases_from_env({"DATABASE_URL": PG_URL}, default_url=SQLITE_URL)["default"]
    assert default["ENGINE"] == POSTGRESQL
    where = (default["HOST"], default["PORT"], default["NAME"])
    assert where == ("db1.example", 5433, "broadsheet")
    assert default["OPTIONS"]["prepare_threshold"] is None
    assert default["OPTIONS"]["pool"]["max_size"] == 4
    assert default["CONN_MAX_AGE"] == 0  # Django's pool refuses persistent connections
    assert default["CONN_HEALTH_CHECKS"] is True  # a failed-over primary is noticed


def test_pool_size_comes_from_the_environment():
    env = {"DATABASE_URL": PG_URL, "DATABASE_POOL_SIZE": "12"}
    assert databases_from_env(env, SQLITE_URL)["default"]["OPTIONS"]["pool"]["max_size"] == 12
    env["DATABASE_POOL_SIZE"] = "0"
    options = databases_from_env(env, SQLITE_URL)["default"]["OPTIONS"]
    assert "pool" not in options and options["prepare_threshold"] is None


def test_bad_pool_size_names_the_setting():
    env = {"DATABASE_URL": PG_URL, "DATABASE_POOL_SIZE": "lots"}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL_SIZE.*'lots'"):
        databases_from_env(env, SQLITE_URL)


def test_replica_is_a_second_alias_mirroring_default_in_tests():
    env = {"DATABASE_URL": PG_URL, "DATABASE_REPLICA_URL": REPLICA_URL}
    databases = databases_from_env(env, SQLITE_URL)
    assert databases["replica"]["HOST"] == "db2.example"
    assert databases["replica"]["TEST"] == {"MIRROR": "default"}
    assert databases["replica"]["OPTIONS"]["prepare_threshold"] is None


def test_replica_needs_postgresql():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL needs PostgreSQL"):
        databases_from_env({"DATABASE_REPLICA_URL": REPLICA_URL}, SQLITE_URL)


def test_unknown_scheme_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="cannot read database URL"):
        databases_from_env({"DATABASE_URL": "oracle2://x/y"}, SQLITE_URL)
